import { decodeMessage, readSyncPayload } from '@thongsuot/shared';
import { plainFrame } from '../../sync-server/src/testing/plain-frame.ts';

export type FrameLog = { sent: boolean; payload: string | Buffer }[];

/**
 * Round trips of a reconnect, from the frames in the order the browser saw them. The client
 * waits on the server at only two points: after hello + the outbox (for the manifest and the
 * acks), and after its step-1 batch (for the missing parts). A step-1 sent after a step-2 reply
 * arrived would be a further round trip, so each such batch is counted.
 */
export function roundTrips(log: FrameLog) {
  let step1Batches = 0;
  let inBatch = false;
  let sentFrames = 0;
  let receivedFrames = 0;
  let ackFrames = 0;
  let acked = 0;
  let bytes = 0;
  for (const frame of log) {
    if (typeof frame.payload === 'string') continue;
    bytes += frame.payload.length;
    const message = decodeMessage(plainFrame(new Uint8Array(frame.payload)));
    if (frame.sent) sentFrames += 1;
    else receivedFrames += 1;
    if (message.type === 'ack') {
      ackFrames += 1;
      acked += message.refs.length;
    }
    if (message.type !== 'sync') continue;
    const kind = readSyncPayload(message.payload).kind;
    if (frame.sent && kind === 'step1' && !inBatch) {
      step1Batches += 1;
      inBatch = true;
    }
    if (!frame.sent && kind === 'step2') inBatch = false;
  }
  return { roundTrips: 1 + step1Batches, sentFrames, receivedFrames, ackFrames, acked, bytes };
}
