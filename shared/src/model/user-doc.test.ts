import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { saveDraft } from './draft.ts';
import { addReminder, dueReminders, updateReminder } from './reminder.ts';
import { makeReplicas, mergeAll } from './replica-harness.ts';
import { createUserDoc, pinDoc, readUserDoc, setPreferences } from './user-doc.ts';

function mine(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  createUserDoc(doc, 'u-1');
  addReminder(doc, { id: 'r1', text: 'Gọi phường Bến Thành', dueAt: 1_000, createdAt: 1 });
  saveDraft(doc, 'd1', 'conv/c1', 'Kính gửi', 2);
  return doc;
}

describe('user doc model', () => {
  it('has defaults for preferences and lists reminders, pins, drafts', () => {
    const doc = mine();
    pinDoc(doc, 'task/t1', 5);
    const u = readUserDoc(doc);
    expect(u?.preferences).toEqual({ language: 'vi', theme: 'system', notifications: true, digestHour: 7 });
    expect(u?.reminders.map((r) => r.text)).toEqual(['Gọi phường Bến Thành']);
    expect(u?.pins).toEqual([{ docId: 'task/t1', at: 5 }]);
    expect(u?.drafts.map((d) => d.text)).toEqual(['Kính gửi']);
    expect(() => setPreferences(doc, { language: 'fr' as 'vi' })).toThrow();
  });

  it('merges a reminder ticked on one device and edited on another, and a draft typed on both', () => {
    const [phone, desk] = makeReplicas(mine(), 2) as [Y.Doc, Y.Doc];
    updateReminder(phone, 'r1', { done: true });
    updateReminder(desk, 'r1', { text: 'Gọi phường Bến Thành về ngập' });
    saveDraft(phone, 'd1', 'conv/c1', 'Kính gửi anh Hùng', 3);
    saveDraft(desk, 'd1', 'conv/c1', 'Kính gửi, ', 3);
    setPreferences(phone, { theme: 'dark' });
    setPreferences(desk, { language: 'en' });
    mergeAll([phone, desk], [[1], [0]]);
    const u = readUserDoc(phone);
    expect(u?.reminders[0]).toMatchObject({ done: true, text: 'Gọi phường Bến Thành về ngập' });
    expect(u?.drafts[0]?.text).toContain('anh Hùng');
    expect(u?.drafts[0]?.text).toContain(',');
    expect(u?.preferences).toMatchObject({ theme: 'dark', language: 'en' });
    expect(readUserDoc(desk)).toEqual(u);
  });

  it('fires due reminders once per device', () => {
    const u = readUserDoc(mine());
    expect(dueReminders(u?.reminders ?? [], 999, new Set()).length).toBe(0);
    expect(dueReminders(u?.reminders ?? [], 1_000, new Set()).map((r) => r.id)).toEqual(['r1']);
    expect(dueReminders(u?.reminders ?? [], 1_000, new Set(['r1']))).toEqual([]);
  });
});
