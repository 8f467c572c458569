import type { ProcessingContext } from '../../../processor/processor-context.js';

/**
 * Records that an operator skips (null key, null value where not allowed), counted per application
 * and task as Kafka Streams' `dropped-records` metric counts them, with the reason.
 */
const counts = new Map<string, { total: number; reasons: Map<string, number> }>();

function keyOf(context: ProcessingContext): string {
  return `${context.applicationId}/${context.taskId.toString()}`;
}

export function dropRecord(context: ProcessingContext, reason: string): void {
  const key = keyOf(context);
  let entry = counts.get(key);
  if (!entry) {
    entry = { total: 0, reasons: new Map() };
    counts.set(key, entry);
  }
  entry.total++;
  entry.reasons.set(reason, (entry.reasons.get(reason) ?? 0) + 1);
}

/** how many records the task of this context dropped so far, and why */
export function droppedRecords(applicationId: string, taskId: string): { total: number; reasons: ReadonlyMap<string, number> } {
  return counts.get(`${applicationId}/${taskId}`) ?? { total: 0, reasons: new Map() };
}

/** forgets the counts of an application (a test driver calls this when it starts) */
export function resetDroppedRecords(applicationId: string): void {
  for (const key of counts.keys()) if (key.startsWith(`${applicationId}/`)) counts.delete(key);
}
