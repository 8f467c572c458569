// `kstreams demo`: starts the broker in-process, produces a few records and reads them back, using
// nothing but the generated protocol codecs over one TCP connection (no client library needed yet).
import { connect } from 'node:net';
import type { Socket } from 'node:net';
import { startBroker } from '../broker/index.js';
import { FrameDecoder, decodeResponseFrame, encodeRequestFrame } from '../protocol/index.js';
import type { ApiDefinition } from '../protocol/index.js';
import { createTopicsApi } from '../protocol/messages/create-topics.js';
import { produceApi } from '../protocol/messages/produce.js';
import { fetchApi } from '../protocol/messages/fetch.js';
import { RecordBatch, encodeRecordBatch } from '../protocol/records/index.js';
import type { Command } from './command.js';

/** One request at a time over one socket: enough for a demo. */
class DemoConnection {
  private readonly decoder = new FrameDecoder();
  private waiting: ((frame: Buffer) => void) | undefined;
  private correlationId = 0;

  private constructor(private readonly socket: Socket) {
    socket.on('data', (chunk) => {
      for (const frame of this.decoder.push(chunk)) this.waiting?.(frame);
    });
  }

  static open(host: string, port: number): Promise<DemoConnection> {
    return new Promise((resolve, reject) => {
      const socket = connect(port, host, () => resolve(new DemoConnection(socket)));
      socket.once('error', reject);
    });
  }

  send<Req, Res>(api: ApiDefinition<Req, Res>, version: number, data: Req): Promise<Res> {
    const correlationId = ++this.correlationId;
    return new Promise((resolve) => {
      this.waiting = (frame) => resolve(decodeResponseFrame(frame, api, version).body);
      this.socket.write(encodeRequestFrame({ api, version, correlationId, clientId: 'kstreams-demo', data }));
    });
  }

  close(): void {
    this.socket.end();
  }
}

export const command: Command = {
  name: 'demo',
  summary: 'start a broker, produce a few records and consume them back',
  async run() {
    const broker = await startBroker({ port: 0 });
    console.log(`broker listening on ${broker.address} (in memory)`);
    const conn = await DemoConnection.open(broker.host, broker.port);
    try {
      const topic = 'greetings';
      await conn.send(createTopicsApi, 7, {
        topics: [{ name: topic, numPartitions: 1, replicationFactor: 1, assignments: [], configs: [] }],
        timeoutMs: 5000,
        validateOnly: false,
      });
      const words = ['hello', 'bonjour', 'hola', 'ciao', 'hallo'];
      const batch = encodeRecordBatch({
        records: words.map((w, i) => ({ key: Buffer.from(`k${i}`), value: Buffer.from(`${w}, world`), headers: [{ key: 'lang', value: Buffer.from(String(i)) }], timestamp: Date.now() })),
      });
      const produced = await conn.send(produceApi, 11, {
        transactionalId: null,
        acks: -1,
        timeoutMs: 5000,
        topicData: [{ name: topic, partitionData: [{ index: 0, records: batch }] }],
      });
      const p = produced.responses[0]!.partitionResponses[0]!;
      console.log(`produced ${words.length} records to ${topic}-0 at base offset ${p.baseOffset} (error code ${p.errorCode})`);
      const fetched = await conn.send(fetchApi, 11, {
        maxWaitMs: 500,
        minBytes: 1,
        maxBytes: 1 << 20,
        isolationLevel: 0,
        sessionId: 0,
        sessionEpoch: -1,
        topics: [{ topic, partitions: [{ partition: 0, fetchOffset: 0n, partitionMaxBytes: 1 << 20 }] }],
        forgottenTopicsData: [],
        rackId: '',
      });
      const records = fetched.responses[0]!.partitions[0]!.records;
      console.log(`consumed from ${topic}-0:`);
      for (let pos = 0; records && pos < records.length; ) {
        const size = records.readInt32BE(pos + 8) + 12;
        const b = new RecordBatch(records.subarray(pos, pos + size));
        for (const r of b.toRecords()) {
          console.log(`  offset ${r.offset}  key=${r.key?.toString() ?? 'null'}  value=${r.value?.toString() ?? 'null'}  headers=${r.headers.map((h) => `${h.key}=${h.value?.toString() ?? 'null'}`).join(',')}`);
        }
        pos += size;
      }
    } finally {
      conn.close();
      await broker.close();
    }
    return 0;
  },
};
