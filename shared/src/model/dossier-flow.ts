import * as v from 'valibot';
import type * as Y from 'yjs';
import {
  ACTION_OF_ROLE,
  SIGNED_CONTENT_VERSION,
  type SignableDossier,
  type SignedContent,
} from '../signing/signable.ts';
import { type SignedStatement, SignedStatementSchema } from '../signing/signature.ts';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, CalendarDateSchema, IdSchema, nonBlankText, TimestampSchema } from '../validation/primitives.ts';
import type { Dossier } from './dossier.ts';
import { dossierFlow } from './dossier-doc.ts';

/**
 * An outgoing document's way to issue (docs/design.md §18): the drafter submits it along a review
 * chain of the unit's people — reviewers (xem xét) then the signer (ký ban hành), each step with
 * its deadline —; each step approves with a signature, returns it with comments, or forwards the
 * step to someone else; the signer signs; a clerk issues it and the relay gives the outgoing
 * number. A return ends the round: the drafter edits and submits a new round.
 *
 * The `flow` root holds one entry per action, keyed `<round>/<seq>`: `0` is the round's
 * submission, each later seq the next action. Only one person may act at any time (the current
 * step's, or the clerk), and an entry is written once, so the fold is the same on every device.
 */
export const MAX_CHAIN_STEPS = 20;
export const MAX_ROUNDS = 50;
export const MAX_FLOW_SEQ = 200;

export const ChainEntrySchema = v.strictObject({
  role: v.picklist(['review', 'sign']),
  personId: IdSchema,
  /** Hạn xử lý của bước. */
  deadline: CalendarDateSchema,
});
export type ChainEntry = v.InferOutput<typeof ChainEntrySchema>;

const base = { by: IdSchema, at: TimestampSchema };
export const SubmitSchema = v.strictObject({
  type: v.literal('submit'),
  ...base,
  chain: v.pipe(
    v.array(ChainEntrySchema),
    v.minLength(1),
    v.maxLength(MAX_CHAIN_STEPS),
    v.check(
      (steps) => steps.findIndex((s) => s.role === 'sign') === steps.length - 1,
      'the chain ends with its one signer',
    ),
  ),
  /** Hạn phát hành: by when the clerk issues it once signed. */
  issueDeadline: CalendarDateSchema,
});
export const SignedActionSchema = v.strictObject({
  type: v.picklist(['approve', 'sign']),
  ...base,
  statement: SignedStatementSchema,
});
export const ReturnSchema = v.strictObject({ type: v.literal('return'), ...base, comment: nonBlankText(2_000) });
export const ForwardSchema = v.strictObject({
  type: v.literal('forward'),
  ...base,
  to: IdSchema,
  comment: boundedText(2_000),
});
export const IssueSchema = v.strictObject({ type: v.literal('issue'), ...base });
export const FlowActionSchema = v.variant('type', [
  SubmitSchema,
  SignedActionSchema,
  ReturnSchema,
  ForwardSchema,
  IssueSchema,
]);
export type FlowAction = v.InferOutput<typeof FlowActionSchema>;
export type Submit = v.InferOutput<typeof SubmitSchema>;

export const FLOW_KEY = /^(\d{1,2})\/(\d{1,3})$/;

export function flowKey(round: number, seq: number): string {
  return `${round}/${seq}`;
}

/** Where an outgoing document stands. */
export type FlowStatus = 'draft' | 'in_review' | 'returned' | 'awaiting_issue' | 'issuing' | 'issued';

export interface StepState extends ChainEntry {
  readonly index: number;
  /** Who holds the step now (after forwards). */
  readonly holder: string;
  readonly done: { readonly type: 'approve' | 'sign'; readonly by: string; readonly at: number } | null;
}

export interface FlowState {
  readonly status: FlowStatus;
  /** The current round (0 before the first submission). */
  readonly round: number;
  /** The next action's key in the current round. */
  readonly nextKey: string;
  readonly steps: readonly StepState[];
  /** The step waiting for action, while in review. */
  readonly current: StepState | null;
  readonly issueDeadline: string | null;
  /** The current round's signed statements, in chain order. */
  readonly statements: readonly { readonly key: string; readonly statement: SignedStatement }[];
  /** Every action of every round, oldest first: the document's history. */
  readonly history: readonly { readonly key: string; readonly round: number; readonly action: FlowAction }[];
  /** The last return's comment, while the drafter has not submitted again. */
  readonly returned: { readonly by: string; readonly at: number; readonly comment: string } | null;
  /** A round's entries that do not follow the rules (only possible in a doc the relay never saw). */
  readonly broken: boolean;
}

/** The flow's entries by key, parsed; null if any is malformed or misplaced. */
export function parseFlow(raw: Iterable<[string, unknown]>): Map<string, FlowAction> | null {
  const out = new Map<string, FlowAction>();
  for (const [key, value] of raw) {
    const m = FLOW_KEY.exec(key);
    if (!m || Number(m[1]) >= MAX_ROUNDS || Number(m[2]) >= MAX_FLOW_SEQ) return null;
    const parsed = v.safeParse(FlowActionSchema, value);
    if (!parsed.success) return null;
    out.set(key, parsed.output);
  }
  return out;
}

/** Folds the flow's entries into where the document stands. `registered`: the relay has numbered it. */
export function flowState(flow: ReadonlyMap<string, FlowAction>, registered: boolean): FlowState {
  const history = [...flow.entries()]
    .map(([key, action]) => {
      const [r, s] = key.split('/').map(Number) as [number, number];
      return { key, round: r, seq: s, action };
    })
    .sort((a, b) => a.round - b.round || a.seq - b.seq);
  let round = 0;
  while (flow.has(flowKey(round + 1, 0))) round++;
  const submit = flow.get(flowKey(round, 0));
  let broken = false;
  let returned: FlowState['returned'] = null;
  if (round > 0) {
    const last = history.filter((h) => h.round === round - 1).pop();
    if (last?.action.type !== 'return') broken = true;
  }
  if (!submit || submit.type !== 'submit') {
    const previous = history.filter((h) => h.round === round).length > 0;
    return {
      status: 'draft',
      round,
      nextKey: flowKey(round, 0),
      steps: [],
      current: null,
      issueDeadline: null,
      statements: [],
      history: history.map(({ key, round: r, action }) => ({ key, round: r, action })),
      returned: null,
      broken: broken || previous,
    };
  }
  const steps: StepState[] = submit.chain.map((entry, index) => ({
    ...entry,
    index,
    holder: entry.personId,
    done: null,
  }));
  const statements: { key: string; statement: SignedStatement }[] = [];
  let stepIndex = 0;
  let seq = 1;
  let issued = false;
  let status: FlowStatus = 'in_review';
  for (; flow.has(flowKey(round, seq)); seq++) {
    const action = flow.get(flowKey(round, seq)) as FlowAction;
    const step = steps[stepIndex];
    if (status === 'returned' || issued || action.type === 'submit') {
      broken = true;
      break;
    }
    if (!step) {
      if (action.type === 'issue') issued = true;
      else broken = true;
      continue;
    }
    if (action.type === 'forward') {
      steps[stepIndex] = { ...step, holder: action.to };
    } else if (action.type === 'return') {
      status = 'returned';
      returned = { by: action.by, at: action.at, comment: action.comment };
    } else if (action.type === 'approve' || action.type === 'sign') {
      steps[stepIndex] = { ...step, done: { type: action.type, by: action.by, at: action.at } };
      statements.push({ key: flowKey(round, seq), statement: action.statement });
      stepIndex++;
    } else {
      broken = true;
    }
  }
  if (status !== 'returned') {
    if (stepIndex < steps.length) status = 'in_review';
    else status = registered ? 'issued' : issued ? 'issuing' : 'awaiting_issue';
  }
  return {
    status,
    round,
    nextKey: flowKey(round, seq),
    steps,
    current: status === 'in_review' ? (steps[stepIndex] ?? null) : null,
    issueDeadline: submit.issueDeadline,
    statements,
    history: history.map(({ key, round: r, action }) => ({ key, round: r, action })),
    returned,
    broken,
  };
}

/** The chain as verification knows it (signing/verify.ts): who acted at each step, after forwards. */
export function verificationChain(state: FlowState): { index: number; role: 'review' | 'sign'; personId: string }[] {
  return state.steps.map((s) => ({ index: s.index, role: s.role, personId: s.holder }));
}

/** What an outgoing document's signatures cover: its fields as the signable schema has them. */
export function signableOf(dossier: Dossier): SignableDossier {
  return {
    id: dossier.id,
    kind: dossier.kind,
    unitId: dossier.unitId,
    issuingBody: dossier.issuingBody,
    numberSymbol: dossier.numberSymbol,
    date: dossier.date,
    docType: dossier.docType,
    summary: dossier.summary,
    body: dossier.body,
    urgency: dossier.urgency,
    confidentiality: dossier.confidentiality,
    recipients: [...dossier.recipients],
    files: dossier.files.map((f) => ({ name: f.name, sha256: f.sha256 as string, size: f.size })),
  };
}

/** What the holder of the current step signs: the document as it is now, the step, the time, the signer's key. */
export function stepContent(
  dossier: Dossier,
  step: Pick<StepState, 'index' | 'role'>,
  signer: { readonly personId: string; readonly keyId: string },
  at: number,
): SignedContent {
  return {
    v: SIGNED_CONTENT_VERSION,
    dossier: signableOf(dossier),
    step: { index: step.index, role: step.role, action: ACTION_OF_ROLE[step.role] },
    at,
    signer: { personId: signer.personId, keyId: signer.keyId, algorithm: 'ECDSA-P256' },
  };
}

function writeAction(doc: Y.Doc, key: string, action: FlowAction): void {
  const valid = parseOrThrow(FlowActionSchema, action, 'flow action');
  if (dossierFlow(doc).has(key)) throw new Error(`the document has moved on: ${key} is taken`);
  dossierFlow(doc).set(key, valid);
}

export function submitDraft(doc: Y.Doc, state: FlowState, input: Omit<Submit, 'type'>): void {
  if (state.status !== 'draft' && state.status !== 'returned') throw new Error('the document is not a draft');
  const round = state.status === 'returned' ? state.round + 1 : state.round;
  writeAction(doc, flowKey(round, 0), { type: 'submit', ...input });
}

export function actOnStep(doc: Y.Doc, state: FlowState, action: Exclude<FlowAction, Submit>): void {
  const ready = action.type === 'issue' ? state.status === 'awaiting_issue' : state.status === 'in_review';
  if (!ready) throw new Error('the document is not waiting for this action');
  writeAction(doc, state.nextKey, action);
}
