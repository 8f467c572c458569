// CreatePartitions (key 37), versions 0-3: raise a topic's partition count (never lower it).
import { createPartitionsApi } from '../../protocol/messages/create-partitions.js';
import type { CreatePartitionsRequest, CreatePartitionsResponse } from '../../protocol/messages/create-partitions.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<CreatePartitionsRequest, CreatePartitionsResponse>({
  api: createPartitionsApi,
  minVersion: 0,
  maxVersion: 3,
  handle(request, ctx) {
    const { state } = ctx;
    const results = request.topics.map((t) => {
      const fail = (errorCode: number, errorMessage: string) => ({ name: t.name, errorCode, errorMessage });
      const topic = state.topics.get(t.name);
      if (!topic) return fail(ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, `topic ${t.name} does not exist`);
      const current = topic.partitions.length;
      if (t.count <= current) return fail(ErrorCode.INVALID_PARTITIONS, `topic ${t.name} has ${current} partitions; the new count must be larger, got ${t.count}`);
      if (t.assignments !== null) {
        const node = state.settings.nodeId;
        if (t.assignments.length !== t.count - current || !t.assignments.every((a) => a.brokerIds.length === 1 && a.brokerIds[0] === node)) {
          return fail(ErrorCode.INVALID_REPLICA_ASSIGNMENT, `this broker is node ${node}, the only one`);
        }
      }
      if (!request.validateOnly) {
        state.topics.addPartitions(topic, t.count);
        state.log(`topic ${t.name} now has ${t.count} partitions`);
      }
      return { name: t.name, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return { throttleTimeMs: 0, results };
  },
});
