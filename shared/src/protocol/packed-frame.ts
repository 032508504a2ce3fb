import { MessageType } from './message-type.ts';

/**
 * Frames of this size and more go from the relay packed: the type byte `MessageType.Packed`, then
 * the whole frame compressed in zlib's format. A first sync's doc states and a manifest are most
 * of a new device's bytes; live edits, acks and receipts are smaller and go as they are.
 *
 * The relay compresses itself instead of taking WebSocket `permessage-deflate`: with that
 * extension a browser compresses every frame it sends, and the relay paid about 180 µs of CPU to
 * inflate each write (docs/benchmarks.md "What a browser's frame costs the relay"). The app unpacks
 * with `DecompressionStream` (client/src/sync/unpack-frame.ts), Node tools with zlib.
 */
export const PACK_MIN_BYTES = 1024;

/**
 * The sync socket's query parameter by which a device says it can unpack (`packed=1`). A browser
 * without `DecompressionStream` (Safari before 16.4) leaves it out and gets every frame as it is.
 */
export const PACKED_PARAM = 'packed';

export function isPackedFrame(frame: Uint8Array): boolean {
  return frame.byteLength > 0 && frame[0] === MessageType.Packed;
}
