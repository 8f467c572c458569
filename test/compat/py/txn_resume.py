# A new incarnation of the transactional id: init_transactions aborts what the old one left open,
# then one more committed transaction ("after").
import sys
from confluent_kafka import Producer
bootstrap, topic, txid = sys.argv[1], sys.argv[2], sys.argv[3]
p = Producer({'bootstrap.servers': bootstrap, 'transactional.id': txid, 'transaction.timeout.ms': 60000})
p.init_transactions(15)
p.begin_transaction()
p.produce(topic, value=b'after')
p.commit_transaction(10)
print('OK', flush=True)
