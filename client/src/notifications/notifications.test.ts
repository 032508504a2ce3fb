import { createConversation } from '@thongsuot/shared/model/conversation';
import { decideExtension, requestExtension } from '@thongsuot/shared/model/extension-request';
import { postMessage } from '@thongsuot/shared/model/message';
import { markNotificationsRead, readNotificationReads } from '@thongsuot/shared/model/notification-reads';
import { createTask } from '@thongsuot/shared/model/task';
import { urgeRecipient } from '@thongsuot/shared/model/urge';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { postToConversation } from '../conversations/conversation-actions.ts';
import { mentions } from '../conversations/mentions.ts';
import { openUserDoc } from '../reminders/use-user-doc.ts';
import { DocRepository } from '../store/doc-repository.ts';
import { LocalDb } from '../store/local-db.ts';
import { collectNotifications } from './notifications.ts';

const opened: LocalDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const LAN = { id: 'u-lan', unitId: 'phuong-a', fullName: 'Huỳnh Thị Ngọc Lan' };

async function task(repository: DocRepository, id: string, unitId: string, at: number) {
  const doc = await repository.open(`task/${id}`);
  createTask(doc, {
    id,
    title: `Nhiệm vụ ${id}`,
    issuerId: 'u-chutich',
    issuerUnitId: 'ubnd-tp',
    deadline: '2026-12-31',
    recipients: [{ id: unitId, kind: 'unit' }],
    at,
  });
  return doc;
}

describe('mentions', () => {
  it('match @ and the full name, with or without diacritics, and not a bare name', () => {
    expect(mentions('@huynh thi ngoc lan xem giup', LAN.fullName)).toBe(true);
    expect(mentions('chi huynh thi ngoc lan xem giup', LAN.fullName)).toBe(false);
    expect(mentions('@huynh thi ngoc', LAN.fullName)).toBe(false);
  });

  it('prefers the ids a message names; older messages (in the head doc) are matched by name', async () => {
    const db = new LocalDb(`${LAN.id}-mentions`);
    opened.push(db);
    const repository = new DocRepository(db);
    const conv = await repository.open('conv/g2');
    createConversation(conv, {
      id: 'g2',
      kind: 'group',
      title: 'Tổ 2',
      createdBy: 'u-chutich',
      at: 1,
      members: [LAN.id],
    });
    postMessage(conv, { id: 'old', by: 'u-chutich', at: 5, text: '@Huỳnh Thị Ngọc Lan xem giúp' });
    const nov = Date.UTC(2026, 10, 20);
    const dec = Date.UTC(2026, 11, 2);
    // Named by id with a short name; the name of another Lan in the text, but her id not named.
    await postToConversation(repository, 'g2', {
      id: 'm1',
      by: 'u-chutich',
      at: nov,
      text: '@Lan',
      mentions: [LAN.id],
    });
    await postToConversation(repository, 'g2', {
      id: 'm2',
      by: 'u-chutich',
      at: dec,
      text: '@Huỳnh Thị Ngọc Lan (Quận 1)',
      mentions: ['u-lan-q1'],
    });
    await repository.flushed();
    const list = await collectNotifications(db, LAN, '2026-12-02');
    expect(list.filter((n) => n.kind === 'mention').map((n) => [n.id, n.at])).toEqual([
      ['mention:conv/g2:m1', nov],
      ['mention:conv/g2:old', 5],
    ]);
  });
});

describe('the notification center', () => {
  it('lists new assignments, urges, decisions, mentions and announcements of the person and their unit', async () => {
    const db = new LocalDb(LAN.id);
    opened.push(db);
    const repository = new DocRepository(db);
    const t1 = await task(repository, 't1', 'phuong-a', 10);
    urgeRecipient(t1, 'phuong-a', 'u-chutich', 20);
    const t2 = await task(repository, 't2', 'phuong-a', 11);
    requestExtension(t2, {
      id: 'x1',
      recipientId: 'phuong-a',
      by: LAN.id,
      at: 12,
      proposedDeadline: '2027-01-31',
      reason: 'Chờ ý kiến Sở',
    });
    decideExtension(t2, 'x1', { outcome: 'approved', by: 'u-chutich', at: 30, reason: '' });
    await task(repository, 't3', 'phuong-b', 12);
    const conv = await repository.open('conv/g1');
    createConversation(conv, {
      id: 'g1',
      kind: 'group',
      title: 'Tổ công tác',
      createdBy: 'u-chutich',
      at: 1,
      members: ['u-chutich', LAN.id],
    });
    postMessage(conv, { id: 'm1', by: 'u-chutich', at: 40, text: '@Huynh Thi Ngoc Lan gửi số liệu giúp' });
    postMessage(conv, { id: 'm2', by: 'u-chutich', at: 41, text: 'Cảm ơn @mọi người' });
    await repository.flushed();
    await db.units.put({ id: 'phuong-a', name: 'Phường A', kind: 'ward', parentId: null });
    await db.announcements.put({
      key: 'ubnd-tp/a1',
      unitId: 'ubnd-tp',
      id: 'a1',
      title: 'Bão số 9',
      body: '',
      importance: 'urgent',
      audience: { kind: 'all' },
      by: 'u-chutich',
      at: 50,
      withdrawnAt: null,
    });

    const list = await collectNotifications(db, LAN, '2026-11-22');
    expect(list.map((n) => [n.kind, n.title, n.at])).toEqual([
      ['announcement', 'Bão số 9', 50],
      ['mention', 'Tổ công tác', 40],
      ['decided', 'Nhiệm vụ t2', 30],
      ['urged', 'Nhiệm vụ t1', 20],
      ['assigned', 'Nhiệm vụ t2', 11],
      ['assigned', 'Nhiệm vụ t1', 10],
    ]);
    expect(list.find((n) => n.kind === 'decided')?.detail).toBe('approved');
    expect(list.find((n) => n.kind === 'urged')?.href).toBe('/tasks/t1');
    expect(list.every((n) => !n.read)).toBe(true);

    // Read marks live in the person's doc and survive re-derivation; a new urge is a new notification.
    const urged = list.find((n) => n.kind === 'urged');
    const userDoc = await openUserDoc(repository, LAN.id);
    markNotificationsRead(userDoc, [urged?.id ?? ''], 99);
    urgeRecipient(t1, 'phuong-a', 'u-chutich', 60);
    await repository.flushed();
    const after = await collectNotifications(db, LAN, '2026-11-22', readNotificationReads(userDoc) ?? undefined);
    expect(after.filter((n) => !n.read)).toHaveLength(6);
    expect(after.find((n) => n.kind === 'urged')?.at).toBe(60);
    expect(after.find((n) => n.id === urged?.id)).toBeUndefined();
  });
});
