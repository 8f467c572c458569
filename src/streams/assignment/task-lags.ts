// Lag of a client's local state per stateful task: how many changelog records it would have to restore.
import { LATEST_OFFSET } from './subscription-info.js';
import type { TaskKey } from './task-ids.js';

/**
 * `offsetSums`: what the client reported (sum of checkpointed changelog offsets per task, LATEST_OFFSET for
 * a task it runs as active now). `endOffsetSums`: sum of the changelog end offsets per stateful task.
 * Every stateful task gets a lag: a client without state for it lags by the whole changelog.
 */
export function computeTaskLags(
  offsetSums: ReadonlyMap<TaskKey, number>,
  endOffsetSums: ReadonlyMap<TaskKey, number>,
): Map<TaskKey, number> {
  const lags = new Map<TaskKey, number>();
  for (const [task, end] of endOffsetSums) {
    const sum = offsetSums.get(task);
    if (sum === LATEST_OFFSET) lags.set(task, 0);
    else if (sum === undefined || sum < 0 || sum > end) lags.set(task, end); // none, unknown, or changelog truncated
    else lags.set(task, end - sum);
  }
  return lags;
}
