import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createUnitPage, readUnitPage } from '../model/unit-page.ts';
import { DirectoryBundleError, decodeDirectoryBundle, encodeDirectoryBundle } from './directory-bundle.ts';

function unitDoc(id: string): Y.Doc {
  const doc = new Y.Doc();
  createUnitPage(doc, { id, name: `Phường ${id}`, kind: 'ward', parentId: 'ubnd-tp' }, ['u-1'], 1, 'u-1');
  return doc;
}

describe('directory bundle', () => {
  it('round-trips unit docs as v2 updates', () => {
    const docs = ['a', 'b'].map((id) => ({ docId: `unit/${id}`, updateV2: Y.encodeStateAsUpdateV2(unitDoc(id)) }));
    const decoded = decodeDirectoryBundle(encodeDirectoryBundle(docs));
    expect(decoded.map((d) => d.docId)).toEqual(['unit/a', 'unit/b']);
    const copy = new Y.Doc();
    Y.applyUpdateV2(copy, (decoded[1] as (typeof decoded)[number]).updateV2);
    expect(readUnitPage(copy)?.unit.name).toBe('Phường b');
  });

  it('refuses what is not a bundle, a doc of another kind, or a truncated bundle', () => {
    expect(() => decodeDirectoryBundle(Uint8Array.from('<html>', (c) => c.charCodeAt(0)))).toThrow(
      DirectoryBundleError,
    );
    const task = encodeDirectoryBundle([{ docId: 'task/x', updateV2: new Uint8Array([0]) }]);
    expect(() => decodeDirectoryBundle(task)).toThrow(/unexpected doc/);
    const whole = encodeDirectoryBundle([{ docId: 'unit/a', updateV2: Y.encodeStateAsUpdateV2(unitDoc('a')) }]);
    expect(() => decodeDirectoryBundle(whole.slice(0, whole.length - 3))).toThrow(DirectoryBundleError);
  });
});
