import * as v from 'valibot';
import { type PublicKey, PublicKeySchema } from '../model/public-key.ts';
import { decidingTime, timesDisagree } from '../model/receipts.ts';
import { parseOrThrow } from '../validation/parse.ts';
import { IdSchema } from '../validation/primitives.ts';
import { sha256Hex } from './bytes.ts';
import { canonicalBytes, normalizeContent, normalizeDossier } from './canonical.ts';
import {
  ACTION_OF_ROLE,
  SIGNABLE_FIELDS,
  SIGNABLE_LIMITS,
  type SignableDossier,
  type SignableField,
  type SignedFile,
  STEP_ROLES,
  type StepAction,
  type StepRole,
} from './signable.ts';
import { type ReceivedStatement, ReceivedStatementSchema, verifySignature } from './signature.ts';

/**
 * Checks a document's signatures the way anyone holding it can, offline (docs/design.md §12).
 *
 * Each statement gets one status, the first that applies, in this order:
 * 1. `unknown_key`      no registry key of the claimed signer has the claimed key id — or
 *    `signer_mismatch`  one of someone else's keys with that id made the signature: the
 *                       statement names a person who is not the key's owner;
 * 2. `bad_signature`    the signature does not verify over the content it carries (the content
 *                       was altered, or the signature is not this key's), or its hash is wrong;
 * 3. `key_revoked`      the key was revoked at or before the deciding time;
 * 4. `key_not_yet_published`  the deciding time is before the key was published;
 * 5. `not_in_chain`     the review chain has no such step, or it is someone else's, or the
 *                       statement's role or action is not the step's;
 * 6. `changed_after`    the statement is sound, but the document's current fields or files
 *                       differ from what it signed (`changes` says which);
 * 7. `valid`.
 *
 * The deciding time, as everywhere in the app (receipts.ts `decidingTime`), is when the relay
 * received the statement when it has, else the device's claimed signing time. So a statement
 * made offline before its key was revoked, but that reached the relay only after, counts as
 * made with a revoked key: a stolen key can't sign backdated statements that would still pass.
 * The honest signer signs again with their new key. A key revoked after the deciding time keeps
 * the statements made before it valid. Both times are returned, and whether they disagree.
 *
 * The overall verdict: `invalid` if any statement is neither `valid` nor `changed_after`;
 * else `changed` if any is `changed_after`; else `incomplete` if some step of the chain has no
 * valid statement (or there are none); else `valid`.
 */
export const SIGNATURE_STATUSES = [
  'valid',
  'changed_after',
  'bad_signature',
  'unknown_key',
  'key_revoked',
  'key_not_yet_published',
  'not_in_chain',
  'signer_mismatch',
] as const;
export type SignatureStatus = (typeof SIGNATURE_STATUSES)[number];
export const VERDICTS = ['valid', 'incomplete', 'changed', 'invalid'] as const;
export type Verdict = (typeof VERDICTS)[number];

/** A step of the review chain, in order: who must approve (review) or sign (sign) at each index. */
export const ChainStepSchema = v.strictObject({
  index: v.pipe(v.number(), v.integer(), v.minValue(0), v.maxValue(SIGNABLE_LIMITS.steps - 1)),
  role: v.picklist(STEP_ROLES),
  personId: IdSchema,
});
export type ChainStep = v.InferOutput<typeof ChainStepSchema>;
export const ChainSchema = v.pipe(
  v.array(ChainStepSchema),
  v.maxLength(SIGNABLE_LIMITS.steps),
  v.check((steps) => new Set(steps.map((s) => s.index)).size === steps.length, 'a chain has each step once'),
);

export interface DossierChanges {
  /** The signable fields whose value differs (files aside). */
  readonly fields: readonly SignableField[];
  /** Files the document has now that the statement did not sign. */
  readonly filesAdded: readonly SignedFile[];
  /** Files the statement signed that the document no longer has (or has with other bytes). */
  readonly filesRemoved: readonly SignedFile[];
}

export interface SignatureCheck {
  readonly step: { readonly index: number; readonly role: StepRole; readonly action: StepAction };
  readonly signer: { readonly personId: string; readonly keyId: string };
  /** The device's claimed time of signing. */
  readonly at: number;
  /** When the relay received the statement; null if it has not. */
  readonly receivedAt: number | null;
  /** The time key validity was judged at: `receivedAt` when known, else `at`. */
  readonly decidingAt: number;
  /** Device and relay times more than 5 minutes apart: show both. */
  readonly timesDisagree: boolean;
  readonly status: SignatureStatus;
  /** Only for `changed_after`. */
  readonly changes: DossierChanges | null;
  readonly canonicalSha256: string;
}

export interface ChainStepState extends ChainStep {
  /** A valid statement exists for the step. */
  readonly signed: boolean;
}

export interface DossierVerification {
  readonly verdict: Verdict;
  readonly signatures: readonly SignatureCheck[];
  readonly steps: readonly ChainStepState[];
}

export interface VerifyDossierInput {
  /**
   * The document as the holder has it now: its signable fields and its files, each with the
   * SHA-256 computed from the bytes the holder has (or the hash claimed, when they have none).
   */
  readonly current: unknown;
  readonly statements: readonly unknown[];
  /** The key registry, with revoked keys kept: everyone's, or at least the signers'. */
  readonly keys: readonly unknown[];
  readonly chain: readonly unknown[];
}

function sameValue(a: unknown, b: unknown): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

const fileKey = (f: SignedFile) => `${f.sha256}/${f.name}/${f.size}`;

/** What differs between two normalized documents. */
export function dossierChanges(signed: SignableDossier, current: SignableDossier): DossierChanges {
  const fields = SIGNABLE_FIELDS.filter((field) => !sameValue(signed[field], current[field]));
  const before = new Set(signed.files.map(fileKey));
  const after = new Set(current.files.map(fileKey));
  return {
    fields,
    filesAdded: current.files.filter((f) => !before.has(fileKey(f))),
    filesRemoved: signed.files.filter((f) => !after.has(fileKey(f))),
  };
}

function unchanged(changes: DossierChanges): boolean {
  return changes.fields.length === 0 && changes.filesAdded.length === 0 && changes.filesRemoved.length === 0;
}

async function checkStatement(
  statement: ReceivedStatement,
  current: SignableDossier,
  keys: readonly PublicKey[],
  chain: ReadonlyMap<number, ChainStep>,
): Promise<SignatureCheck> {
  const { content, receivedAt } = statement;
  const { personId, keyId } = content.signer;
  const time = { device: content.at, relay: receivedAt };
  const decidingAt = decidingTime(time);
  const result = (status: SignatureStatus, changes: DossierChanges | null = null): SignatureCheck => ({
    step: { ...content.step },
    signer: { personId, keyId },
    at: content.at,
    receivedAt,
    decidingAt,
    timesDisagree: timesDisagree(time),
    status,
    changes,
    canonicalSha256: statement.canonicalSha256,
  });

  const key = keys.find((k) => k.personId === personId && k.keyId === keyId);
  if (!key) {
    for (const other of keys) {
      if (other.keyId !== keyId || other.algorithm !== 'ECDSA-P256') continue;
      if (await verifySignature(other.spki, content, statement.signature)) return result('signer_mismatch');
    }
    return result('unknown_key');
  }
  if (key.algorithm !== content.signer.algorithm) return result('bad_signature');
  if ((await sha256Hex(canonicalBytes(content))) !== statement.canonicalSha256) return result('bad_signature');
  if (!(await verifySignature(key.spki, content, statement.signature))) return result('bad_signature');
  if (key.revokedAt !== undefined && key.revokedAt <= decidingAt) return result('key_revoked');
  if (decidingAt < key.at) return result('key_not_yet_published');

  const step = chain.get(content.step.index);
  if (
    !step ||
    step.personId !== personId ||
    step.role !== content.step.role ||
    ACTION_OF_ROLE[step.role] !== content.step.action
  ) {
    return result('not_in_chain');
  }
  const changes = dossierChanges(content.dossier, current);
  return unchanged(changes) ? result('valid') : result('changed_after', changes);
}

function verdictOf(signatures: readonly SignatureCheck[], steps: readonly ChainStepState[]): Verdict {
  if (signatures.some((s) => s.status !== 'valid' && s.status !== 'changed_after')) return 'invalid';
  if (signatures.some((s) => s.status === 'changed_after')) return 'changed';
  if (signatures.length === 0 || steps.some((s) => !s.signed)) return 'incomplete';
  return 'valid';
}

/**
 * Verifies every statement of a document against its current fields, the key registry and the
 * review chain. Throws ModelValidationError when an input is malformed (the caller decides how
 * to say so); a statement that parses but does not verify gets its status instead.
 */
export async function verifyDossierSignatures(input: VerifyDossierInput): Promise<DossierVerification> {
  const current = normalizeDossier(input.current);
  const statements = input.statements.map((s, i) => {
    const parsed = parseOrThrow(ReceivedStatementSchema, s, `statement ${i}`);
    return { ...parsed, content: normalizeContent(parsed.content) };
  });
  const keys = input.keys.map((k, i) => parseOrThrow(PublicKeySchema, k, `key ${i}`));
  const chain = parseOrThrow(ChainSchema, input.chain, 'review chain');
  const byIndex = new Map(chain.map((step) => [step.index, step]));

  const signatures: SignatureCheck[] = [];
  for (const statement of statements) signatures.push(await checkStatement(statement, current, keys, byIndex));
  const steps = [...chain]
    .sort((a, b) => a.index - b.index)
    .map((step) => ({
      ...step,
      signed: signatures.some((s) => s.status === 'valid' && s.step.index === step.index),
    }));
  return { verdict: verdictOf(signatures, steps), signatures, steps };
}
