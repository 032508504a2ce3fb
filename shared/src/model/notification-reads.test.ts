import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { checkUserDocChange } from '../access/user-doc-access.ts';
import {
  isNotificationRead,
  MAX_NOTIFICATION_READS,
  markAllNotificationsRead,
  markNotificationsRead,
  readNotificationReads,
} from './notification-reads.ts';
import { makeReplicas, mergeAll } from './replica-harness.ts';
import { createUserDoc, readUserDoc } from './user-doc.ts';
import { userNotificationReads } from './user-doc-layout.ts';

function mine(): Y.Doc {
  const doc = new Y.Doc();
  doc.clientID = 1;
  createUserDoc(doc, 'u-1');
  return doc;
}

describe('notification read marks in the user doc', () => {
  it('marks ids read, keeps the first time, and reads back', () => {
    const doc = mine();
    markNotificationsRead(doc, ['assigned:task/t1:phuong-a', 'mention:conv/g1:m1'], 10);
    markNotificationsRead(doc, ['assigned:task/t1:phuong-a'], 20);
    const reads = readNotificationReads(doc);
    expect(reads?.ids).toEqual(
      new Map([
        ['assigned:task/t1:phuong-a', 10],
        ['mention:conv/g1:m1', 10],
      ]),
    );
    expect(reads && isNotificationRead(reads, 'mention:conv/g1:m1', 5)).toBe(true);
    expect(reads && isNotificationRead(reads, 'urged:task/t1:phuong-a:9', 5)).toBe(false);
    expect(readUserDoc(doc)).not.toBeNull();
  });

  it('keeps marks made on two devices at the same time', () => {
    const [phone, desk] = makeReplicas(mine(), 2) as [Y.Doc, Y.Doc];
    markNotificationsRead(phone, ['assigned:task/t1:phuong-a'], 10);
    markNotificationsRead(desk, ['mention:conv/g1:m1'], 11);
    markAllNotificationsRead(desk, 50);
    markAllNotificationsRead(phone, 40);
    mergeAll([phone, desk], [[1], [0]]);
    const reads = readNotificationReads(phone);
    expect([...(reads?.ids.keys() ?? [])].sort()).toEqual(['assigned:task/t1:phuong-a', 'mention:conv/g1:m1']);
    expect(readNotificationReads(desk)).toEqual(reads);
    expect(reads?.readAllBefore).toBeGreaterThanOrEqual(40);
  });

  it('"mark all read" covers everything notified up to then, never moves back', () => {
    const doc = mine();
    markAllNotificationsRead(doc, 100);
    markAllNotificationsRead(doc, 60);
    const reads = readNotificationReads(doc);
    expect(reads?.readAllBefore).toBe(100);
    expect(reads && isNotificationRead(reads, 'announcement:ubnd-tp/a1', 100)).toBe(true);
    expect(reads && isNotificationRead(reads, 'announcement:ubnd-tp/a2', 101)).toBe(false);
  });

  it('keeps at most the newest marks, dropping the oldest', () => {
    const doc = mine();
    const ids = Array.from({ length: MAX_NOTIFICATION_READS }, (_, i) => `urged:task/t:u:${i}`);
    markNotificationsRead(doc, ids.slice(0, 10), 1);
    markNotificationsRead(doc, ids.slice(10), 2);
    markNotificationsRead(doc, ['mention:conv/g1:new', 'mention:conv/g1:newer'], 3);
    const reads = readNotificationReads(doc);
    expect(reads?.ids.size).toBe(MAX_NOTIFICATION_READS);
    expect(reads?.ids.has('mention:conv/g1:newer')).toBe(true);
    expect(reads?.ids.has('urged:task/t:u:0')).toBe(false);
    expect(reads?.ids.has('urged:task/t:u:10')).toBe(true);
  });

  it('makes the doc invalid when a mark is garbage, so the relay refuses it', () => {
    const doc = mine();
    const before = readUserDoc(doc);
    userNotificationReads(doc).set('mention:conv/g1:m1', 'yes');
    expect(readNotificationReads(doc)).toBeNull();
    expect(checkUserDocChange({ id: 'u-1', unitId: 'x' }, before, readUserDoc(doc)).ok).toBe(false);
  });
});
