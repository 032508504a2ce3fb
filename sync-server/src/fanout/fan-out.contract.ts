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
    // Now and then the whole doc (new readers) and an access-only change, to cross the wire too.
    fullState: seq % 10 === 0 ? new Uint8Array([seq, 0, 255]) : null,
    ...(seq % 7 === 0 ? { accessOnly: true, publishedAt: 1_764_547_200_000 + seq } : {}),
    readersBefore: ['user:a'],
    readersAfter: ['user:a'],
    originId: null,
  };
}

/** The contract every FanOut passes: in-process and Redis (docs/design.md §8, docs/scale-out.md). */
export function describeFanOutContract(name: string, open: () => Promise<FanOutHarness>): void {
  describe(`FanOut contract: ${name}`, () => {
    it("delivers every event to every subscriber on every node, each node's in its publish order", async () => {
      const h = await open();
      const [a, b] = h.nodes;
      const seenA: DocEvent[] = [];
      const seenB: DocEvent[] = [];
      a.subscribe((e) => seenA.push(e));
      b.subscribe((e) => seenB.push(e));
      // Both nodes publish updates of the same doc. What one node publishes arrives in its order;
      // between nodes, the doc's sequence numbers restore the order (a gap makes a node reload).
      for (let seq = 1; seq <= 50; seq++) (seq % 2 ? a : b).publish(update('conv/x', seq));
      await h.settle();
      const seqs = (events: DocEvent[]) => events.map((e) => (e.kind === 'update' ? e.seq : -1));
      const all = Array.from({ length: 50 }, (_, i) => i + 1);
      for (const seen of [seenA, seenB]) {
        expect([...seqs(seen)].sort((p, q) => p - q)).toEqual(all);
        expect(seqs(seen).filter((s) => s % 2)).toEqual(all.filter((s) => s % 2));
        expect(seqs(seen).filter((s) => s % 2 === 0)).toEqual(all.filter((s) => s % 2 === 0));
      }
      // The events arrive whole: binary parts included.
      const last = seenB.find((e) => e.kind === 'update' && e.seq === 50);
      expect(last).toEqual(update('conv/x', 50));
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
