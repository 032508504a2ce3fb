import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { readAwarenessPayload, writeAwarenessPayload } from './awareness-payload.ts';
import { decodeMessage, encodeMessage, type Message } from './codec.ts';
import { FrameLimitError, MAX_SUBSCRIBE_DOCS } from './messages/subscribe.ts';

const bytes = fc.uint8Array({ maxLength: 64 });
const docId = fc.string({ maxLength: 40 });
const message: fc.Arbitrary<Message> = fc.oneof(
  fc.record({ type: fc.constant('hello' as const), cursor: fc.nat() }),
  fc.record({ type: fc.constant('manifest' as const), cursor: fc.nat(), docIds: fc.array(docId, { maxLength: 5 }) }),
  fc.record({ type: fc.constant('sync' as const), docId, ref: fc.nat(), payload: bytes }),
  fc.record({ type: fc.constant('ack' as const), docId, refs: fc.array(fc.nat(), { maxLength: 5 }) }),
  fc.record({
    type: fc.constant('error' as const),
    docId,
    ref: fc.nat(),
    code: fc.constantFrom('bad_frame' as const, 'rate_limited' as const, 'timeout' as const),
    message: fc.string(),
  }),
  fc.record({
    type: fc.constant('subscribe' as const),
    docs: fc.array(fc.record({ docId, stateVector: bytes }), { maxLength: 5 }),
  }),
  fc.record({ type: fc.constant('awareness' as const), docId, payload: bytes }),
  fc.record({ type: fc.constant('unsubscribed' as const), docIds: fc.array(docId, { maxLength: 5 }) }),
);

describe('the multiplexed protocol codec', () => {
  it('decodes what it encodes, for every message type', () => {
    fc.assert(
      fc.property(message, (m) => {
        expect(decodeMessage(encodeMessage(m))).toEqual(m);
      }),
      { seed: 42, numRuns: 2000 },
    );
  });

  it('throws (never loops or over-allocates) on arbitrary bytes', () => {
    fc.assert(
      fc.property(fc.uint8Array({ maxLength: 200 }), (frame) => {
        try {
          decodeMessage(frame);
        } catch (error) {
          expect(error).toBeInstanceOf(Error);
        }
      }),
      { seed: 7, numRuns: 5000 },
    );
  });

  it('caps the docs a subscribe frame names, as a limit rather than a malformed frame', () => {
    const frame = (count: number) =>
      encodeMessage({
        type: 'subscribe',
        docs: Array.from({ length: count }, (_, i) => ({ docId: `task/t${i}`, stateVector: new Uint8Array([0]) })),
      });
    expect(decodeMessage(frame(MAX_SUBSCRIBE_DOCS))).toMatchObject({ type: 'subscribe' });
    expect(() => decodeMessage(frame(MAX_SUBSCRIBE_DOCS + 1))).toThrow(FrameLimitError);
    expect(MAX_SUBSCRIBE_DOCS).toBeGreaterThanOrEqual(500); // the client sends 500 per frame
  });

  it('reads and writes awareness updates without an Awareness instance', () => {
    const entries = [{ clientId: 12, clock: 3, stateJson: '{"user":{"name":"An"}}' }];
    expect(readAwarenessPayload(writeAwarenessPayload(entries), 10)).toEqual(entries);
    expect(() => readAwarenessPayload(writeAwarenessPayload([...entries, ...entries]), 1)).toThrow('limit');
  });
});
