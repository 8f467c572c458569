# Commits one transaction ("committed-0..2"), then leaves a second one open ("open-0..2") and waits
# to be killed: the broker must keep that open transaction across a restart.
import sys, time
from confluent_kafka import Producer
bootstrap, topic, txid = sys.argv[1], sys.argv[2], sys.argv[3]
p = Producer({'bootstrap.servers': bootstrap, 'transactional.id': txid, 'transaction.timeout.ms': 60000})
p.init_transactions(10)
p.begin_transaction()
for i in range(3):
    p.produce(topic, value=('committed-%d' % i).encode())
p.commit_transaction(10)
p.begin_transaction()
for i in range(3):
    p.produce(topic, value=('open-%d' % i).encode())
p.flush(10)
print('OPEN', flush=True)
time.sleep(600)
