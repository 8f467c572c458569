export { AssignmentError } from './errors.js';
export { taskKey, parseTaskKey, compareTaskKeys, sortedTasks, type TaskKey } from './task-ids.js';
export { encodeSubscriptionInfo, decodeSubscriptionInfo, LATEST_OFFSET, SUBSCRIPTION_INFO_VERSION, type SubscriptionInfo } from './subscription-info.js';
export {
  encodeAssignmentInfo,
  decodeAssignmentInfo,
  ASSIGNMENT_INFO_VERSION,
  NO_FOLLOWUP_REBALANCE,
  type AssignmentInfo,
  type TopicPartitionRef,
} from './assignment-info.js';
export type { TopologyMetadata, SubtopologyTopics } from './topology-metadata.js';
export { computeRepartitionPartitionCounts } from './repartition-topics.js';
export { planTasks, partitionKey, type TaskPlan, type TaskInfo, type InternalTopicSpec } from './task-plan.js';
export { computeTaskLags } from './task-lags.js';
export { assignTasks, type ClientState, type AssignorConfig, type ClientAssignment, type TaskAssignment } from './high-availability-assignor.js';
export { assignGroup, SHUTDOWN_REQUESTED, type StreamsMember, type GroupAssignment, type GroupAssignmentConfig, type MemberAssignment } from './group-assignment.js';
