import type { Person } from '@thongsuot/shared/access/principal';
import { createTask, readTask } from '@thongsuot/shared/model/task';
import Dexie from 'dexie';
import { afterEach, describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { DocRepository } from '../store/doc-repository.ts';
import { LocalDb } from '../store/local-db.ts';
import { type DeliveryKeeper, startDeliveryKeeper } from './delivery-keeper.ts';

const opened: LocalDb[] = [];
const keepers: DeliveryKeeper[] = [];
afterEach(async () => {
  for (const keeper of keepers.splice(0)) keeper.stop();
  for (const db of opened.splice(0)) {
    db.close();
    await Dexie.delete(db.name);
  }
});

const CHAIR: Person = { id: 'u-chutich', unitId: 'ubnd-tp', rank: 1 };
const WARD_CLERK: Person = { id: 'u-a-clerk', unitId: 'phuong-a', rank: 5 };
const OTHER_WARD: Person = { id: 'u-c-clerk', unitId: 'phuong-c', rank: 5 };

/** The directive as the issuer's device wrote it, as an update the relay would forward. */
function directive(): Uint8Array {
  const doc = new Y.Doc();
  createTask(doc, {
    id: 't1',
    title: 'Khơi thông cống',
    issuerId: CHAIR.id,
    issuerUnitId: CHAIR.unitId,
    deadline: '2026-12-31',
    recipients: [
      { id: 'phuong-a', kind: 'unit' },
      { id: 'phuong-b', kind: 'unit' },
    ],
    at: 10,
  });
  return Y.encodeStateAsUpdate(doc);
}

async function device(person: Person, name: string, start = true) {
  const db = new LocalDb(`${person.id}-${name}`);
  opened.push(db);
  const repository = new DocRepository(db);
  let keeper: DeliveryKeeper | null = null;
  const begin = () => {
    keeper = startDeliveryKeeper({ db, repository, person, now: () => 500 });
    keepers.push(keeper);
  };
  if (start) begin();
  const settled = async () => {
    await repository.flushed();
    await keeper?.idle();
    await repository.flushed();
  };
  return { db, repository, settled, begin };
}

describe('delivery keeper: "Đã nhận" only once the work reached the recipient’s side', () => {
  it('the issuer’s own copy shows every recipient as not yet received', async () => {
    const chair = await device(CHAIR, 'phone');
    await chair.repository.applyRemote('task/t1', directive());
    await chair.settled();
    expect((await chair.db.tasks.get('task/t1'))?.statuses).toEqual(['sent', 'sent']);
    expect(readTask(await chair.repository.open('task/t1'))?.deliveries).toEqual([]);
  });

  it('a ward clerk’s device records the ward received it, once, and queues it for the relay', async () => {
    const clerk = await device(WARD_CLERK, 'phone');
    await clerk.repository.applyRemote('task/t1', directive());
    await clerk.settled();
    const task = readTask(await clerk.repository.open('task/t1'));
    expect(task?.deliveries).toEqual([{ recipientId: 'phuong-a', by: WARD_CLERK.id, at: 500 }]);
    expect((await clerk.db.tasks.get('task/t1'))?.statuses).toEqual(['received', 'sent']);
    expect(await clerk.db.outbox.where('docId').equals('task/t1').count()).toBeGreaterThan(0);
    // Hearing the doc again writes nothing more.
    const before = await clerk.db.outbox.count();
    await clerk.repository.applyRemote('task/t1', directive());
    await clerk.settled();
    expect(await clerk.db.outbox.count()).toBe(before);
  });

  it('someone of another unit records nothing', async () => {
    const other = await device(OTHER_WARD, 'phone');
    await other.repository.applyRemote('task/t1', directive());
    await other.settled();
    expect(readTask(await other.repository.open('task/t1'))?.deliveries).toEqual([]);
    expect(await other.db.outbox.count()).toBe(0);
  });

  it('a task stored before the app closed is delivered on the next start', async () => {
    const clerk = await device(WARD_CLERK, 'laptop', false);
    await clerk.repository.applyRemote('task/t1', directive());
    await clerk.repository.flushed();
    expect((await clerk.db.tasks.get('task/t1'))?.statuses).toEqual(['sent', 'sent']);
    clerk.begin();
    await clerk.settled();
    expect((await clerk.db.tasks.get('task/t1'))?.statuses).toEqual(['received', 'sent']);
  });

  it('catching up after a first sync records hundreds of deliveries in a few transactions, each sent', async () => {
    const clerk = await device(WARD_CLERK, 'tablet', false);
    const many = Array.from({ length: 250 }, (_, i) => {
      const doc = new Y.Doc();
      createTask(doc, {
        id: `m${i}`,
        title: `Việc ${i}`,
        issuerId: CHAIR.id,
        issuerUnitId: CHAIR.unitId,
        deadline: '2026-12-31',
        recipients: [{ id: 'phuong-a', kind: 'unit' }],
        at: 10,
      });
      return { docId: `task/m${i}`, update: Y.encodeStateAsUpdate(doc) };
    });
    await clerk.repository.applyRemoteBatch(many);
    const sent: string[] = [];
    clerk.repository.onLocalUpdate((docId) => sent.push(docId));
    clerk.begin();
    await clerk.settled();
    const rows = await clerk.db.tasks.where('recipientIds').equals('phuong-a').toArray();
    expect(rows.filter((r) => r.statuses[0] === 'received')).toHaveLength(250);
    expect(await clerk.db.outbox.count()).toBe(250);
    expect(new Set(sent).size).toBe(250);
    expect(readTask(await clerk.repository.open('task/m7'))?.deliveries).toEqual([
      { recipientId: 'phuong-a', by: WARD_CLERK.id, at: 500 },
    ]);
  });
});
