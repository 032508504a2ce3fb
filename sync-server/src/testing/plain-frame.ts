import { inflateSync } from 'node:zlib';
import { isPackedFrame } from '@thongsuot/shared';

/**
 * A frame from the relay as Node tools and tests read it: a packed frame
 * (shared/src/protocol/packed-frame.ts) decompressed at once, any other as it is. Synchronous,
 * so frames are read in the order they came; the app uses `unpackFrame`.
 */
export function plainFrame(frame: Uint8Array): Uint8Array {
  return isPackedFrame(frame) ? new Uint8Array(inflateSync(frame.subarray(1))) : frame;
}
