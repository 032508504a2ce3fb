import * as v from 'valibot';
import type * as Y from 'yjs';
import { parseOrThrow } from '../validation/parse.ts';
import { boundedText, IdSchema, TimestampSchema } from '../validation/primitives.ts';
import { CONVERSATION_SCHEMA_VERSION, convMembers, convMeta, convReadMarkers } from './conversation-doc.ts';
import { type ConversationMessage, type ReadMarker, ReadMarkerSchema, readMessages } from './message.ts';
import { readPlainMap, sortedEntries } from './y-read.ts';

/**
 * A conversation (`conv/<id>`): direct (two people), group, or the case group of a task — the
 * whole case (issuer and every recipient unit's leaders) or one recipient's thread within it
 * (`recipientId`: the issuer side and that recipient only). Members are one key each, so two people adding members concurrently keep both.
 */
export const CONVERSATION_KINDS = ['direct', 'group', 'case'] as const;
export type ConversationKind = (typeof CONVERSATION_KINDS)[number];
export const MEMBER_ROLES = ['owner', 'member'] as const;
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const MemberEntrySchema = v.object({
  role: v.picklist(MEMBER_ROLES),
  active: v.boolean(),
  at: TimestampSchema,
  by: IdSchema,
});

export interface ConversationMember {
  readonly personId: string;
  readonly role: MemberRole;
  readonly since: number;
  readonly addedBy: string;
}

export interface Conversation {
  readonly id: string;
  readonly schemaVersion: number;
  readonly kind: ConversationKind;
  readonly title: string;
  readonly taskId: string | null;
  /** A case thread's recipient (unit or person): the exchange with that recipient alone. */
  readonly recipientId: string | null;
  readonly createdAt: number;
  readonly createdBy: string;
  /** Current members, sorted by person id. */
  readonly members: readonly ConversationMember[];
  readonly formerMembers: readonly string[];
  readonly messages: readonly ConversationMessage[];
  readonly readMarkers: ReadonlyMap<string, ReadMarker>;
}

export const NewConversationSchema = v.pipe(
  v.object({
    id: IdSchema,
    kind: v.picklist(CONVERSATION_KINDS),
    title: v.optional(boundedText(200), ''),
    taskId: v.optional(IdSchema),
    recipientId: v.optional(IdSchema),
    createdBy: IdSchema,
    at: TimestampSchema,
    members: v.pipe(v.array(IdSchema), v.minLength(1), v.maxLength(5_000)),
  }),
  v.check(
    (c) => c.kind !== 'direct' || new Set([c.createdBy, ...c.members]).size === 2,
    'a direct conversation has two people',
  ),
  v.check((c) => c.kind !== 'case' || c.taskId !== undefined, 'a case conversation names its task'),
  v.check((c) => c.recipientId === undefined || c.kind === 'case', 'only a case thread names a recipient'),
);
export type NewConversation = v.InferInput<typeof NewConversationSchema>;

export const ConvMetaSchema = v.object({
  schemaVersion: v.pipe(v.number(), v.integer(), v.minValue(1), v.maxValue(CONVERSATION_SCHEMA_VERSION)),
  id: IdSchema,
  kind: v.picklist(CONVERSATION_KINDS),
  title: v.optional(boundedText(200), ''),
  taskId: v.optional(IdSchema),
  recipientId: v.optional(IdSchema),
  createdAt: TimestampSchema,
  createdBy: IdSchema,
});

/**
 * The id of the direct conversation between two people, the same whichever of them starts it,
 * so two people writing to each other for the first time while offline end in one conversation.
 */
export function directConversationId(a: string, b: string): string {
  const [x, y] = a < b ? [a, b] : [b, a];
  return `dm-${fnv1a(`${x}\u0000${y}`, 0x811c9dc5)}${fnv1a(`${y}\u0000${x}`, 0x01000193)}`;
}

/**
 * The id of a task's case group, derived from the task's id, so the issuer's device can create
 * it offline together with the directive and everyone finds it from the task.
 */
export function caseConversationId(taskId: string): string {
  return `case-${taskId}`;
}

/**
 * The id of the thread of a task's case with one recipient: an urge to one ward, that ward's
 * question to the issuer, reach that ward's people and the issuer side — not all 184 units'.
 * Derived from the task and the recipient so either side finds (or starts) it offline.
 */
export function caseThreadId(taskId: string, recipientId: string): string {
  return `case-${taskId}-${fnv1a(recipientId, 0x811c9dc5)}${fnv1a(recipientId, 0x01000193)}`;
}

function fnv1a(text: string, basis: number): string {
  let hash = basis >>> 0;
  for (let i = 0; i < text.length; i++) {
    hash ^= text.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193) >>> 0;
  }
  return hash.toString(16).padStart(8, '0');
}

export function createConversation(doc: Y.Doc, input: NewConversation): void {
  createConversationUnchecked(doc, { ...input, writer: input.createdBy });
}

function createConversationUnchecked(doc: Y.Doc, input: NewConversation & { writer: string }): void {
  const c = parseOrThrow(NewConversationSchema, input, 'conversation');
  const writer = parseOrThrow(IdSchema, input.writer, 'writer');
  if (c.kind === 'direct') {
    const [a, b] = [...new Set([c.createdBy, ...c.members])].sort();
    if (c.id !== directConversationId(a ?? '', b ?? ''))
      throw new Error('a direct conversation has the id of its pair');
  }
  doc.transact(() => {
    const meta = convMeta(doc);
    meta.set('schemaVersion', CONVERSATION_SCHEMA_VERSION);
    meta.set('id', c.id);
    meta.set('kind', c.kind);
    meta.set('createdAt', c.at);
    meta.set('createdBy', c.createdBy);
    if (c.title !== '') meta.set('title', c.title);
    if (c.taskId !== undefined) meta.set('taskId', c.taskId);
    if (c.recipientId !== undefined) meta.set('recipientId', c.recipientId);
    const members = convMembers(doc);
    members.set(c.createdBy, { role: 'owner', active: true, at: c.at, by: writer });
    for (const id of c.members) {
      if (id !== c.createdBy) members.set(id, { role: 'member', active: true, at: c.at, by: writer });
    }
  });
}

export interface NewCaseThread {
  readonly taskId: string;
  readonly recipientId: string;
  readonly title: string;
  /** The task's issuer: the thread's creator and owner whoever starts it (access/conversation-access.ts). */
  readonly issuerId: string;
  /** Who writes it on this device: someone of the issuer side or acting for the recipient. */
  readonly writer: string;
  readonly at: number;
  /** Everyone it starts with besides the issuer (the writer included). */
  readonly members: readonly string[];
}

/**
 * Starts the case's thread with one recipient. Whoever writes it, it holds the same facts — the
 * task's issuer as creator and owner, the others as members — so two sides starting it at once
 * merge into one thread; each member entry is written in the writer's own name.
 */
export function createCaseThread(doc: Y.Doc, t: NewCaseThread): void {
  createConversationUnchecked(doc, {
    id: caseThreadId(t.taskId, t.recipientId),
    kind: 'case',
    title: t.title,
    taskId: t.taskId,
    recipientId: t.recipientId,
    createdBy: t.issuerId,
    at: t.at,
    members: [...t.members],
    writer: t.writer,
  });
}

export function setConversationTitle(doc: Y.Doc, title: string): void {
  convMeta(doc).set('title', parseOrThrow(boundedText(200), title, 'title'));
}

export function addConversationMember(doc: Y.Doc, personId: string, role: MemberRole, by: string, at: number): void {
  parseOrThrow(IdSchema, personId, 'member');
  convMembers(doc).set(personId, { role, active: true, at, by });
}

/** Removing (or leaving) keeps the member's key, so the history still names them. */
export function removeConversationMember(doc: Y.Doc, personId: string, by: string, at: number): void {
  const entry = v.safeParse(MemberEntrySchema, convMembers(doc).get(personId));
  if (!entry.success) throw new Error(`${personId} is not a member`);
  convMembers(doc).set(personId, { ...entry.output, active: false, at, by });
}

export function readConversation(doc: Y.Doc): Conversation | null {
  const meta = v.safeParse(ConvMetaSchema, convMeta(doc).toJSON());
  if (!meta.success) return null;
  const entries = readPlainMap(convMembers(doc), MemberEntrySchema);
  const markers = readPlainMap(convReadMarkers(doc), ReadMarkerSchema);
  const messages = readMessages(doc);
  if (!entries || !markers || !messages) return null;
  const members: ConversationMember[] = [];
  const formerMembers: string[] = [];
  for (const [personId, e] of sortedEntries(entries)) {
    if (e.active) members.push({ personId, role: e.role, since: e.at, addedBy: e.by });
    else formerMembers.push(personId);
  }
  const m = meta.output;
  return {
    id: m.id,
    schemaVersion: m.schemaVersion,
    kind: m.kind,
    title: m.title,
    taskId: m.taskId ?? null,
    recipientId: m.recipientId ?? null,
    createdAt: m.createdAt,
    createdBy: m.createdBy,
    members,
    formerMembers,
    messages,
    readMarkers: new Map(sortedEntries(markers)),
  };
}
