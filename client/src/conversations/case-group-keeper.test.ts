import { addRecipient, removeRecipient } from '@thongsuot/shared/model/assignment';
import { readConversation } from '@thongsuot/shared/model/conversation';
import { createTask } from '@thongsuot/shared/model/task';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocRepository } from '../store/doc-repository.ts';
import { type DirectoryOfficialRow, LocalDb } from '../store/local-db.ts';
import { startCaseGroup } from './case-group.ts';
import { type CaseGroupKeeper, startCaseGroupKeeper } from './case-group-keeper.ts';

const opened: LocalDb[] = [];
const keepers: CaseGroupKeeper[] = [];
afterEach(async () => {
  for (const keeper of keepers.splice(0)) keeper.stop();
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const ISSUER = 'u-chutich';
const LEADERS: DirectoryOfficialRow[] = ['a', 'b', 'c'].map((unit) => ({
  id: `u-${unit}-head`,
  fullName: `Trưởng ${unit}`,
  position: '',
  unitId: `phuong-${unit}`,
  phone: '',
  email: '',
  rank: 1,
}));

/** One of the issuer's devices, with its keeper running as the sync engine starts it. */
async function device(name: string) {
  const db = new LocalDb(`${ISSUER}-${name}`);
  opened.push(db);
  await db.officials.bulkPut(LEADERS);
  const repository = new DocRepository(db);
  let clock = 100;
  const keeper = startCaseGroupKeeper({ db, repository, me: ISSUER, now: () => clock++ });
  keepers.push(keeper);
  const settled = async () => {
    await repository.flushed();
    await keeper.idle();
    await repository.flushed();
  };
  return { db, repository, keeper, settled };
}

type Device = Awaited<ReturnType<typeof device>>;

async function issue(d: Device): Promise<Y.Doc> {
  const doc = await d.repository.open('task/t1');
  createTask(doc, {
    id: 't1',
    title: 'Khơi thông cống',
    issuerId: ISSUER,
    issuerUnitId: 'ubnd-tp',
    deadline: '2026-12-31',
    recipients: [
      { id: 'phuong-a', kind: 'unit' },
      { id: 'phuong-b', kind: 'unit' },
    ],
    at: 1,
  });
  await startCaseGroup(d.db, d.repository, {
    taskId: 't1',
    title: 'Khơi thông cống',
    issuerId: ISSUER,
    unitIds: ['phuong-a', 'phuong-b'],
    at: 1,
  });
  await d.settled();
  return doc;
}

async function members(d: Device): Promise<string[]> {
  return (await d.db.conversations.get('conv/case-t1'))?.memberIds ?? [];
}

/** What the relay would do: hand each device the other's changes to these docs. */
async function exchange(x: Device, y: Device, docIds: readonly string[]): Promise<void> {
  for (const docId of docIds) {
    const [dx, dy] = await Promise.all([x.repository.open(docId), y.repository.open(docId)]);
    const [ux, uy] = [Y.encodeStateAsUpdate(dx), Y.encodeStateAsUpdate(dy)];
    await x.repository.applyRemote(docId, uy);
    await y.repository.applyRemote(docId, ux);
  }
  await Promise.all([x.settled(), y.settled()]);
}

describe('the case group keeper', () => {
  it('follows a change of recipients with no task page open, once', async () => {
    const phone = await device('phone');
    const task = await issue(phone);
    expect(await members(phone)).toEqual(['u-a-head', 'u-b-head', ISSUER]);
    task.transact(() => {
      addRecipient(task, { id: 'phuong-c', kind: 'unit' }, ISSUER, 2);
      removeRecipient(task, 'phuong-a', ISSUER, 2);
    });
    await phone.settled();
    expect(await members(phone)).toEqual(['u-b-head', 'u-c-head', ISSUER]);
    const writes = await phone.db.outbox.where('docId').equals('conv/case-t1').count();
    task.transact(() => addRecipient(task, { id: 'phuong-c', kind: 'unit' }, ISSUER, 3)); // already there
    await phone.settled();
    expect(await phone.db.outbox.where('docId').equals('conv/case-t1').count()).toBe(writes);
  });

  it('leaves groups of tasks issued by someone else alone', async () => {
    const db = new LocalDb('u-a-head');
    opened.push(db);
    await db.officials.bulkPut(LEADERS);
    const repository = new DocRepository(db);
    const keeper = startCaseGroupKeeper({ db, repository, me: 'u-a-head', now: () => 5 });
    keepers.push(keeper);
    const task = await issue({ db, repository, keeper, settled: () => repository.flushed() });
    addRecipient(task, { id: 'phuong-c', kind: 'unit' }, ISSUER, 2);
    await repository.flushed();
    await keeper.idle();
    await repository.flushed();
    expect((await db.conversations.get('conv/case-t1'))?.memberIds).toEqual(['u-a-head', 'u-b-head', ISSUER]);
  });

  it('follows a change made on the issuer’s other device, and both devices converge', async () => {
    const phone = await device('phone');
    const desk = await device('desk');
    const task = await issue(phone);
    await exchange(phone, desk, ['task/t1', 'conv/case-t1']);
    expect(await members(desk)).toEqual(['u-a-head', 'u-b-head', ISSUER]);
    // The phone changes the recipients; the desk hears of it from the relay before the phone's group change.
    task.transact(() => {
      addRecipient(task, { id: 'phuong-c', kind: 'unit' }, ISSUER, 2);
      removeRecipient(task, 'phuong-b', ISSUER, 2);
    });
    await phone.settled();
    await exchange(phone, desk, ['task/t1']);
    expect(await members(desk)).toEqual(['u-a-head', 'u-c-head', ISSUER]);
    // Both wrote the group change; once each has the other's, they agree.
    await exchange(phone, desk, ['conv/case-t1']);
    const [p, d] = await Promise.all([phone.repository.open('conv/case-t1'), desk.repository.open('conv/case-t1')]);
    expect(readConversation(p)?.members.map((m) => m.personId)).toEqual(['u-a-head', 'u-c-head', ISSUER]);
    expect(readConversation(d)).toEqual(readConversation(p));
  });

  it('on start, catches up a group left behind while the app was closed', async () => {
    const first = await device('phone');
    const task = await issue(first);
    first.keeper.stop();
    addRecipient(task, { id: 'phuong-c', kind: 'unit' }, ISSUER, 2);
    await first.repository.flushed();
    expect(await members(first)).toEqual(['u-a-head', 'u-b-head', ISSUER]);
    // The next start of the app: a fresh repository over the same database.
    const repository = new DocRepository(first.db);
    const keeper = startCaseGroupKeeper({ db: first.db, repository, me: ISSUER, now: () => 9 });
    keepers.push(keeper);
    await keeper.idle();
    await repository.flushed();
    expect(await members(first)).toEqual(['u-a-head', 'u-b-head', 'u-c-head', ISSUER]);
  });
});
