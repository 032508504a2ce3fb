import * as v from 'valibot';
import type * as Y from 'yjs';
import { CONFIDENTIALITY, DOC_TYPES, URGENCIES } from '../signing/signable.ts';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, CalendarDateSchema, IdSchema, nonBlankText, TimestampSchema } from '../validation/primitives.ts';
import { RecipientSchema } from './assignment.ts';
import { AttachmentRefSchema } from './attachment.ts';
import {
  DOSSIER_SCHEMA_VERSION,
  dossierFiles,
  dossierFlow,
  dossierHandling,
  dossierMeta,
  dossierNamed,
  dossierRegister,
} from './dossier-doc.ts';
import { type FlowAction, type FlowState, flowState, parseFlow } from './dossier-flow.ts';
import { readPlainMap, sortedEntries } from './y-read.ts';

/**
 * An official document (văn bản) as Decree 30/2020/NĐ-CP on clerical work describes it: its
 * issuing body, number and symbol, date, type, summary (trích yếu), urgency and confidentiality,
 * its files, the unit register it is entered in with the number the relay gives it, and what the
 * unit's leader decided about it (docs/design.md §18).
 */
export const DOSSIER_KINDS = ['incoming', 'outgoing'] as const;
// The picklists are the signed content's (signing/signable.ts): one definition for both.
export { CONFIDENTIALITY, DOC_TYPES, URGENCIES };
/** Sổ văn bản đến, sổ văn bản đi. */
export const REGISTERS = ['den', 'di'] as const;
export type DossierKind = (typeof DOSSIER_KINDS)[number];
export type Register = (typeof REGISTERS)[number];

export const DossierFactsSchema = v.object({
  issuingBody: nonBlankText(300),
  /** Số, ký hiệu: `125/QĐ-UBND`. */
  numberSymbol: v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(60)),
  date: CalendarDateSchema,
  docType: v.picklist(DOC_TYPES),
  urgency: v.picklist(URGENCIES),
  confidentiality: v.picklist(CONFIDENTIALITY),
  summary: nonBlankText(2_000),
});
export type DossierFacts = v.InferOutput<typeof DossierFactsSchema>;
const FACT_KEYS = Object.keys(DossierFactsSchema.entries) as (keyof DossierFacts)[];

/** What an outgoing document adds: its text and its recipients; an incoming one, where it came from. */
export const DossierDraftSchema = v.object({
  body: v.optional(boundedText(100_000)),
  /** Nơi nhận: the units it is issued to. */
  recipients: v.optional(v.pipe(v.array(IdSchema), v.maxLength(500))),
  /** The outgoing document (of another unit) this incoming one was delivered from. */
  origin: v.optional(IdSchema),
});
export const DRAFT_KEYS = ['body', 'recipients', 'origin'] as const;

export const DossierMetaSchema = v.object({
  schemaVersion: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(DOSSIER_SCHEMA_VERSION)),
  id: IdSchema,
  kind: v.picklist(DOSSIER_KINDS),
  unitId: IdSchema,
  createdBy: IdSchema,
  createdAt: TimestampSchema,
  ...DossierFactsSchema.entries,
  ...DossierDraftSchema.entries,
});

export const DossierFileSchema = v.object({ ...AttachmentRefSchema.entries, at: TimestampSchema, by: IdSchema });
export const RegisterEntrySchema = v.object({
  register: v.picklist(REGISTERS),
  year: v.pipe(v.number(), v.integer(), v.minValue(2000), v.maxValue(2200)),
  number: v.pipe(v.number(), v.integer(), v.minValue(1)),
  at: TimestampSchema,
  /** The document already registered with the same issuing body and number-and-symbol, if any. */
  duplicateOf: v.optional(IdSchema),
});
export type RegisterEntry = v.InferOutput<typeof RegisterEntrySchema>;
export const NamedSchema = v.object({ at: TimestampSchema, by: IdSchema });

export const InstructionSchema = v.object({
  by: IdSchema,
  at: TimestampSchema,
  text: nonBlankText(4_000),
  /** Chủ trì: the unit or person who leads. */
  lead: RecipientSchema,
  /** Phối hợp. */
  cooperating: v.pipe(v.array(RecipientSchema), v.maxLength(200)),
  deadline: CalendarDateSchema,
  /** The task the instruction created (docs/design.md §18): the document and the work link both ways. */
  taskId: IdSchema,
});
export type Instruction = v.InferOutput<typeof InstructionSchema>;
export const InformationSchema = v.object({ by: IdSchema, at: TimestampSchema, note: boundedText(1_000) });
export const HandlingSchemas = { instruction: InstructionSchema, information: InformationSchema } as const;

export interface DossierFile extends v.InferOutput<typeof DossierFileSchema> {}

export interface Dossier extends DossierFacts {
  readonly id: string;
  readonly schemaVersion: number;
  readonly kind: DossierKind;
  /** The unit whose register holds it. */
  readonly unitId: string;
  readonly createdBy: string;
  readonly createdAt: number;
  readonly files: readonly DossierFile[];
  /** Null until the relay has numbered it ("chờ cấp số"). */
  readonly register: RegisterEntry | null;
  readonly named: readonly string[];
  readonly instruction: Instruction | null;
  readonly information: v.InferOutput<typeof InformationSchema> | null;
  /** Outgoing: the text, '' for an incoming document. */
  readonly body: string;
  readonly recipients: readonly string[];
  readonly origin: string | null;
  /** Outgoing: every action of the review chain by key (model/dossier-flow.ts). */
  readonly flow: ReadonlyMap<string, FlowAction>;
  readonly flowState: FlowState;
}

export interface NewIncoming extends DossierFacts {
  readonly id: string;
  readonly unitId: string;
  readonly by: string;
  readonly at: number;
  readonly files?: readonly v.InferInput<typeof AttachmentRefSchema>[];
  /** For a confidential document: who may read it besides the clerk. */
  readonly named?: readonly string[];
  /** Delivered from another unit's outgoing document. */
  readonly origin?: string;
}

/** A clerk registers an incoming document (offline too): it waits "chờ cấp số" until the relay numbers it. */
export function registerIncoming(doc: Y.Doc, input: NewIncoming): void {
  const facts = parseOrThrow(DossierFactsSchema, input, 'dossier');
  const id = parseOrThrow(IdSchema, input.id, 'id');
  doc.transact(() => {
    const meta = dossierMeta(doc);
    meta.set('schemaVersion', DOSSIER_SCHEMA_VERSION);
    meta.set('id', id);
    meta.set('kind', 'incoming');
    meta.set('unitId', parseOrThrow(IdSchema, input.unitId, 'unit'));
    meta.set('createdBy', input.by);
    meta.set('createdAt', input.at);
    for (const key of FACT_KEYS) meta.set(key, facts[key]);
    if (input.origin) meta.set('origin', parseOrThrow(IdSchema, input.origin, 'origin'));
    for (const file of input.files ?? []) addDossierFile(doc, file, input.by, input.at);
    for (const personId of input.named ?? []) dossierNamed(doc).set(personId, { at: input.at, by: input.by });
  });
}

export interface NewOutgoing extends Omit<NewIncoming, 'origin'> {
  readonly body: string;
  readonly recipients: readonly string[];
}

/**
 * A specialist drafts an outgoing document (offline too). `numberSymbol` is its symbol only
 * (`UBND-VP`): the number is the outgoing register's, given when a clerk issues it.
 */
export function draftOutgoing(doc: Y.Doc, input: NewOutgoing): void {
  const facts = parseOrThrow(DossierFactsSchema, input, 'dossier');
  const draft = parseOrThrow(DossierDraftSchema, { body: input.body, recipients: [...input.recipients] }, 'draft');
  doc.transact(() => {
    const meta = dossierMeta(doc);
    meta.set('schemaVersion', DOSSIER_SCHEMA_VERSION);
    meta.set('id', parseOrThrow(IdSchema, input.id, 'id'));
    meta.set('kind', 'outgoing');
    meta.set('unitId', parseOrThrow(IdSchema, input.unitId, 'unit'));
    meta.set('createdBy', input.by);
    meta.set('createdAt', input.at);
    for (const key of FACT_KEYS) meta.set(key, facts[key]);
    meta.set('body', draft.body ?? '');
    meta.set('recipients', [...new Set(draft.recipients ?? [])].sort());
    for (const file of input.files ?? []) addDossierFile(doc, file, input.by, input.at);
    for (const personId of input.named ?? []) dossierNamed(doc).set(personId, { at: input.at, by: input.by });
  });
}

/** The drafter changes the text or the recipients of a draft (or of one returned to them). */
export function editDraft(doc: Y.Doc, patch: { body?: string; recipients?: readonly string[] }): void {
  const meta = dossierMeta(doc);
  doc.transact(() => {
    if (patch.body !== undefined) meta.set('body', parseOrThrow(DossierDraftSchema.entries.body, patch.body, 'body'));
    if (patch.recipients !== undefined) {
      const valid = parseOrThrow(DossierDraftSchema.entries.recipients, [...patch.recipients], 'recipients');
      meta.set('recipients', [...new Set(valid ?? [])].sort());
    }
  });
}

/** A file taken off a draft. */
export function removeDossierFile(doc: Y.Doc, sha256: string): void {
  dossierFiles(doc).delete(sha256);
}

/** A clerk corrects the registered facts (a typo in the summary); each field merges on its own. */
export function correctDossierFacts(doc: Y.Doc, patch: Partial<DossierFacts>): void {
  const meta = dossierMeta(doc);
  doc.transact(() => {
    for (const key of FACT_KEYS) {
      if (patch[key] !== undefined) meta.set(key, parseOrThrow(DossierFactsSchema.entries[key], patch[key], key));
    }
  });
}

export function addDossierFile(
  doc: Y.Doc,
  file: v.InferInput<typeof AttachmentRefSchema>,
  by: string,
  at: number,
): void {
  const entry = parseOrThrow(DossierFileSchema, { ...file, at, by }, 'file');
  if (!entry.sha256) throw new Error('a document file needs its SHA-256');
  if (!dossierFiles(doc).has(entry.sha256)) dossierFiles(doc).set(entry.sha256, entry);
}

/** The leader's instruction (ý kiến chỉ đạo), once. */
export function writeInstruction(doc: Y.Doc, instruction: Instruction): void {
  const valid = parseOrThrow(InstructionSchema, instruction, 'instruction');
  if (dossierHandling(doc).size > 0) throw new Error('the document has been handled already');
  dossierHandling(doc).set('instruction', valid);
}

/** A document for information only: read, no task. */
export function markForInformation(doc: Y.Doc, by: string, at: number, note = ''): void {
  if (dossierHandling(doc).size > 0) throw new Error('the document has been handled already');
  dossierHandling(doc).set('information', parseOrThrow(InformationSchema, { by, at, note }, 'information'));
}

/** The relay's own write (under its client id): the register number, in the commit that records it. */
export function writeRegisterEntry(doc: Y.Doc, entry: RegisterEntry): void {
  const valid = parseOrThrow(RegisterEntrySchema, entry, 'register');
  doc.transact(() => {
    const register = dossierRegister(doc);
    for (const [key, value] of Object.entries(valid)) register.set(key, value);
  });
}

export function readDossier(doc: Y.Doc): Dossier | null {
  const meta = v.safeParse(DossierMetaSchema, dossierMeta(doc).toJSON());
  if (!meta.success) return null;
  const files = readPlainMap(dossierFiles(doc), DossierFileSchema);
  const named = readPlainMap(dossierNamed(doc), NamedSchema);
  if (!files || !named) return null;
  const registerRaw = dossierRegister(doc).toJSON();
  const register = Object.keys(registerRaw).length === 0 ? null : v.safeParse(RegisterEntrySchema, registerRaw);
  if (register && !register.success) return null;
  const handling = dossierHandling(doc);
  const instruction = handling.has('instruction') ? v.safeParse(InstructionSchema, handling.get('instruction')) : null;
  const information = handling.has('information') ? v.safeParse(InformationSchema, handling.get('information')) : null;
  if ((instruction && !instruction.success) || (information && !information.success)) return null;
  if ([...handling.keys()].some((k) => k !== 'instruction' && k !== 'information')) return null;
  for (const [sha, f] of files) if (f.sha256 !== sha) return null;
  const flow = parseFlow(dossierFlow(doc).entries());
  if (!flow) return null;
  const { body, recipients, origin, ...rest } = meta.output;
  return {
    ...rest,
    body: body ?? '',
    recipients: recipients ?? [],
    origin: origin ?? null,
    flow,
    flowState: flowState(flow, registerRaw.number !== undefined),
    files: sortedEntries(files).map(([, f]) => f),
    register: register?.output ?? null,
    named: sortedEntries(named).map(([id]) => id),
    instruction: instruction?.output ?? null,
    information: information?.output ?? null,
  };
}

/** The register a kind of document goes in. */
export function registerOf(kind: DossierKind): Register {
  return kind === 'incoming' ? 'den' : 'di';
}

/** Whether only the named may read it. */
export function isConfidential(dossier: Pick<Dossier, 'confidentiality'>): boolean {
  return dossier.confidentiality !== 'thuong';
}
