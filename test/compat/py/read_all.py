# Reads a topic from the beginning with the given isolation level (no group) until `expect` records
# or a quiet period; prints each value.
import sys, time
from confluent_kafka import Consumer, TopicPartition
bootstrap, topic, parts, isolation = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': 'reader-' + isolation, 'isolation.level': isolation,
              'enable.auto.commit': False, 'enable.partition.eof': True})
c.assign([TopicPartition(topic, p, 0) for p in range(parts)])
eof = set()
deadline = time.time() + 20
while len(eof) < parts and time.time() < deadline:
    m = c.poll(0.2)
    if m is None:
        continue
    if m.error():
        if m.error().code() == -191:  # _PARTITION_EOF
            eof.add(m.partition())
        continue
    eof.discard(m.partition())
    print(m.value().decode(), flush=True)
c.close()
