import { deflateSync } from 'node:zlib';
import { MessageType } from '@thongsuot/shared';
import { expect, it } from 'vitest';
import { inOrder, unpackFrame, withPacking } from './unpack-frame.ts';

/** A frame as the relay packs it (sync-server/src/sync/corked-sender.ts). */
function packed(frame: Uint8Array): Uint8Array {
  const body = deflateSync(frame);
  const out = new Uint8Array(body.byteLength + 1);
  out[0] = MessageType.Packed;
  out.set(body, 1);
  return out;
}

const frame = (n: number, size: number) => new Uint8Array(size).map((_, i) => (n * 31 + (i % 7)) % 200);

it('unpacks a packed frame to the bytes the relay packed, and leaves any other as it is', async () => {
  const big = frame(1, 50_000);
  const wire = packed(big);
  expect(wire.byteLength).toBeLessThan(big.byteLength / 10);
  expect(await unpackFrame(wire)).toEqual(big);
  const small = frame(2, 40);
  expect(await unpackFrame(small)).toBe(small);
});

it('hands frames on in the order they came, packed ones decompressed first, plain ones at once when none is pending', async () => {
  const got: Uint8Array[] = [];
  const take = inOrder((f) => got.push(f));
  const first = frame(3, 30);
  take(first);
  // Nothing pending: handed on in the same turn.
  expect(got).toEqual([first]);
  const sent = [packed(frame(4, 20_000)), frame(5, 30), packed(frame(6, 5_000)), frame(7, 30)];
  for (const f of sent) take(f);
  // The plain frames behind a packed one wait for it.
  expect(got).toHaveLength(1);
  await expect.poll(() => got.length).toBe(5);
  expect(got).toEqual([first, frame(4, 20_000), frame(5, 30), frame(6, 5_000), frame(7, 30)]);
  // Once all are through, a plain frame goes at once again.
  const last = frame(8, 30);
  take(last);
  expect(got.at(-1)).toBe(last);
});

it('goes on after a packed frame that cannot be read', async () => {
  const got: Uint8Array[] = [];
  const take = inOrder((f) => got.push(f));
  const broken = new Uint8Array([MessageType.Packed, 1, 2, 3, 4]);
  const after = frame(9, 30);
  const errors: unknown[] = [];
  const log = console.error;
  console.error = (...args: unknown[]) => errors.push(args);
  try {
    take(broken);
    take(after);
    await expect.poll(() => got.length).toBe(1);
  } finally {
    console.error = log;
  }
  expect(got).toEqual([after]);
  expect(errors).toHaveLength(1);
});

it('asks the relay for packed frames only where the platform can unpack them', () => {
  expect(withPacking('wss://thongsuot.example/sync')).toBe('wss://thongsuot.example/sync?packed=1');
  expect(withPacking('ws://127.0.0.1:8080/sync?x=1')).toBe('ws://127.0.0.1:8080/sync?x=1&packed=1');
  // Safari before 16.4: no DecompressionStream, so every frame comes as it is.
  const real = globalThis.DecompressionStream;
  Reflect.deleteProperty(globalThis, 'DecompressionStream');
  try {
    expect(withPacking('wss://thongsuot.example/sync')).toBe('wss://thongsuot.example/sync');
  } finally {
    globalThis.DecompressionStream = real;
  }
});
