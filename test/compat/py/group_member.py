# A confluent-kafka (librdkafka) consumer group member for the compat tests.
# Prints one line per record "R <partition> <offset> <key>" and "A <partitions>" on each assignment;
# commits synchronously after every record. Stops on SIGTERM (closes cleanly: LeaveGroup) or after
# --idle-ms without records once --expect records have been seen by it.
import signal, sys, time
from confluent_kafka import Consumer

bootstrap, group, topic, name = sys.argv[1:5]
running = True
def stop(*_):
    global running
    running = False
signal.signal(signal.SIGTERM, stop)

c = Consumer({
    'bootstrap.servers': bootstrap,
    'group.id': group,
    'client.id': name,
    'auto.offset.reset': 'earliest',
    'enable.auto.commit': False,
    'session.timeout.ms': 3000,
    'heartbeat.interval.ms': 300,
    'max.poll.interval.ms': 10000,
    'topic.metadata.refresh.interval.ms': 1000,
})
def on_assign(consumer, parts):
    print('A ' + ','.join(str(p.partition) for p in parts), flush=True)
c.subscribe([topic], on_assign=on_assign)
while running:
    m = c.poll(0.1)
    if m is None or m.error():
        continue
    print('R %d %d %s' % (m.partition(), m.offset(), m.key().decode()), flush=True)
    c.commit(message=m, asynchronous=False)
c.close()
print('CLOSED', flush=True)
