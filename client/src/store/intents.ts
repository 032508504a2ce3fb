import { docId as makeDocId, newId } from '@thongsuot/shared/ids';
import { type Instruction, readDossier, writeInstruction } from '@thongsuot/shared/model/dossier';
import type { NewTask } from '@thongsuot/shared/model/task';
import { readTask } from '@thongsuot/shared/model/task';
import { type CaseTask, startCaseGroup } from '../conversations/case-group.ts';
import { assignFromConversation, type DirectivePrefill } from '../conversations/task-from-conversation.ts';
import { urgeWithMessage } from '../conversations/urge-message.ts';
import { createDirective } from '../tasks/create-directive.ts';
import { type SubAssignment, subAssign } from '../tasks/sub-assign.ts';
import type { DocRepository } from './doc-repository.ts';
import type { LocalDb } from './local-db.ts';

/**
 * An action that writes more than one doc (docs/design.md §6). Every id and time it will use is
 * chosen before it starts, so each part can be done again without doing it twice.
 */
export type Intent =
  | {
      /** The `urged` event in the task, then the message in its case group. */
      readonly kind: 'urge';
      readonly taskDocId: string;
      readonly recipientId: string;
      readonly by: string;
      readonly at: number;
      readonly text: string;
    }
  | {
      /** A directive, then its case group; from a conversation, also the message linking it there. */
      readonly kind: 'directive';
      readonly taskId: string;
      readonly directive: Omit<NewTask, 'id' | 'parent'>;
      readonly caseGroup: CaseTask;
      readonly fromConversation?: {
        readonly prefill: DirectivePrefill;
        readonly message: string;
        readonly messageId: string;
      };
    }
  | {
      /** The task an incoming document's instruction creates, then the instruction in the document. */
      readonly kind: 'instruct';
      readonly dossierDocId: string;
      readonly taskId: string;
      readonly directive: Omit<NewTask, 'id' | 'parent'>;
      readonly instruction: Instruction;
      /** For units among the recipients: the case group, as for any directive. */
      readonly caseGroup: CaseTask | null;
    }
  | (Omit<SubAssignment, 'parentDoc' | 'parent'> & {
      /** A child task to people below, then its link under the parent's assignment. */
      readonly kind: 'hand-down';
      readonly childId: string;
      /** The parent is read from its doc when the action is carried out (plain data only here). */
      readonly parentDocId: string;
    });

/** An action written down before its parts, removed once they are all stored. */
export interface IntentRow {
  id: string;
  intent: Intent;
  createdAt: number;
  /** Replays that failed (kept for the next start; given up after MAX_ATTEMPTS). */
  attempts: number;
}

const MAX_ATTEMPTS = 5;

export interface IntentContext {
  readonly db: LocalDb;
  readonly repository: DocRepository;
}

/** Does every part of the action that is not done yet; each part checks before it writes. */
async function carryOut({ db, repository }: IntentContext, intent: Intent): Promise<string> {
  switch (intent.kind) {
    case 'urge': {
      const doc = await repository.open(intent.taskDocId);
      const task = readTask(doc);
      if (!task) return intent.taskDocId;
      await urgeWithMessage(db, repository, doc, { task, ...intent });
      return intent.taskDocId;
    }
    case 'directive': {
      const { fromConversation: from } = intent;
      const taskDocId = from
        ? await assignFromConversation(
            repository,
            { prefill: from.prefill, directive: intent.directive, message: from.message },
            { taskId: intent.taskId, messageId: from.messageId },
          )
        : await createDirective(repository, intent.directive, intent.taskId);
      await startCaseGroup(db, repository, intent.caseGroup);
      await repository.flushed();
      return taskDocId;
    }
    case 'instruct': {
      const taskDocId = await createDirective(repository, intent.directive, intent.taskId);
      if (intent.caseGroup) await startCaseGroup(db, repository, intent.caseGroup);
      const dossier = await repository.open(intent.dossierDocId);
      const current = readDossier(dossier);
      if (current && !current.instruction && !current.information) writeInstruction(dossier, intent.instruction);
      await repository.flushed();
      return taskDocId;
    }
    case 'hand-down': {
      const parentDoc = await repository.open(intent.parentDocId);
      const parent = readTask(parentDoc);
      if (!parent) return makeDocId('task', intent.childId);
      return subAssign(repository, { ...intent, parentDoc, parent }, intent.childId);
    }
  }
}

/** Tabs of one person take turns: a tab starting never replays an action another tab is doing. */
function exclusive<T>(db: LocalDb, run: () => Promise<T>): Promise<T> {
  const locks = (globalThis.navigator as Navigator | undefined)?.locks;
  return locks ? locks.request(`${db.name}-intents`, run) : run();
}

/**
 * Performs an action that writes several docs so that a reload or a crash between its parts
 * loses none of them: the action is written to IndexedDB first, its parts follow (each stored
 * with its outbox entry), and the row goes once all are stored. A row left behind is carried out
 * again at the next start (`replayIntents`). Returns the doc id the action is about.
 */
export function perform(context: IntentContext, intent: Intent): Promise<string> {
  return exclusive(context.db, async () => {
    const id = newId();
    await context.db.intents.put({ id, intent, createdAt: Date.now(), attempts: 0 });
    const result = await carryOut(context, intent);
    await context.repository.flushed();
    await context.db.intents.delete(id);
    return result;
  });
}

/** Completes the actions a reload or a crash interrupted; returns how many were completed. */
export function replayIntents(context: IntentContext): Promise<number> {
  return exclusive(context.db, async () => {
    let done = 0;
    for (const row of await context.db.intents.orderBy('createdAt').toArray()) {
      try {
        await carryOut(context, row.intent);
        await context.repository.flushed();
        await context.db.intents.delete(row.id);
        done++;
      } catch (error) {
        console.error('an interrupted action could not be completed', row.intent.kind, error);
        if (row.attempts + 1 >= MAX_ATTEMPTS) await context.db.intents.delete(row.id);
        else await context.db.intents.update(row.id, { attempts: row.attempts + 1 });
      }
    }
    return done;
  });
}
