# kafka-python 2.0.2 group consumer: consumes until `expect` records seen by this member or timeout,
# commits synchronously, prints "R <partition> <offset> <value>" lines, then closes (LeaveGroup).
import sys, time
from kafka import KafkaConsumer
bootstrap, group, topic, expect, seconds = sys.argv[1], sys.argv[2], sys.argv[3], int(sys.argv[4]), float(sys.argv[5])
c = KafkaConsumer(topic, bootstrap_servers=bootstrap, group_id=group, auto_offset_reset='earliest',
                  enable_auto_commit=False, session_timeout_ms=6000, heartbeat_interval_ms=500,
                  api_version_auto_timeout_ms=5000)
seen = 0
deadline = time.time() + seconds
snapshot = None
while time.time() < deadline and seen < expect:
    # The assignment while both members are surely still in (the other may leave first at the end).
    if snapshot is None and time.time() > deadline - 2.5:
        snapshot = sorted(str(tp.partition) for tp in c.assignment())
    batch = c.poll(timeout_ms=200)
    for tp, msgs in batch.items():
        for m in msgs:
            print('R %d %d %s' % (m.partition, m.offset, m.value.decode()), flush=True)
            seen += 1
    if batch:
        c.commit()
print('ASSIGNED ' + ','.join(snapshot if snapshot is not None else sorted(str(tp.partition) for tp in c.assignment())), flush=True)
c.close()
