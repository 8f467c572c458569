// Reads the topic list out of a "consumer" protocol subscription (ConsumerProtocolSubscription:
// int16 version, then an array of int16-length strings). Only OffsetDelete needs it, to answer
// GROUP_SUBSCRIBED_TO_TOPIC; anything unreadable counts as "no topics".
export function subscribedTopics(metadata: Uint8Array): string[] {
  const view = new DataView(metadata.buffer, metadata.byteOffset, metadata.byteLength);
  const topics: string[] = [];
  try {
    let pos = 2; // version
    const count = view.getInt32(pos);
    pos += 4;
    const decoder = new TextDecoder();
    for (let i = 0; i < count; i++) {
      const len = view.getInt16(pos);
      pos += 2;
      if (len < 0 || pos + len > metadata.byteLength) return topics;
      topics.push(decoder.decode(metadata.subarray(pos, pos + len)));
      pos += len;
    }
  } catch {
    return topics;
  }
  return topics;
}
