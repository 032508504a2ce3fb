import { markNotificationsRead, readNotificationReads } from '@thongsuot/shared/model/notification-reads';
import { createTask } from '@thongsuot/shared/model/task';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { openUserDoc } from '../reminders/use-user-doc.ts';
import { DocRepository } from '../store/doc-repository.ts';
import { LocalDb } from '../store/local-db.ts';
import { collectNotifications } from './notifications.ts';
import { carryOverDeviceReads } from './read-marks.ts';

const opened: LocalDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const LAN = { id: 'u-lan', unitId: 'phuong-a', fullName: 'Huỳnh Thị Ngọc Lan' };

/** One of Lan's devices: its own database (names differ so both fit in one fake IndexedDB). */
async function device(name: string) {
  const db = new LocalDb(`${LAN.id}-${name}`);
  opened.push(db);
  const repository = new DocRepository(db);
  for (const id of ['t1', 't2']) {
    const doc = await repository.open(`task/${id}`);
    createTask(doc, {
      id,
      title: `Nhiệm vụ ${id}`,
      issuerId: 'u-chutich',
      issuerUnitId: 'ubnd-tp',
      deadline: '2026-12-31',
      recipients: [{ id: 'phuong-a', kind: 'unit' }],
      at: id === 't1' ? 10 : 11,
    });
  }
  await repository.flushed();
  return { db, repository, userDoc: await openUserDoc(repository, LAN.id) };
}

async function unreadTitles(d: Awaited<ReturnType<typeof device>>): Promise<string[]> {
  const reads = readNotificationReads(d.userDoc) ?? undefined;
  const list = await collectNotifications(d.db, LAN, '2026-11-22', reads);
  return list.filter((n) => !n.read).map((n) => n.title);
}

describe('notification read marks across devices', () => {
  it('a notification read on the phone is read on the desktop once the user doc syncs', async () => {
    const phone = await device('phone');
    const desk = await device('desk');
    expect(await unreadTitles(desk)).toEqual(['Nhiệm vụ t2', 'Nhiệm vụ t1']);
    const [t1] = (await collectNotifications(phone.db, LAN, '2026-11-22')).filter((n) => n.title === 'Nhiệm vụ t1');
    markNotificationsRead(phone.userDoc, [t1?.id ?? ''], 50);
    await phone.repository.flushed();
    // The relay hands the phone's change to the desktop.
    await desk.repository.applyRemote(`user/${LAN.id}`, Y.encodeStateAsUpdate(phone.userDoc));
    await desk.repository.flushed();
    expect(await unreadTitles(desk)).toEqual(['Nhiệm vụ t2']);
    expect(await unreadTitles(phone)).toEqual(['Nhiệm vụ t2']);
  });

  it('moves the marks an older version kept on the device into the doc, once', async () => {
    const phone = await device('phone');
    await phone.db.notificationReads.bulkPut([
      { id: 'assigned:task/t2:phuong-a', at: 30 },
      { id: 'mention:conv/g1:m1', at: 31 },
    ]);
    await carryOverDeviceReads(phone.db, phone.userDoc);
    await carryOverDeviceReads(phone.db, phone.userDoc);
    expect(await phone.db.notificationReads.count()).toBe(0);
    expect(readNotificationReads(phone.userDoc)?.ids).toEqual(
      new Map([
        ['assigned:task/t2:phuong-a', 30],
        ['mention:conv/g1:m1', 31],
      ]),
    );
    expect(await unreadTitles(phone)).toEqual(['Nhiệm vụ t1']);
  });
});
