import { readConvLog } from '@thongsuot/shared/model/conv-log';
import { caseThreadId, readConversation } from '@thongsuot/shared/model/conversation';
import { createTask, readTask } from '@thongsuot/shared/model/task';
import { readUrges, urgeRecipient } from '@thongsuot/shared/model/urge';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import { urgeMessageId } from '../conversations/urge-message.ts';
import { DocRepository } from './doc-repository.ts';
import { type Intent, perform, replayIntents } from './intents.ts';
import { LocalDb } from './local-db.ts';

const opened: LocalDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const TASK = {
  title: 'Giải tỏa lấn chiếm vỉa hè',
  issuerId: 'u-chutich',
  issuerUnitId: 'ubnd-tp',
  deadline: '2026-12-31',
  recipients: [{ id: 'phuong-a', kind: 'unit' as const }],
  at: 1,
};

/** A device whose app is reloaded: the same IndexedDB, a new repository (nothing in memory survives). */
async function device() {
  const db = new LocalDb(`u-chutich-${opened.length}`);
  opened.push(db);
  await db.officials.bulkPut([
    { id: 'u-a-head', fullName: 'Trưởng phường A', position: '', unitId: 'phuong-a', phone: '', email: '', rank: 1 },
  ]);
  return { db, repository: new DocRepository(db) };
}

async function reloaded(db: LocalDb, before: DocRepository) {
  await before.flushed();
  before.destroy();
  return { db, repository: new DocRepository(db) };
}

/** An action cut off after its first part: written down, the first part stored, then a reload. */
async function interrupted(db: LocalDb, intent: Intent, firstPart: () => Promise<void>): Promise<void> {
  await db.intents.put({ id: 'cut', intent, createdAt: 1, attempts: 0 });
  await firstPart();
}

describe('actions that write several docs survive a reload between their parts', () => {
  it('an urge cut after its event gets its message in the recipient’s thread at the next start, and no second event', async () => {
    const { db, repository } = await device();
    const taskDoc = await repository.open('task/t1');
    createTask(taskDoc, { id: 't1', ...TASK });
    const urge: Intent = {
      kind: 'urge',
      taskDocId: 'task/t1',
      recipientId: 'phuong-a',
      by: 'u-chutich',
      at: 50,
      text: 'Đôn đốc Phường A',
    };
    await interrupted(db, urge, async () => urgeRecipient(taskDoc, 'phuong-a', 'u-chutich', 50));
    const after = await reloaded(db, repository);
    // Before the journal, the message was lost for good here: nothing knew the urge was half done.
    const logId = `convlog/${caseThreadId('t1', 'phuong-a')}_197001`;
    expect(readConvLog(await after.repository.open(logId))).toBeNull();

    expect(await replayIntents(after)).toBe(1);
    const task = readTask(await after.repository.open('task/t1'));
    expect(readUrges(task?.events ?? [])).toHaveLength(1);
    const log = readConvLog(await after.repository.open(logId));
    expect(log?.messages.map((m) => m.id)).toEqual([urgeMessageId('t1', 'phuong-a', 50)]);
    expect(await db.intents.count()).toBe(0);
    // A second start finds nothing to do.
    expect(await replayIntents(after)).toBe(0);
    after.repository.destroy();
  });

  it('a directive cut before its case group gets the group at the next start; a completed one leaves no row', async () => {
    const { db, repository } = await device();
    const directive: Intent = {
      kind: 'directive',
      taskId: 't2',
      directive: TASK,
      caseGroup: { taskId: 't2', title: TASK.title, issuerId: 'u-chutich', unitIds: ['phuong-a'], at: 1 },
    };
    await interrupted(db, directive, async () => {
      createTask(await repository.open('task/t2'), { id: 't2', ...TASK });
    });
    const after = await reloaded(db, repository);
    expect(readConversation(await after.repository.open('conv/case-t2'))).toBeNull();
    expect(await replayIntents(after)).toBe(1);
    const group = readConversation(await after.repository.open('conv/case-t2'));
    expect(group?.members.map((m) => m.personId).sort()).toEqual(['u-a-head', 'u-chutich']);
    expect(readTask(await after.repository.open('task/t2'))?.title).toBe(TASK.title);

    // Done in one go, the action leaves nothing to replay.
    const t3 = await perform(after, {
      ...directive,
      taskId: 't3',
      caseGroup: { ...directive.caseGroup, taskId: 't3' },
    });
    expect(t3).toBe('task/t3');
    expect(await db.intents.count()).toBe(0);
    expect(readConversation(await after.repository.open('conv/case-t3'))).not.toBeNull();
    after.repository.destroy();
  });

  it('a hand-down cut after the child task gets its link under the parent once', async () => {
    const { db, repository } = await device();
    const parentDoc = await repository.open('task/p1');
    createTask(parentDoc, { id: 'p1', ...TASK });
    const handDown: Intent = {
      kind: 'hand-down',
      childId: 'c1',
      parentDocId: 'task/p1',
      recipientId: 'phuong-a',
      issuer: { id: 'u-a-head', unitId: 'phuong-a' },
      people: ['u-a-staff'],
      title: 'Khảo sát tuyến Lê Lợi',
      body: '',
      deadline: '2026-12-20',
      at: 5,
    };
    await interrupted(db, handDown, async () => {
      createTask(await repository.open('task/c1'), {
        ...TASK,
        id: 'c1',
        title: 'Khảo sát tuyến Lê Lợi',
        issuerId: 'u-a-head',
        issuerUnitId: 'phuong-a',
        recipients: [{ id: 'u-a-staff', kind: 'person' }],
        parent: { taskId: 'p1', recipientId: 'phuong-a', monitors: ['user:u-chutich', 'unit:ubnd-tp'] },
      });
    });
    const after = await reloaded(db, repository);
    expect(await replayIntents(after)).toBe(1);
    expect(await replayIntents(after)).toBe(0);
    const parent = readTask(await after.repository.open('task/p1'));
    expect(parent?.subAssignments.map((s) => s.childTaskId)).toEqual(['c1']);
    // The child was not written twice: one creation event.
    const child = readTask(await after.repository.open('task/c1'));
    expect(child?.events.filter((e) => e.type === 'created')).toHaveLength(1);
    after.repository.destroy();
  });
});
