// Task ids inside the assignor are Kafka Streams' printed form, `<subtopology>_<partition>`: cheap map keys
// that sort and print the way Kafka's logs do.

export type TaskKey = string;

export function taskKey(subtopology: number, partition: number): TaskKey {
  return `${subtopology}_${partition}`;
}

export function parseTaskKey(key: TaskKey): { subtopology: number; partition: number } {
  const sep = key.lastIndexOf('_');
  const subtopology = Number(key.slice(0, sep));
  const partition = Number(key.slice(sep + 1));
  if (sep <= 0 || !Number.isInteger(subtopology) || !Number.isInteger(partition)) throw new Error(`not a task id: ${key}`);
  return { subtopology, partition };
}

/** Orders task ids by sub-topology, then partition (numerically, so 0_10 follows 0_9). */
export function compareTaskKeys(a: TaskKey, b: TaskKey): number {
  const x = parseTaskKey(a);
  const y = parseTaskKey(b);
  return x.subtopology - y.subtopology || x.partition - y.partition;
}

export function sortedTasks(tasks: Iterable<TaskKey>): TaskKey[] {
  return [...tasks].sort(compareTaskKeys);
}
