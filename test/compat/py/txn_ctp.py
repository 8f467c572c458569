# Consume-transform-produce with transactions (confluent-kafka): reads `in` as group `group`,
# writes upper-cased values to `out` in transactions that also commit the input offsets
# (send_offsets_to_transaction with the consumer's group metadata). Stops after `total` input
# records. Then runs one transaction that is aborted (5 records "aborted-<i>").
import sys
from confluent_kafka import Consumer, Producer, TopicPartition
bootstrap, group, src, dst, total, txid = sys.argv[1], sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]), sys.argv[6]
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': group, 'auto.offset.reset': 'earliest',
              'enable.auto.commit': False, 'isolation.level': 'read_committed',
              'session.timeout.ms': 6000, 'heartbeat.interval.ms': 500})
p = Producer({'bootstrap.servers': bootstrap, 'transactional.id': txid, 'transaction.timeout.ms': 30000, 'linger.ms': 5})
p.init_transactions(10)
c.subscribe([src])
done = 0
txns = 0
while done < total:
    msgs = c.consume(num_messages=25, timeout=1.0)
    msgs = [m for m in msgs if not m.error()]
    if not msgs:
        continue
    p.begin_transaction()
    for m in msgs:
        p.produce(dst, key=m.key(), value=m.value().upper())
    p.send_offsets_to_transaction(c.position(c.assignment()), c.consumer_group_metadata(), 10)
    p.commit_transaction(10)
    txns += 1
    done += len(msgs)
print('COMMITTED %d %d' % (done, txns), flush=True)
p.begin_transaction()
for i in range(5):
    p.produce(dst, key=b'x', value=('aborted-%d' % i).encode())
p.flush(10)
p.abort_transaction(10)
print('ABORTED', flush=True)
c.close()
