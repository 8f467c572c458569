# Fencing: a second producer with the same transactional.id fences the first, whose commit fails.
import sys
from confluent_kafka import Producer, KafkaException
bootstrap, topic, txid = sys.argv[1], sys.argv[2], sys.argv[3]
conf = {'bootstrap.servers': bootstrap, 'transactional.id': txid, 'transaction.timeout.ms': 30000}
p1 = Producer(dict(conf, **{'client.id': 'first'}))
p1.init_transactions(10)
p1.begin_transaction()
p1.produce(topic, value=b'zombie')
p1.flush(10)
p2 = Producer(dict(conf, **{'client.id': 'second'}))
p2.init_transactions(10)
try:
    p1.produce(topic, value=b'zombie-2')
    p1.commit_transaction(10)
    print('FIRST COMMITTED', flush=True)
except KafkaException as e:
    err = e.args[0]
    print('FIRST FAILED fatal=%s fenced=%s %s' % (err.fatal(), 'FENCED' in err.name() or 'fenced' in err.str().lower(), err.name()), flush=True)
p2.begin_transaction()
p2.produce(topic, value=b'second')
p2.commit_transaction(10)
print('SECOND COMMITTED', flush=True)
