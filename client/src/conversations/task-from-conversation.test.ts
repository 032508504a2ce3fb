import { readLogMessages } from '@thongsuot/shared/model/conv-log';
import { readSubAssignments } from '@thongsuot/shared/model/sub-assignment';
import { createTask, readTask } from '@thongsuot/shared/model/task';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DocRepository } from '../store/doc-repository.ts';
import { LocalDb } from '../store/local-db.ts';
import { startCaseGroup } from './case-group.ts';
import { directDocId, logDocIdFor, sendMessage } from './conversation-actions.ts';
import { assignFromConversation, prefillFromConversation } from './task-from-conversation.ts';

const opened: LocalDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const CHUTICH = { id: 'u-chutich', unitId: 'ubnd-tp', rank: 1 };
const WARD_HEAD = { id: 'u-a-head', unitId: 'phuong-a', rank: 1 };
const WARD_STAFF = { id: 'u-a-staff', unitId: 'phuong-a', rank: 5 };

/** A device holding task t1 (to wards A and B), its case group and one message in it. */
async function deviceWithCase(userId: string) {
  const db = new LocalDb(userId);
  opened.push(db);
  await db.officials.bulkPut([
    { id: 'u-a-head', fullName: 'A', position: '', unitId: 'phuong-a', phone: '', email: '', rank: 1 },
    { id: 'u-b-head', fullName: 'B', position: '', unitId: 'phuong-b', phone: '', email: '', rank: 1 },
  ]);
  const repository = new DocRepository(db);
  const task = await repository.open('task/t1');
  createTask(task, {
    id: 't1',
    title: 'Phòng chống ngập',
    issuerId: CHUTICH.id,
    issuerUnitId: CHUTICH.unitId,
    deadline: '2026-12-31',
    sourceLevel: 'government_office',
    recipients: [
      { id: 'phuong-a', kind: 'unit' },
      { id: 'phuong-b', kind: 'unit' },
    ],
    at: 1,
  });
  const convDocId = await startCaseGroup(db, repository, {
    taskId: 't1',
    title: 'Phòng chống ngập',
    issuerId: CHUTICH.id,
    unitIds: ['phuong-a', 'phuong-b'],
    at: 1,
  });
  await sendMessage(repository, convDocId, {
    me: 'u-a-head',
    text: '  Nạo vét kênh Nhiêu Lộc\n trước mùa mưa ',
    now: 2,
  });
  await repository.flushed();
  return { db, repository, convDocId };
}

describe('assigning a task from a conversation: the prefill', () => {
  it('gives the case task’s issuer its recipient units and the last message as the title', async () => {
    const { db, repository, convDocId } = await deviceWithCase(CHUTICH.id);
    expect(await prefillFromConversation(db, repository, convDocId, CHUTICH)).toEqual({
      convDocId,
      title: 'Nạo vét kênh Nhiêu Lộc trước mùa mưa',
      unitIds: ['phuong-a', 'phuong-b'],
    });
    const chosen = await prefillFromConversation(db, repository, convDocId, CHUTICH, ' Báo cáo số liệu ');
    expect(chosen?.title).toBe('Báo cáo số liệu');
  });

  it('makes it a hand-down for a leader of a recipient unit, but not for its staff', async () => {
    const { db, repository, convDocId } = await deviceWithCase(WARD_HEAD.id);
    expect(await prefillFromConversation(db, repository, convDocId, WARD_HEAD)).toMatchObject({
      unitIds: [],
      parent: { taskId: 't1', recipientId: 'phuong-a', title: 'Phòng chống ngập' },
    });
    const staff = await prefillFromConversation(db, repository, convDocId, WARD_STAFF);
    expect(staff?.parent).toBeUndefined();
    expect(staff?.unitIds).toEqual(['phuong-b']);
  });

  it('starts empty of recipients outside a case group, and finds nothing for an unknown conversation', async () => {
    const { db, repository } = await deviceWithCase(CHUTICH.id);
    const direct = directDocId(CHUTICH.id, 'u-b-head');
    await sendMessage(repository, direct, { me: CHUTICH.id, text: 'Họp giao ban', with: 'u-b-head', now: 3 });
    await repository.flushed();
    expect(await prefillFromConversation(db, repository, direct, CHUTICH)).toEqual({
      convDocId: direct,
      title: 'Họp giao ban',
      unitIds: [],
    });
    expect(await prefillFromConversation(db, repository, 'conv/nothing', CHUTICH)).toBeNull();
  });
});

describe('assigning a task from a conversation: after the form is sent', () => {
  const directive = (issuer: typeof CHUTICH, unitIds: string[]) => ({
    title: 'Nạo vét kênh Nhiêu Lộc',
    body: '',
    issuerId: issuer.id,
    issuerUnitId: issuer.unitId,
    deadline: '2026-12-20',
    priority: 'urgent' as const,
    sourceLevel: 'city_people_committee' as const,
    recipients: unitIds.map((id) => ({ id, kind: 'unit' as const })),
    at: 10,
  });

  it('writes the task and posts a message linking to it, both on the device (offline)', async () => {
    const { db, repository, convDocId } = await deviceWithCase(CHUTICH.id);
    const prefill = await prefillFromConversation(db, repository, convDocId, CHUTICH);
    if (!prefill) throw new Error('no prefill');
    const taskDocId = await assignFromConversation(repository, {
      prefill,
      directive: directive(CHUTICH, [...prefill.unitIds]),
      message: 'Đã giao việc: Nạo vét kênh Nhiêu Lộc',
    });
    const taskId = taskDocId.slice('task/'.length);
    expect((await db.tasks.get(taskDocId))?.recipientIds).toEqual(['phuong-a', 'phuong-b']);
    const last = readLogMessages(await repository.open(logDocIdFor('case-t1', 10))).at(-1);
    expect(last).toMatchObject({ by: CHUTICH.id, text: 'Đã giao việc: Nạo vét kênh Nhiêu Lộc', taskId, at: 10 });
    expect((await db.conversations.get(convDocId))?.lastText).toBe('Đã giao việc: Nạo vét kênh Nhiêu Lộc');
    // Nothing has reached a server: both wait in the outbox.
    expect(await db.outbox.where('docId').equals(taskDocId).count()).toBeGreaterThan(0);
    // The month's log holds the earlier message too: one entry each.
    expect(await db.outbox.where('docId').equals(logDocIdFor('case-t1', 10)).count()).toBe(2);
  });

  it('links a hand-down under the leader’s assignment, keeping the parent’s origin', async () => {
    const { db, repository, convDocId } = await deviceWithCase(WARD_HEAD.id);
    const prefill = await prefillFromConversation(db, repository, convDocId, WARD_HEAD);
    if (!prefill) throw new Error('no prefill');
    const taskDocId = await assignFromConversation(repository, {
      prefill,
      directive: directive(WARD_HEAD, ['phuong-b']),
      message: 'Đã giao việc: Nạo vét kênh Nhiêu Lộc',
    });
    const child = readTask(await repository.open(taskDocId));
    expect(child?.parent).toMatchObject({ taskId: 't1', recipientId: 'phuong-a' });
    expect(child?.sourceLevel).toBe('government_office');
    const links = readSubAssignments(await repository.open('task/t1'));
    expect(links?.map((l) => [l.childTaskId, l.recipientId])).toEqual([[child?.id, 'phuong-a']]);
    expect(readLogMessages(await repository.open(logDocIdFor('case-t1', 10))).at(-1)?.taskId).toBe(child?.id);
  });
});
