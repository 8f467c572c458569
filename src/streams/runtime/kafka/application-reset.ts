// The application reset tool (Kafka's kafka-streams-application-reset): with every instance stopped,
// moves the group's input offsets back (or forward), deletes the internal topics, and removes local
// state, so the application reprocesses its input from scratch.
import { Admin, Consumer } from '../../../client/index.js';
import type { ClientOptions } from '../../../client/index.js';
import { StateDirectory } from '../../../state/directory/index.js';
import { StreamsError } from '../../errors/streams-error.js';

export interface ApplicationResetOptions {
  client: ClientOptions;
  applicationId: string;
  /** input topics whose offsets are reset */
  inputTopics: string[];
  /** where to put the input offsets; default 'earliest' */
  to?: 'earliest' | 'latest';
  /** also remove `<state.dir>/<application.id>` on this machine */
  stateDir?: string;
  /** report what would be done, change nothing */
  dryRun?: boolean;
}

export interface ApplicationResetResult {
  resetOffsets: Array<{ topic: string; partition: number; offset: number }>;
  deletedTopics: string[];
  cleanedStateDir: string | null;
}

const GROUP_ID_NOT_FOUND = 69;

export function isInternalTopicOf(applicationId: string, topic: string): boolean {
  return topic.startsWith(`${applicationId}-`) && (topic.endsWith('-repartition') || topic.endsWith('-changelog'));
}

export async function resetApplication(options: ApplicationResetOptions): Promise<ApplicationResetResult> {
  const admin = new Admin(options.client);
  const groupId = options.applicationId;
  try {
    const [group] = await admin.describeGroups([groupId]);
    if (group !== undefined && group.members.length > 0) {
      throw new StreamsError(`application ${groupId} still has ${group.members.length} active member(s): stop every instance first`, { code: 'GROUP_NOT_EMPTY', retriable: true });
    }
    const topics = await admin.listTopics();
    const missing = options.inputTopics.filter((t) => !topics.includes(t));
    if (missing.length > 0) throw new StreamsError(`input topics not found: ${missing.join(', ')}`, { code: 'MISSING_SOURCE_TOPIC' });
    const internal = topics.filter((t) => isInternalTopicOf(options.applicationId, t)).sort();
    const partitions = options.inputTopics.length === 0 ? [] : (await admin.describeTopics(options.inputTopics)).flatMap((t) => t.partitions.map((p) => ({ topic: t.name, partition: p.partition })));
    const offsets = partitions.length === 0 ? [] : await admin.listOffsets(partitions.map((tp) => ({ ...tp, spec: options.to ?? 'earliest' })));
    const resetOffsets = offsets.map((o) => ({ topic: o.topic, partition: o.partition, offset: Number(o.offset) }));
    const result: ApplicationResetResult = { resetOffsets, deletedTopics: internal, cleanedStateDir: null };
    if (options.stateDir !== undefined) result.cleanedStateDir = new StateDirectory({ stateDir: options.stateDir, applicationId: options.applicationId }).applicationDir;
    if (options.dryRun) return result;

    // drop every committed offset (internal topics included), then commit the input positions
    try {
      await admin.deleteGroups([groupId]);
    } catch (e) {
      if ((e as { errorCode?: number }).errorCode !== GROUP_ID_NOT_FOUND) throw e;
    }
    if (resetOffsets.length > 0) {
      const consumer = new Consumer({ ...options.client, groupId });
      try {
        consumer.assign(resetOffsets.map(({ topic, partition }) => ({ topic, partition })));
        await consumer.commit(resetOffsets);
      } finally {
        await consumer.close();
      }
    }
    if (internal.length > 0) await admin.deleteTopics(internal);
    if (options.stateDir !== undefined) new StateDirectory({ stateDir: options.stateDir, applicationId: options.applicationId }).cleanUp();
    return result;
  } finally {
    await admin.close();
  }
}
