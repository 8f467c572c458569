# Prints the group's committed offset of each partition: "<partition> <offset>".
import sys
from confluent_kafka import Consumer, TopicPartition
bootstrap, group, topic, parts = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4])
c = Consumer({'bootstrap.servers': bootstrap, 'group.id': group})
for tp in c.committed([TopicPartition(topic, p) for p in range(parts)], timeout=10):
    print('%d %d' % (tp.partition, tp.offset), flush=True)
c.close()
