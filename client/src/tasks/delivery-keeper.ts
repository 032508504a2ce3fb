import type { Person } from '@thongsuot/shared/access/principal';
import { ownAssignments } from '@thongsuot/shared/access/task-access';
import { parseDocId } from '@thongsuot/shared/ids';
import { markDelivered } from '@thongsuot/shared/model/delivery';
import { readTask } from '@thongsuot/shared/model/task';
import type * as Y from 'yjs';
import type { DocRepository } from '../store/doc-repository.ts';
import { KeeperQueue } from '../store/keeper-queue.ts';
import type { LocalDb, TaskRow } from '../store/local-db.ts';

/** Tasks recorded as received in one IndexedDB transaction when catching up. */
const CATCH_UP_BATCH = 200;

export interface DeliveryKeeperOptions {
  readonly db: LocalDb;
  readonly repository: DocRepository;
  readonly person: Person;
  readonly now: () => number;
}

export interface DeliveryKeeper {
  /** Resolves once every task heard of so far has been looked at (for tests). */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Records, from this device, that work reached the recipient's side (model/delivery.ts): every
 * task this tab stores in which the person acts for a recipient that nobody on its side has
 * received yet gets this person's delivery entry, whatever page is open. The issuer's "Đã nhận"
 * is this entry arriving through the relay, with the relay's time of it — never the act of
 * sending. On start, rows still showing "Chưa nhận" for the person's own part are looked at
 * once (a task stored just before the app closed).
 */
export function startDeliveryKeeper(options: DeliveryKeeperOptions): DeliveryKeeper {
  const { db, repository, person, now } = options;
  const queue = new KeeperQueue('delivery not recorded');

  /** Records the person's delivery on a task doc, where their side has none yet. */
  const record = (doc: Y.Doc): void => {
    const task = readTask(doc);
    if (!task) return;
    const reached = new Set(task.deliveries.map((d) => d.recipientId));
    const missing = ownAssignments(person, task).filter((id) => !reached.has(id));
    if (missing.length === 0) return;
    const at = now();
    doc.transact(() => {
      for (const recipientId of missing) markDelivered(doc, recipientId, person.id, at);
    });
  };

  const deliver = async (taskDocId: string): Promise<void> => {
    // The list row tells without loading the doc whether the person's side still awaits it.
    const row = await db.tasks.get(taskDocId);
    if (!row || !awaitsMe(row, person)) return;
    await repository.writeInBackground(taskDocId, record);
  };

  /** What a first sync brought, or the app closed on: in batches of one transaction each. */
  const catchUp = async (ids: readonly string[]): Promise<void> => {
    for (let i = 0; i < ids.length && !queue.stopped; i += CATCH_UP_BATCH) {
      await repository.writeBatchInBackground(
        ids.slice(i, i + CATCH_UP_BATCH).map((docId) => ({ docId, write: record })),
      );
    }
  };

  const unsubscribe = repository.onStored((docId) => {
    if (parseDocId(docId)?.kind === 'task') queue.schedule(docId, deliver);
  });
  queue.after(async () => catchUp(await undeliveredOnStart(db, person)), 'deliveries not checked');

  return {
    idle: () => queue.idle(),
    stop() {
      queue.stop();
      unsubscribe();
    },
  };
}

/** Tasks whose list row shows the person's own part (or their unit's) as not yet received. */
async function undeliveredOnStart(db: LocalDb, person: Person): Promise<string[]> {
  const rows = await db.tasks.where('recipientIds').anyOf([person.id, person.unitId]).toArray();
  return rows.filter((row) => awaitsMe(row, person)).map((row) => row.docId);
}

/** Whether the row shows a part of the person (or of their unit) as not yet received. */
function awaitsMe(row: TaskRow, person: Person): boolean {
  return row.recipientIds.some((id, i) => (id === person.id || id === person.unitId) && row.statuses[i] === 'sent');
}
