import {
  addProgressReport,
  createTask,
  docId,
  readTask,
  setAssignmentStatus,
  setTaskDeadline,
} from '@thongsuot/shared';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocRepository } from './doc-repository.ts';
import { LocalDb } from './local-db.ts';

// After the server refuses a change, the device's copy must become the server's state plus the
// changes still waiting that the server can take (docs/design.md §4; tasks issue item 6).

const opened: LocalDb[] = [];
afterEach(async () => {
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const ID = docId('task', 'r1');

/** The server's copy: the issuer created the task; the ward has read it. */
function serverDoc(): Y.Doc {
  const doc = new Y.Doc();
  createTask(doc, {
    id: 'r1',
    title: 'Kiểm tra an toàn thực phẩm',
    issuerId: 'u-chutich',
    issuerUnitId: 'ubnd-tp',
    deadline: '2026-03-01',
    recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
    at: 1,
  });
  return doc;
}

async function wardDevice(server: Y.Doc): Promise<{ db: LocalDb; repository: DocRepository; doc: Y.Doc }> {
  const db = new LocalDb(`u-ward-${opened.length}`);
  opened.push(db);
  const repository = new DocRepository(db);
  await repository.applyRemote(ID, Y.encodeStateAsUpdate(server));
  return { db, repository, doc: await repository.open(ID) };
}

describe('DocRepository.rebuild after a refusal', () => {
  it('drops the refused change and what builds on it, keeps independent waiting changes, carries the work over', async () => {
    const server = serverDoc();
    const { db, repository, doc } = await wardDevice(server);
    // Waiting change 1 (accepted later): another writer's report arrives on this device...
    addProgressReport(doc, {
      id: 'p1',
      recipientId: 'phuong-ben-thanh',
      by: 'u-benthanh',
      at: 2,
      text: 'Đã kiểm tra 5 cơ sở',
      percent: 30,
    });
    await repository.flushed();
    const [first] = await db.outbox.toArray();
    // ...which the server accepted (the ack has not come back yet).
    Y.applyUpdate(server, first?.data ?? new Uint8Array());
    // Refused: a recipient moves the deadline. Then a status change in the same session builds on it.
    setTaskDeadline(doc, '2026-04-01', 'u-benthanh', 3);
    setAssignmentStatus(doc, 'phuong-ben-thanh', 'in_progress', 'u-benthanh', 4);
    await repository.flushed();
    expect(await db.outbox.count()).toBe(3);
    const refused = (await db.outbox.toArray())[1];
    await db.outbox.delete(refused?.ref ?? 0); // the sync client drops the refused entry

    const destroyed = new Promise<void>((resolve) => doc.on('destroy', () => resolve()));
    const result = await repository.rebuild(ID, Y.encodeStateAsUpdate(server));
    await destroyed;

    expect(result.kept).toEqual([first?.ref]);
    expect(result.dropped).toHaveLength(1); // the status change builds on the refused one...
    expect(result.carried).toEqual(['status:phuong-ben-thanh:0:in_progress']); // ...and is written again
    const rebuilt = readTask(await repository.open(ID));
    await repository.flushed();
    expect(rebuilt?.deadline).toBe('2026-03-01');
    expect(rebuilt?.reports.map((r) => r.id)).toEqual(['p1']);
    expect(rebuilt?.assignments[0]?.status).toBe('in_progress');
    expect((await db.tasks.get(ID))?.deadline).toBe('2026-03-01');
    expect(await db.outbox.count()).toBe(2); // the kept report and the carried status

    // What the device now sends is accepted by a server holding only the server state.
    for (const entry of await db.outbox.toArray()) Y.applyUpdate(server, entry.data);
    expect(server.store.pendingStructs).toBeNull();
    expect(readTask(server)?.assignments[0]?.status).toBe('in_progress');
    expect(readTask(server)?.deadline).toBe('2026-03-01');
  });

  it('carries over a report written after a reload, which builds on the refused change through the log', async () => {
    const server = serverDoc();
    const { db, repository, doc } = await wardDevice(server);
    setTaskDeadline(doc, '2026-04-01', 'u-benthanh', 3); // will be refused
    await repository.flushed();
    const [refused] = await db.outbox.toArray();
    // A reload: the doc is opened again under a new client id; a report is written.
    const again = new DocRepository(db);
    const reopened = await again.open(ID);
    addProgressReport(reopened, {
      id: 'p2',
      recipientId: 'phuong-ben-thanh',
      by: 'u-benthanh',
      at: 5,
      text: 'Xong 50%',
      percent: 50,
    });
    await again.flushed();
    await db.outbox.delete(refused?.ref ?? 0);

    const result = await again.rebuild(ID, Y.encodeStateAsUpdate(server));
    expect(result.carried).toEqual(['report:p2']);
    const task = readTask(await again.open(ID));
    expect(task?.deadline).toBe('2026-03-01');
    expect(task?.reports.map((r) => [r.percent, r.by, r.at])).toEqual([[50, 'u-benthanh', 5]]);
    // Refused again and rebuilt again: not carried a second time.
    await again.flushed();
    await db.outbox.clear();
    const second = await again.rebuild(ID, Y.encodeStateAsUpdate(server));
    expect(second.carried).toEqual([]);
  });

  it('removes a task the server never accepted (an empty server state)', async () => {
    const db = new LocalDb('u-empty');
    opened.push(db);
    const repository = new DocRepository(db);
    const doc = await repository.open(ID);
    createTask(doc, {
      id: 'r1',
      title: 'Giao trái phép',
      issuerId: 'u-x',
      issuerUnitId: 'ubnd-tp',
      deadline: '2026-03-01',
      recipients: [{ id: 'phuong-ben-thanh', kind: 'unit' }],
      at: 1,
    });
    await repository.flushed();
    await db.outbox.clear();
    await repository.rebuild(ID, Y.encodeStateAsUpdate(new Y.Doc()));
    expect(await db.tasks.get(ID)).toBeUndefined();
    expect(readTask(await repository.open(ID))).toBeNull();
  });
});
