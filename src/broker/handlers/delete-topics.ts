// DeleteTopics (key 20), versions 0-6: by name, or (v6) by name or topic id.
import { deleteTopicsApi } from '../../protocol/messages/delete-topics.js';
import type { DeleteTopicsRequest, DeleteTopicsResponse, DeletableTopicResult } from '../../protocol/messages/delete-topics.js';
import { ZERO_UUID } from '../../protocol/index.js';
import { ErrorCode } from '../../protocol/errors/index.js';
import { registerHandler } from './handler.js';

registerHandler<DeleteTopicsRequest, DeleteTopicsResponse>({
  api: deleteTopicsApi,
  minVersion: 0,
  maxVersion: 6,
  handle(request, ctx) {
    const { state, apiVersion } = ctx;
    const wanted = apiVersion >= 6 ? (request.topics ?? []) : (request.topicNames ?? []).map((name) => ({ name, topicId: ZERO_UUID }));
    const responses = wanted.map((w): DeletableTopicResult => {
      const topic = w.name !== null && w.name !== undefined && w.name !== '' ? state.topics.get(w.name) : state.topics.getById(w.topicId);
      if (!topic) {
        const byId = (w.name === null || w.name === '') && apiVersion >= 6;
        return { name: w.name, topicId: w.topicId, errorCode: byId ? ErrorCode.UNKNOWN_TOPIC_ID : ErrorCode.UNKNOWN_TOPIC_OR_PARTITION, errorMessage: null };
      }
      state.topics.delete(topic);
      state.log(`deleted topic ${topic.name}`);
      return { name: topic.name, topicId: topic.id, errorCode: ErrorCode.NONE, errorMessage: null };
    });
    return { throttleTimeMs: 0, responses };
  },
});
