import {
  caseConversationId,
  createConversation,
  createTask,
  type ErrorCode,
  type NewIncoming,
  type NewTask,
  RANKS,
  readConversation,
  readDossier,
  readTask,
  registerIncoming,
} from '@thongsuot/shared';
import * as Y from 'yjs';
import { serverEdit } from '../admin/server-edit.ts';
import type { ServerContext } from '../context.ts';
import type { Account } from '../storage/account-store.ts';
import { personOf } from './api-guard.ts';

/** A write the relay refused, with its rule's code and Vietnamese message. */
export interface Refusal {
  readonly code: ErrorCode;
  readonly message: string;
}

type Written = { readonly ok: true } | ({ readonly ok: false } & Refusal);

/** Y.encodeStateVector of an empty doc: "send me everything". */
const EMPTY_STATE_VECTOR = new Uint8Array([0]);

/** A case group larger than this is cut to the heads of the units (as on a device). */
const MAX_CASE_MEMBERS = 5_000;

/**
 * The leaders (heads and deputies) of the units, from the relay's accounts: who a device's
 * directory would list for the case group (client/src/conversations/case-group.ts).
 */
function unitLeaders(ctx: ServerContext, unitIds: readonly string[]): string[] {
  const units = new Set(unitIds);
  const leaders = ctx.accounts.officials().filter((o) => units.has(o.unitId) && o.rank <= RANKS.deputy);
  const chosen = leaders.length <= MAX_CASE_MEMBERS ? leaders : leaders.filter((o) => o.rank === RANKS.head);
  return [...new Set(chosen.map((o) => o.id))].sort();
}

/**
 * A directive as the app's new-task form writes it (client/src/store/intents.ts 'directive'):
 * the task doc, then its case group (the issuer and the recipient units' leaders), each in the
 * acting person's name through the relay's write path. Each part is written only if absent, so a
 * request repeated after a failure completes what is missing and never writes anything twice.
 */
export async function writeDirective(
  ctx: ServerContext,
  acting: Account,
  task: Omit<NewTask, 'issuerId' | 'issuerUnitId'>,
): Promise<Written> {
  const person = personOf(acting);
  const written = await serverEdit(ctx, person, `task/${task.id}`, (doc) => {
    if (readTask(doc) === null) createTask(doc, { ...task, issuerId: acting.id, issuerUnitId: acting.unitId });
  });
  if (!written.ok) return written;
  const convId = caseConversationId(task.id);
  const unitIds = task.recipients.filter((r) => r.kind === 'unit').map((r) => r.id);
  const leaders = unitLeaders(ctx, unitIds).filter((id) => id !== acting.id);
  return serverEdit(ctx, person, `conv/${convId}`, (doc) => {
    if (readConversation(doc) !== null) return;
    createConversation(doc, {
      id: convId,
      kind: 'case',
      title: task.title.slice(0, 200),
      taskId: task.id,
      createdBy: acting.id,
      at: task.at,
      members: [acting.id, ...leaders],
    });
  });
}

/**
 * An incoming document entered in its unit's register as the app's form does
 * (client/src/documents/RegisterIncomingForm.tsx), in the acting clerk's name: it waits for the
 * relay's registrar to give its number.
 */
export async function writeIncoming(ctx: ServerContext, acting: Account, input: NewIncoming): Promise<Written> {
  return serverEdit(ctx, personOf(acting), `dossier/${input.id}`, (doc) => {
    if (readDossier(doc) === null) registerIncoming(doc, { ...input, by: acting.id });
  });
}

/** The doc as the relay holds it now (read from its apply worker, whoever may read it). */
export async function readDoc(ctx: ServerContext, docId: string): Promise<Y.Doc | null> {
  const current = await ctx.engine.diff(docId, EMPTY_STATE_VECTOR);
  if (!current.ok) return null;
  const doc = new Y.Doc({ gc: true });
  Y.applyUpdate(doc, current.update);
  return doc;
}
