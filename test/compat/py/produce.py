# Produces N keyed records "k<start>".."k<start+n-1>" to a topic with confluent-kafka, idempotent, acks=all.
import sys
from confluent_kafka import Producer
bootstrap, topic, start, n = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4])
p = Producer({'bootstrap.servers': bootstrap, 'enable.idempotence': True, 'acks': 'all', 'linger.ms': 5})
for i in range(start, start + n):
    p.produce(topic, key=('k%d' % i).encode(), value=('v%d' % i).encode())
    p.poll(0)
left = p.flush(10)
print('OK' if left == 0 else 'LEFT %d' % left, flush=True)
