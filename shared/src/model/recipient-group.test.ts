import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { deleteRecipientGroup, readRecipientGroups, saveRecipientGroup } from './recipient-group.ts';
import { createUserDoc, readUserDoc } from './user-doc.ts';

describe('saved recipient groups', () => {
  it('are saved, replaced whole, listed by name and deleted, without disturbing the user doc', () => {
    const doc = new Y.Doc();
    createUserDoc(doc, 'u-1');
    saveRecipientGroup(doc, { id: 'g1', name: 'Phường ven kênh', unitIds: ['phuong-a', 'phuong-b'], at: 1 });
    saveRecipientGroup(doc, { id: 'g2', name: 'Các xã ngoại thành', unitIds: ['xa-a'], at: 2 });
    saveRecipientGroup(doc, { id: 'g1', name: 'Phường ven kênh', unitIds: ['phuong-a'], at: 3 });
    expect(readRecipientGroups(doc)?.map((g) => [g.id, g.unitIds])).toEqual([
      ['g2', ['xa-a']],
      ['g1', ['phuong-a']],
    ]);
    deleteRecipientGroup(doc, 'g2');
    expect(readRecipientGroups(doc)?.map((g) => g.id)).toEqual(['g1']);
    expect(readUserDoc(doc)?.id).toBe('u-1');
  });

  it('refuses an empty group or a blank name', () => {
    const doc = new Y.Doc();
    expect(() => saveRecipientGroup(doc, { id: 'g1', name: 'x', unitIds: [], at: 1 })).toThrow();
    expect(() => saveRecipientGroup(doc, { id: 'g1', name: '  ', unitIds: ['a'], at: 1 })).toThrow();
  });
});
