import { describe, expect, it } from 'vitest';
import type { DocEvent, FanOut } from './fan-out.ts';

export interface FanOutHarness {
  /** Two handles on the same bus, as two relay nodes would have. */
  readonly nodes: readonly [FanOut, FanOut];
  /** Resolves once everything published so far has been delivered (a no-op in-process). */
  settle(): Promise<void>;
  dispose(): Promise<void>;
}

function update(docId: string, seq: number): DocEvent {
  return {
    kind: 'update',
    docId,
    seq,
    update: new Uint8Array([seq]),
    fullState: null,
    readersBefore: ['user:a'],
    readersAfter: ['user:a'],
    originId: null,
  };
}

/** The contract every FanOut passes: in-process now, Redis later (docs/design.md §8). */
export function describeFanOutContract(name: string, open: () => Promise<FanOutHarness>): void {
  describe(`FanOut contract: ${name}`, () => {
    it('delivers every event to every subscriber on every node, in publish order per doc', async () => {
      const h = await open();
      const [a, b] = h.nodes;
      const seenA: DocEvent[] = [];
      const seenB: DocEvent[] = [];
      a.subscribe((e) => seenA.push(e));
      b.subscribe((e) => seenB.push(e));
      for (let seq = 1; seq <= 50; seq++) (seq % 2 ? a : b).publish(update('conv/x', seq));
      await h.settle();
      const seqs = (events: DocEvent[]) => events.map((e) => (e.kind === 'update' ? e.seq : -1));
      expect(seqs(seenA)).toEqual(Array.from({ length: 50 }, (_, i) => i + 1));
      expect(seqs(seenB)).toEqual(seqs(seenA));
      await h.dispose();
    });

    it('stops delivering to a listener that unsubscribed, and carries awareness unchanged', async () => {
      const h = await open();
      const [a] = h.nodes;
      const seen: DocEvent[] = [];
      const stop = a.subscribe((e) => seen.push(e));
      const presence: DocEvent = {
        kind: 'awareness',
        docId: 'conv/x',
        payload: new Uint8Array([1, 2]),
        originId: 'c1',
      };
      a.publish(presence);
      await h.settle();
      stop();
      a.publish(update('conv/x', 2));
      await h.settle();
      expect(seen).toEqual([presence]);
      await h.dispose();
    });
  });
}
