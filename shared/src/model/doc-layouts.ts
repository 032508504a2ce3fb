import type * as v from 'valibot';
import type { DocKind } from '../ids.ts';
import { TimestampSchema } from '../validation/primitives.ts';
import { AnnouncementSchema, WithdrawalSchema } from './announcement.ts';
import { AddedSchema, MembershipSchema, RoundSchema, StageSchema } from './assignment.ts';
import { AudienceSchema } from './audience.ts';
import { LogMetaSchema } from './conv-log.ts';
import { ConvMetaSchema, MemberEntrySchema } from './conversation.ts';
import { DeliverySchema } from './delivery.ts';
import { DirectoryPersonSchema } from './directory-person.ts';
import {
  DossierDraftSchema,
  DossierFactsSchema,
  DossierFileSchema,
  DossierMetaSchema,
  HandlingSchemas,
  NamedSchema,
  RegisterEntrySchema,
} from './dossier.ts';
import { FlowActionSchema } from './dossier-flow.ts';
import { DraftTargetSchema } from './draft.ts';
import { ExtensionDecisionSchema, NewExtensionRequestSchema } from './extension-request.ts';
import { ConversationMessageSchema, ReadMarkerSchema } from './message.ts';
import { ReadMarkSchema } from './notification-reads.ts';
import { ProgressReportSchema } from './progress-report.ts';
import { PublicKeySchema, RevocationSchema } from './public-key.ts';
import { RecipientGroupSchema } from './recipient-group.ts';
import { ReminderSchema } from './reminder.ts';
import { SubAssignmentSchema } from './sub-assignment.ts';
import { TaskMetaSchema } from './task.ts';
import { TaskCommentSchema } from './task-comment.ts';
import { TaskEventSchema } from './task-event.ts';
import { WatchSchema } from './task-watcher.ts';
import { AdminSchema, DivisionSchema, RoleGrantSchema } from './unit-page.ts';
import { PinSchema, PreferencesSchema } from './user-doc.ts';

/**
 * What each kind of doc may contain, root by root, as the relay checks it on the result of every
 * write (docs/design.md §11): no root the model does not define, no content of the wrong shape
 * in a root, nesting only where the model nests, bounded sizes, and who wrote each entry.
 *
 * `author` says where an entry names the person who wrote it:
 * - `by`     the entry's `by` field (reports, stages, events, messages, …)
 * - `key`    the map key is the person's id (read markers: each member writes their own)
 * - `keyPrefix` the key starts with `<personId>/` (published keys)
 * - `none`   no author in the entry: what may change is the kind's access rule's call
 *            (meta fields, titles, directory facts, a person's own private doc)
 * Every entry a write adds or changes must name the writer where an author is defined.
 * `replace`: another person's entry under a key may be overwritten (last-writer-wins keys such
 * as a recipient's stage, which any clerk of the unit may record); otherwise an entry is only
 * ever changed by its own author. `remove`: keys may be deleted outright (a reminder). Arrays
 * are append-only: nothing in them is ever deleted.
 */
export type EntryAuthor = 'by' | 'key' | 'keyPrefix' | 'none';

export interface MapRoot {
  readonly kind: 'map';
  readonly author: EntryAuthor;
  readonly replace: boolean;
  readonly remove: boolean;
  /** The only keys allowed (meta maps); any key of at most 200 characters otherwise. */
  readonly keys?: readonly string[];
  /** What each entry must be (every key of it one the schema knows); per key for meta maps. */
  readonly entry?: v.GenericSchema;
  readonly values?: Readonly<Record<string, v.GenericSchema>>;
  readonly maxKeys: number;
  /** Entries are nested Y.Maps with these fields (a value of that schema, or a Y.Text). */
  readonly nested?: Readonly<Record<string, v.GenericSchema | 'text'>>;
  /** Each entry is itself a file reference (an official document's files): the relay records it as one. */
  readonly fileRefs?: true;
}

export interface ArrayRoot {
  readonly kind: 'array';
  readonly author: 'by' | 'none';
  readonly maxItems: number;
  /** What each entry must be (every key of it one the schema knows). */
  readonly entry: v.GenericSchema;
}

export interface TextRoot {
  readonly kind: 'text';
  readonly maxLength: number;
}

export type RootLayout = MapRoot | ArrayRoot | TextRoot;

export interface DocLayout {
  readonly roots: Readonly<Record<string, RootLayout>>;
}

/** Plain values (JSON in a map or array entry): nesting and size bounds for every kind. */
export const MAX_VALUE_DEPTH = 6;
export const MAX_VALUE_BYTES = 256 * 1024;
export const MAX_KEY_LENGTH = 200;

/** A meta map: these keys only, each value by its schema when one is given. */
const meta = (
  keys: readonly string[],
  values?: Readonly<Record<string, v.GenericSchema>>,
  remove = false,
): MapRoot => ({
  kind: 'map',
  author: 'none',
  replace: true,
  remove,
  keys,
  ...(values ? { values } : {}),
  maxKeys: keys.length,
});
const entries = (
  entry: v.GenericSchema,
  author: EntryAuthor,
  replace: boolean,
  maxKeys: number,
  remove = false,
): MapRoot => ({ kind: 'map', author, replace, remove, entry, maxKeys });
const log = (entry: v.GenericSchema, maxItems: number): ArrayRoot => ({ kind: 'array', author: 'by', maxItems, entry });

const TASK: DocLayout = {
  roots: {
    meta: meta(
      [
        'schemaVersion',
        'id',
        'issuerId',
        'issuerUnitId',
        'sourceLevel',
        'priority',
        'reference',
        'sourceDossierId',
        'attachments',
        'parent',
        'createdAt',
        'deadline',
      ],
      TaskMetaSchema.entries,
    ),
    title: { kind: 'text', maxLength: 500 },
    body: { kind: 'text', maxLength: 100_000 },
    // Written once per recipient by the issuer side; removal is a membership flag.
    assignments: entries(AddedSchema, 'by', false, 2_000),
    membership: entries(MembershipSchema, 'by', true, 2_000),
    // `<recipientId>/<stage>`: any clerk of the recipient unit records a stage, so a colleague's
    // concurrent record of the same stage may be overwritten (the rules check who may).
    progress: entries(StageSchema, 'by', true, 20_000),
    rounds: entries(RoundSchema, 'by', true, 2_000),
    // `<recipientId>/<personId>`: each device on the recipient's side that received it, once.
    deliveries: entries(DeliverySchema, 'by', false, 20_000),
    reports: log(ProgressReportSchema, 100_000),
    extensions: entries(NewExtensionRequestSchema, 'by', false, 10_000),
    decisions: entries(ExtensionDecisionSchema, 'by', true, 10_000),
    children: entries(SubAssignmentSchema, 'by', false, 10_000),
    comments: log(TaskCommentSchema, 100_000),
    watchers: entries(WatchSchema, 'by', true, 500),
    events: log(TaskEventSchema, 200_000),
  },
};

const CONVERSATION: DocLayout = {
  roots: {
    meta: meta(
      ['schemaVersion', 'id', 'kind', 'createdAt', 'createdBy', 'taskId', 'recipientId', 'title'],
      ConvMetaSchema.entries,
    ),
    members: entries(MemberEntrySchema, 'by', true, 5_000),
    // Schema 1 kept messages in the head doc; they are read, and only appended.
    messages: log(ConversationMessageSchema, 100_000),
    read: entries(ReadMarkerSchema, 'key', false, 5_000),
  },
};

const CONV_LOG: DocLayout = {
  roots: {
    meta: meta(['schemaVersion', 'convId', 'period'], LogMetaSchema.entries),
    messages: log(ConversationMessageSchema, 100_000),
  },
};

const UNIT_PAGE: DocLayout = {
  roots: {
    meta: meta(
      ['schemaVersion', 'id', 'name', 'kind', 'parentId', 'address', 'phone', 'email', 'mergedInto'],
      undefined,
      true,
    ),
    divisions: entries(DivisionSchema, 'none', true, 500, true),
    people: {
      kind: 'map',
      author: 'none',
      replace: true,
      remove: false,
      maxKeys: 10_000,
      nested: {
        fullName: DirectoryPersonSchema.entries.fullName,
        positionId: DirectoryPersonSchema.entries.positionId,
        position: DirectoryPersonSchema.entries.position,
        rank: DirectoryPersonSchema.entries.rank,
        divisionId: DirectoryPersonSchema.entries.divisionId,
        phone: DirectoryPersonSchema.entries.phone,
        email: DirectoryPersonSchema.entries.email,
        active: DirectoryPersonSchema.entries.active,
      },
    },
    admins: entries(AdminSchema, 'none', true, 200, true),
    // Published and revoked by their owner only; the unit's directory editors revoke in `revocations`,
    // in their own name (checkUnitPageChange, docs/design.md §18).
    keys: entries(PublicKeySchema, 'keyPrefix', false, 20_000),
    revocations: entries(RevocationSchema, 'by', false, 20_000),
    // `<personId>/<role>` (clerk, signer): the unit's editors grant and withdraw them.
    roles: entries(RoleGrantSchema, 'none', true, 10_000, true),
  },
};

const USER_DOC: DocLayout = {
  roots: {
    meta: meta(['schemaVersion', 'id']),
    reminders: {
      kind: 'map',
      author: 'none',
      replace: true,
      remove: true,
      maxKeys: 10_000,
      nested: {
        text: ReminderSchema.entries.text,
        dueAt: ReminderSchema.entries.dueAt,
        done: ReminderSchema.entries.done,
        taskId: ReminderSchema.entries.taskId,
        createdAt: ReminderSchema.entries.createdAt,
      },
    },
    preferences: meta(Object.keys(PreferencesSchema.entries), PreferencesSchema.entries, true),
    pins: entries(PinSchema, 'none', true, 2_000, true),
    drafts: {
      kind: 'map',
      author: 'none',
      replace: true,
      remove: true,
      maxKeys: 2_000,
      nested: { target: DraftTargetSchema, updatedAt: TimestampSchema, text: 'text' },
    },
    groups: entries(RecipientGroupSchema, 'none', true, 500, true),
    notificationReads: entries(ReadMarkSchema, 'none', true, 2_100, true),
  },
};

const BULLETIN: DocLayout = {
  roots: {
    meta: meta(['schemaVersion', 'unitId', 'audience'], { audience: AudienceSchema }),
    announcements: entries(AnnouncementSchema, 'by', false, 50_000),
    withdrawn: entries(WithdrawalSchema, 'by', false, 50_000),
  },
};

/** The layout of each kind the relay accepts writes for. */
/** An official document (model/dossier.ts, docs/design.md §18). */
const DOSSIER: DocLayout = {
  roots: {
    meta: meta(
      [
        'schemaVersion',
        'id',
        'kind',
        'unitId',
        'createdBy',
        'createdAt',
        ...Object.keys(DossierFactsSchema.entries),
        ...Object.keys(DossierDraftSchema.entries),
      ],
      DossierMetaSchema.entries,
    ),
    // A draft's files may be taken off by its drafter (the access rule says when). Each entry is a
    // file reference: its readers may read the file (docs/design.md §13).
    files: { ...entries(DossierFileSchema, 'by', false, 200, true), fileRefs: true },
    // Written by the relay alone (its client id): the checks refuse any other change to it.
    register: meta(['register', 'year', 'number', 'at', 'duplicateOf'], RegisterEntrySchema.entries),
    named: entries(NamedSchema, 'by', true, 500, true),
    handling: {
      kind: 'map',
      author: 'by',
      replace: false,
      remove: false,
      keys: ['instruction', 'information'],
      values: HandlingSchemas,
      maxKeys: 2,
    },
    // One entry per action of the review chain, written once by its actor (model/dossier-flow.ts).
    flow: entries(FlowActionSchema, 'by', false, 2_000),
  },
};

/**
 * A unit's figures (dashboard/dash-doc.ts, docs/design.md §14): written by the relay alone, under
 * its own client id, so no root is open to anyone's write.
 */
const DASH: DocLayout = { roots: {} };

export const DOC_LAYOUTS: Partial<Record<DocKind, DocLayout>> = {
  dash: DASH,
  dossier: DOSSIER,
  task: TASK,
  conv: CONVERSATION,
  convlog: CONV_LOG,
  unit: UNIT_PAGE,
  user: USER_DOC,
  bulletin: BULLETIN,
};

/** The person an entry names as its author, by the root's rule; undefined when it names none. */
export function entryAuthor(rule: EntryAuthor, key: string | null, value: unknown): string | undefined {
  switch (rule) {
    case 'by': {
      const by = typeof value === 'object' && value !== null ? (value as { by?: unknown }).by : undefined;
      return typeof by === 'string' ? by : '';
    }
    case 'key':
      return key ?? '';
    case 'keyPrefix': {
      const slash = key?.indexOf('/') ?? -1;
      return slash > 0 ? (key as string).slice(0, slash) : '';
    }
    case 'none':
      return undefined;
  }
}
