import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { orderManifest } from './manifest-order.ts';

describe('orderManifest', () => {
  it("puts the person's doc, then tasks and documents newest first, then conversations, then history", () => {
    const manifest = [
      'convlog/c1_202609',
      'task/old',
      'conv/c1',
      'convlog/c1_202611',
      'dossier/d1',
      'user/me',
      'convlog/c2_202610',
      'bulletin/ward',
      'task/new',
      'convlog/c1_202610',
    ];
    expect(orderManifest(manifest)).toEqual({
      work: [
        'user/me',
        'task/new',
        'dossier/d1',
        'task/old',
        'bulletin/ward',
        'conv/c1',
        'convlog/c2_202610',
        'convlog/c1_202611',
      ],
      history: ['convlog/c1_202610', 'convlog/c1_202609'],
    });
  });

  it('keeps every doc exactly once, whatever the manifest (seeded)', () => {
    const kinds = ['task', 'dossier', 'conv', 'user', 'bulletin', 'dash', 'convlog'];
    const id = fc
      .tuple(fc.constantFrom(...kinds), fc.constantFrom('a', 'b', 'c'), fc.constantFrom('202609', '202610', '202611'))
      .map(([kind, name, month]) => (kind === 'convlog' ? `convlog/${name}_${month}` : `${kind}/${name}`));
    fc.assert(
      fc.property(fc.uniqueArray(id), (manifest) => {
        const { work, history } = orderManifest(manifest);
        expect([...work, ...history].sort()).toEqual([...manifest].sort());
        // No task or document waits behind history, and the person's doc leads.
        if (manifest.some((d) => d.startsWith('user/'))) expect(work[0]?.startsWith('user/')).toBe(true);
        for (const h of history) expect(h.startsWith('convlog/')).toBe(true);
      }),
      { seed: 19, numRuns: 300 },
    );
  });
});
