import { docId as makeDocId, parseDocId } from '@thongsuot/shared/ids';
import { caseConversationId } from '@thongsuot/shared/model/conversation';
import { readTask } from '@thongsuot/shared/model/task';
import type { DocRepository } from '../store/doc-repository.ts';
import { KeeperQueue } from '../store/keeper-queue.ts';
import type { LocalDb } from '../store/local-db.ts';
import { followRecipients, unitLeaders } from './case-group.ts';

export interface CaseGroupKeeperOptions {
  readonly db: LocalDb;
  readonly repository: DocRepository;
  /** The signed-in person: only the groups of the tasks they issued are theirs to keep. */
  readonly me: string;
  readonly now: () => number;
}

export interface CaseGroupKeeper {
  /** Resolves once every task change heard so far has been followed (for tests). */
  idle(): Promise<void>;
  stop(): void;
}

/**
 * Keeps the case groups of the person's directives in step with their recipients on each of
 * their devices, whatever page is open: every task update this tab stores — made here or
 * received from another device — is followed by its case group (case-group.ts). Each stored
 * update is heard by exactly one tab (the one that stored it). Two devices following the same
 * change write the same member entries, so they converge. On start, groups that may have
 * fallen behind (a change stored just before the app closed, leaders unknown until the
 * directory arrived) are followed once.
 */
export function startCaseGroupKeeper(options: CaseGroupKeeperOptions): CaseGroupKeeper {
  const { db, repository, me, now } = options;
  const queue = new KeeperQueue('case group not updated');

  // Most task updates (reports, statuses) leave the recipients alone: those are not followed again.
  const followed = new Map<string, string>();
  const follow = async (taskDocId: string): Promise<void> => {
    const row = await db.tasks.get(taskDocId);
    if (!row || row.issuerId !== me) return;
    const task = readTask(await repository.open(taskDocId));
    if (!task) return;
    const recipients = [task.assignments, task.removedAssignments]
      .map((l) => l.map((a) => a.recipientId).join())
      .join('|');
    if (followed.get(taskDocId) === recipients) return;
    await followRecipients(db, repository, task, now());
    followed.set(taskDocId, recipients);
  };

  const unsubscribe = repository.onStored((docId) => {
    if (parseDocId(docId)?.kind === 'task') queue.schedule(docId, follow); // a burst is followed once
  });
  queue.after(async () => {
    for (const id of await behindOnStart(db, me)) queue.schedule(id, follow);
  }, 'case groups not checked');

  return {
    idle: () => queue.idle(),
    stop() {
      queue.stop();
      unsubscribe();
    },
  };
}

/**
 * The person's directives whose case group, by the list rows alone, may be out of step: a
 * recipient unit's leader missing, or a member other than the issuer who leads no recipient
 * unit (removed, or added by hand — opening the doc tells which). Only those docs are opened.
 */
async function behindOnStart(db: LocalDb, me: string): Promise<string[]> {
  const out: string[] = [];
  for (const row of await db.tasks.where('issuerId').equals(me).toArray()) {
    const group = await db.conversations.get(makeDocId('conv', caseConversationId(row.docId.slice('task/'.length))));
    if (!group || group.createdBy !== me) continue;
    const leaders = new Set(await unitLeaders(db, row.recipientIds));
    const members = new Set(group.memberIds);
    const missing = [...leaders].some((id) => !members.has(id));
    const extra = group.memberIds.some((id) => id !== me && !leaders.has(id));
    if (missing || extra) out.push(row.docId);
  }
  return out;
}
