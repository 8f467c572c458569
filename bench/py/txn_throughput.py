# Produces `n` records of `size` bytes with confluent-kafka, either plain (idempotent) or inside
# transactions committed every `commit_ms`; prints "<seconds> <transactions>".
import sys, time
from confluent_kafka import Producer
bootstrap, topic, n, size, mode, commit_ms = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5], int(sys.argv[6])
conf = {'bootstrap.servers': bootstrap, 'linger.ms': 5, 'enable.idempotence': True, 'queue.buffering.max.messages': 1000000}
if mode == 'txn':
    conf.update({'transactional.id': 'bench-' + topic, 'transaction.timeout.ms': 60000})
p = Producer(conf)
payload = b'x' * size
txns = 0
# Warm-up (metadata, topic creation, partitions added) outside the timed part.
if mode == 'txn':
    p.init_transactions(10)
    p.begin_transaction()
    p.produce(topic, value=payload)
    p.commit_transaction(30)
else:
    p.produce(topic, value=payload)
    p.flush(30)
start = time.time()
if mode == 'txn':
    p.begin_transaction()
last = time.time()
for i in range(n):
    while True:
        try:
            p.produce(topic, value=payload)
            break
        except BufferError:
            p.poll(0.01)
    p.poll(0)
    if mode == 'txn' and (time.time() - last) * 1000 >= commit_ms:
        p.commit_transaction(30)
        txns += 1
        p.begin_transaction()
        last = time.time()
if mode == 'txn':
    p.commit_transaction(30)
    txns += 1
else:
    p.flush(30)
print('%f %d' % (time.time() - start, txns), flush=True)
