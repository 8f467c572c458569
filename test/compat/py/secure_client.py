# Connects with the given security settings, produces one record and reads it back.
# Prints "OK" or "AUTHFAIL <reason>" / "FAIL <reason>".
import sys, time
from confluent_kafka import Producer, Consumer, KafkaError, KafkaException, TopicPartition
bootstrap, protocol, mechanism, user, password, ca, topic = sys.argv[1:8]
wait = float(sys.argv[8]) if len(sys.argv) > 8 else 8
conf = {'bootstrap.servers': bootstrap, 'security.protocol': protocol}
if protocol.startswith('SASL'):
    conf.update({'sasl.mechanism': mechanism, 'sasl.username': user, 'sasl.password': password})
if protocol.endswith('SSL'):
    conf.update({'ssl.ca.location': ca})
errors = []
def on_error(err):
    errors.append(err)
try:
    p = Producer(dict(conf, error_cb=on_error))
    p.list_topics(timeout=wait)
    p.produce(topic, value=b'secret')
    if p.flush(8) != 0:
        raise Exception('not delivered')
    c = Consumer(dict(conf, **{'group.id': 'sec-' + topic, 'error_cb': on_error}))
    c.assign([TopicPartition(topic, 0, 0)])
    deadline = time.time() + 8
    got = None
    while got is None and time.time() < deadline:
        m = c.poll(0.2)
        if m is not None and not m.error():
            got = m.value()
    c.close()
    print('OK' if got == b'secret' else 'FAIL nothing read', flush=True)
except Exception as e:
    try:
        p.poll(1)
    except Exception:
        pass
    auth = [x for x in errors if x.code() == KafkaError._AUTHENTICATION]
    if auth:
        print('AUTHFAIL ' + auth[0].str(), flush=True)
    else:
        print('FAIL %s %s' % (e, [x.str() for x in errors][:3]), flush=True)
