import { isPackedFrame, PACKED_PARAM } from '@thongsuot/shared';

/** The sync socket's address, asking for packed frames where this platform can unpack them. */
export function withPacking(url: string): string {
  if (typeof DecompressionStream !== 'function') return url;
  return `${url}${url.includes('?') ? '&' : '?'}${PACKED_PARAM}=1`;
}

/**
 * A frame from the relay as the app reads it: a packed frame (shared/src/protocol/packed-frame.ts)
 * decompressed by the platform's `DecompressionStream`, any other as it is.
 */
export async function unpackFrame(frame: Uint8Array): Promise<Uint8Array> {
  if (!isPackedFrame(frame)) return frame;
  const body = new Blob([frame.subarray(1) as Uint8Array<ArrayBuffer>]).stream();
  return new Uint8Array(await new Response(body.pipeThrough(new DecompressionStream('deflate'))).arrayBuffer());
}

/**
 * Takes up a socket's frames in the order they came: a packed frame (a doc's state, a manifest)
 * is decompressed first and the frames after it wait; without one pending, a frame is handed on
 * at once. `receive` is started for each frame in order; it is not awaited.
 */
export function inOrder(receive: (frame: Uint8Array) => void): (frame: Uint8Array) => void {
  let unpacking = 0;
  let unpacked: Promise<void> = Promise.resolve();
  return (frame) => {
    if (unpacking === 0 && !isPackedFrame(frame)) {
      receive(frame);
      return;
    }
    unpacking++;
    unpacked = unpacked
      .then(() => unpackFrame(frame))
      .then(receive)
      // A frame that cannot be read is the relay's fault; the frames after it still go on.
      .catch((error: unknown) => console.error('a packed frame could not be read', error))
      .finally(() => {
        unpacking--;
      });
  };
}
