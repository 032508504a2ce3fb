import { messagePeriod, readLogMessages } from '@thongsuot/shared/model/conv-log';
import { readConversation } from '@thongsuot/shared/model/conversation';
import { createTask, readTask } from '@thongsuot/shared/model/task';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocRepository } from '../store/doc-repository.ts';
import { type DirectoryOfficialRow, LocalDb } from '../store/local-db.ts';
import { caseGroupChanges, followRecipients, startCaseGroup } from './case-group.ts';
import { logDocIdFor, markLatestRead, sendMessage } from './conversation-actions.ts';
import { joinSegments } from './conversation-history.ts';

const opened: LocalDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

function official(id: string, unitId: string, rank: number): DirectoryOfficialRow {
  return { id, fullName: id, position: '', unitId, phone: '', email: '', rank };
}

describe('the case group of a directive', () => {
  it('is created on the issuer’s device with the issuer and the recipients’ leaders, once', async () => {
    const db = new LocalDb('u-chutich');
    opened.push(db);
    await db.officials.bulkPut([
      official('u-a-head', 'phuong-a', 1),
      official('u-a-deputy', 'phuong-a', 2),
      official('u-a-staff', 'phuong-a', 5),
      official('u-b-head', 'phuong-b', 1),
      official('u-c-head', 'phuong-c', 1),
    ]);
    const repository = new DocRepository(db);
    const task = { taskId: 't1', title: 'Phòng chống dịch', issuerId: 'u-chutich', unitIds: ['phuong-a', 'phuong-b'] };
    const docId = await startCaseGroup(db, repository, { ...task, at: 5 });
    expect(docId).toBe('conv/case-t1');
    await startCaseGroup(db, repository, { ...task, at: 6 });
    const conv = readConversation(await repository.open(docId));
    expect(conv).toMatchObject({ kind: 'case', taskId: 't1', title: 'Phòng chống dịch', createdBy: 'u-chutich' });
    expect(conv?.members.map((m) => m.personId)).toEqual(['u-a-deputy', 'u-a-head', 'u-b-head', 'u-chutich']);
    expect(await db.outbox.where('docId').equals(docId).count()).toBe(1);
    const row = await db.conversations.get(docId);
    expect(row?.memberIds).toContain('u-b-head');
    expect(row?.taskId).toBe('t1');
  });

  it('keeps the list row in step with every message and read marker', async () => {
    const db = new LocalDb('u-chutich');
    opened.push(db);
    await db.officials.bulkPut([official('u-a-head', 'phuong-a', 1)]);
    const repository = new DocRepository(db);
    const docId = await startCaseGroup(db, repository, {
      taskId: 't2',
      title: 'Rà soát',
      issuerId: 'u-chutich',
      unitIds: ['phuong-a'],
      at: 1,
    });
    const doc = await repository.open(docId);
    await sendMessage(repository, docId, { me: 'u-chutich', text: 'Các phường báo cáo trước 17 giờ.', now: 2 });
    await repository.flushed();
    expect((await db.conversations.get(docId))?.unread).toEqual({ 'u-a-head': 1, 'u-chutich': 0 });
    const log = await repository.open(logDocIdFor('case-t2', 2));
    markLatestRead(doc, 'u-a-head', joinSegments([{ period: messagePeriod(2), messages: readLogMessages(log) }]), 3);
    await repository.flushed();
    expect((await db.conversations.get(docId))?.unread).toEqual({ 'u-a-head': 0, 'u-chutich': 0 });
    expect((await db.conversations.get(docId))?.lastText).toBe('Các phường báo cáo trước 17 giờ.');
  });
});

describe('a case group following its task', () => {
  const member = (personId: string) => ({ personId, role: 'member' as const, since: 1, addedBy: 'u-chutich' });
  it('adds the leaders of new recipient units and removes those of removed ones, keeping the rest', () => {
    const conv = { members: ['u-a-head', 'u-b-head', 'u-chutich', 'u-guest'].map(member), formerMembers: [] };
    expect(caseGroupChanges(conv, ['u-a-head', 'u-c-head'], ['u-b-head'])).toEqual({
      add: ['u-c-head'],
      remove: ['u-b-head'],
    });
  });

  it('keeps a leader whose unit was removed while another unit of theirs still receives it', () => {
    const conv = { members: ['u-x', 'u-chutich'].map(member), formerMembers: [] };
    expect(caseGroupChanges(conv, ['u-x'], ['u-x'])).toEqual({ add: [], remove: [] });
  });
});

describe('followRecipients', () => {
  it('brings the stored group in step with the task’s recipient units, in one change', async () => {
    const db = new LocalDb('u-chutich');
    opened.push(db);
    await db.officials.bulkPut([official('u-a-head', 'phuong-a', 1), official('u-b-head', 'phuong-b', 1)]);
    const repository = new DocRepository(db);
    const taskDoc = new Y.Doc();
    createTask(taskDoc, {
      id: 't3',
      title: 'Rà soát',
      issuerId: 'u-chutich',
      issuerUnitId: 'ubnd-tp',
      deadline: '2026-12-31',
      recipients: [
        { id: 'phuong-a', kind: 'unit' },
        { id: 'phuong-b', kind: 'unit' },
      ],
      at: 1,
    });
    const task = readTask(taskDoc);
    if (!task) throw new Error('no task');
    const docId = await startCaseGroup(db, repository, { ...BASE, taskId: 't3', unitIds: ['phuong-a'], at: 1 });
    await followRecipients(db, repository, task, 10);
    await repository.flushed();
    expect((await db.conversations.get(docId))?.memberIds).toEqual(['u-a-head', 'u-b-head', 'u-chutich']);
    expect(await db.outbox.where('docId').equals(docId).count()).toBe(2);
    await followRecipients(db, repository, task, 10);
    await repository.flushed();
    expect(await db.outbox.where('docId').equals(docId).count()).toBe(2);
  });
});

const BASE = { title: 'Rà soát', issuerId: 'u-chutich' };
