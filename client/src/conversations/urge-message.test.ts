import { readConvLog } from '@thongsuot/shared/model/conv-log';
import { caseThreadId, readConversation } from '@thongsuot/shared/model/conversation';
import { createTask, readTask } from '@thongsuot/shared/model/task';
import { readUrges } from '@thongsuot/shared/model/urge';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { DocRepository } from '../store/doc-repository.ts';
import { type DirectoryOfficialRow, LocalDb } from '../store/local-db.ts';
import { openRecipientThread } from './case-group.ts';
import { postUrgeMessage, urgeMessageId, urgeWithMessage } from './urge-message.ts';

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

async function setUp() {
  const db = new LocalDb('u-chutich');
  opened.push(db);
  await db.officials.bulkPut([
    official('u-a-head', 'phuong-a', 1),
    official('u-a-staff', 'phuong-a', 5),
    official('u-b-head', 'phuong-b', 1),
  ]);
  const repository = new DocRepository(db);
  const taskDoc = await repository.open('task/t1');
  createTask(taskDoc, {
    id: 't1',
    title: 'Giải tỏa lấn chiếm vỉa hè',
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
  return { db, repository, taskDoc, task };
}

describe('an urge as a message in the case’s thread with its recipient', () => {
  it('ids are stable per urge, distinct across urges, and valid ids', () => {
    const id = urgeMessageId('t1', 'phuong-ben-thanh', 1_700_000_000_000);
    expect(id).toBe(urgeMessageId('t1', 'phuong-ben-thanh', 1_700_000_000_000));
    expect(id).not.toBe(urgeMessageId('t1', 'phuong-ben-thanh', 1_700_000_000_001));
    expect(id).not.toBe(urgeMessageId('t1', 'phuong-sai-gon', 1_700_000_000_000));
    expect(id).toMatch(/^[A-Za-z0-9_-]{1,64}$/);
  });

  it('writes the urge event and one message in the thread with that recipient only, started if missing', async () => {
    const { db, repository, taskDoc, task } = await setUp();
    const urge = { task, recipientId: 'phuong-a', by: 'u-chutich', at: 50, text: 'Đôn đốc Phường A' };
    await urgeWithMessage(db, repository, taskDoc, urge);
    // A retry (a second press is a new urge; a retried write of the same urge is not).
    await postUrgeMessage(db, repository, urge);
    expect(readUrges(readTask(taskDoc)?.events ?? [])).toMatchObject([{ recipientId: 'phuong-a', at: 50 }]);
    const threadId = caseThreadId('t1', 'phuong-a');
    const conv = readConversation(await repository.open(`conv/${threadId}`));
    expect(conv).toMatchObject({ kind: 'case', taskId: 't1', recipientId: 'phuong-a' });
    // Ward B's leader, and the whole case group, hear nothing of an urge to ward A.
    expect(conv?.members.map((m) => m.personId).sort()).toEqual(['u-a-head', 'u-chutich']);
    expect(readConversation(await repository.open('conv/case-t1'))).toBeNull();
    // In the log of the urge's month (1970-01 for a time of 50 ms), once.
    const logId = `convlog/${threadId}_197001`;
    expect(readConvLog(await repository.open(logId))?.messages).toEqual([
      { id: urgeMessageId('t1', 'phuong-a', 50), by: 'u-chutich', at: 50, text: 'Đôn đốc Phường A', taskId: 't1' },
    ]);
    // Stored on the device and waiting in the outbox, offline included; the urging person has nothing unread.
    const row = await db.conversations.get(`conv/${threadId}`);
    expect(row?.lastText).toBe('Đôn đốc Phường A');
    expect(row?.unread).toEqual({ 'u-a-head': 1, 'u-chutich': 0 });
    expect(await db.outbox.where('docId').equals(`conv/${threadId}`).count()).toBeGreaterThan(0);
    expect(await db.outbox.where('docId').equals(logId).count()).toBe(1);
  });

  it('a vice chairman urging starts the thread in the chairman’s name, or joins the one there, and posts', async () => {
    const { db, repository, task } = await setUp();
    const vice = { task, recipientId: 'phuong-a', by: 'u-pho-chutich', at: 60, text: 'Đôn đốc' };
    expect(await postUrgeMessage(db, repository, vice)).toBe(true);
    const thread = readConversation(await repository.open(`conv/${caseThreadId('t1', 'phuong-a')}`));
    // Whoever starts it, the issuer is its creator and owner: two sides starting it at once merge.
    expect(thread?.createdBy).toBe('u-chutich');
    expect(thread?.members.map((m) => [m.personId, m.role])).toEqual([
      ['u-a-head', 'member'],
      ['u-chutich', 'owner'],
      ['u-pho-chutich', 'member'],
    ]);
    // Ward B's thread, started by the chairman: the vice chairman joins it as he urges.
    await openRecipientThread(db, repository, { task, recipientId: 'phuong-b', by: 'u-chutich', at: 61 });
    expect(await postUrgeMessage(db, repository, { ...vice, recipientId: 'phuong-b', at: 62 })).toBe(true);
    const b = readConversation(await repository.open(`conv/${caseThreadId('t1', 'phuong-b')}`));
    expect(b?.members.map((m) => m.personId)).toEqual(['u-b-head', 'u-chutich', 'u-pho-chutich']);
  });
});
