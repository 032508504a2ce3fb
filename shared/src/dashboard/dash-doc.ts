import * as Y from 'yjs';
import type { Bucket } from './measures.ts';
import type { BucketLists, SectionReport } from './scope-report.ts';

/**
 * A unit's figures as a doc (`dash/<unitId>`, docs/design.md §14), written by the relay alone and
 * read by the unit's members like any doc, offline included:
 * - `meta`    Y.Map   unitId, computedAt (when the relay computed the figures), schemaVersion
 * - `figures` Y.Map   `received` and `handed` → SectionReport (JSON);
 *                     `list/<section>/<unitId>` → the assignments behind each bucket, each bucket
 *                     one string of refs (`StoredLists`): a device opening the page decodes one
 *                     string per list, not one per assignment, and splits a list only when opened
 * A refresh sets only the keys whose value changed, so a device receives what moved, not the
 * whole report.
 */
export const DASH_SCHEMA_VERSION = 1;
export const SECTIONS = ['received', 'handed'] as const;
export type Section = (typeof SECTIONS)[number];

export function dashDocId(unitId: string): string {
  return `dash/${unitId}`;
}

export function listKey(section: Section, unitId: string): string {
  return `list/${section}/${unitId}`;
}

/** A unit's lists as stored: per bucket, its refs joined by spaces; `taskId` alone when the recipient is the unit. */
export type StoredLists = Record<Bucket, string>;

/** The lists of a unit as the doc stores them (the unit's own assignments without its id). */
export function storeLists(unitId: string, lists: BucketLists): StoredLists {
  const suffix = `:${unitId}`;
  const join = (refs: readonly string[]) =>
    refs.map((r) => (r.endsWith(suffix) ? r.slice(0, -suffix.length) : r)).join(' ');
  return { on_time: join(lists.on_time), late: join(lists.late), open: join(lists.open), overdue: join(lists.overdue) };
}

/** The lists of a unit as stored, back to refs `taskId:recipientId`. */
export function readLists(unitId: string, stored: StoredLists): BucketLists {
  const split = (refs: string | undefined) =>
    refs ? refs.split(' ').map((r) => (r.includes(':') ? r : `${r}:${unitId}`)) : [];
  return {
    on_time: split(stored.on_time),
    late: split(stored.late),
    open: split(stored.open),
    overdue: split(stored.overdue),
  };
}

/** Every value of a dashboard, by key, as the relay computed it. */
export type DashEntries = ReadonlyMap<string, unknown>;

/** What a refresh changes: keys set to new values and keys removed. */
export interface DashPatch {
  readonly unitId: string;
  readonly computedAt: number;
  readonly set: readonly (readonly [key: string, value: unknown])[];
  readonly remove: readonly string[];
}

/**
 * The patch turning the published entries (as JSON strings) into `next`; `published` is updated
 * to match. Null when nothing changed.
 */
export function dashPatch(
  published: Map<string, string>,
  unitId: string,
  next: DashEntries,
  computedAt: number,
): DashPatch | null {
  const set: [string, unknown][] = [];
  const remove: string[] = [];
  for (const [key, value] of next) {
    const json = JSON.stringify(value);
    if (published.get(key) !== json) {
      set.push([key, value]);
      published.set(key, json);
    }
  }
  for (const key of [...published.keys()]) {
    if (!next.has(key)) {
      remove.push(key);
      published.delete(key);
    }
  }
  if (set.length === 0 && remove.length === 0) return null;
  return { unitId, computedAt, set, remove };
}

/** Applies a patch to the doc (the relay does, under its own client id). */
export function applyDashPatch(doc: Y.Doc, patch: DashPatch): void {
  doc.transact(() => {
    const meta = doc.getMap('meta');
    if (meta.get('schemaVersion') !== DASH_SCHEMA_VERSION) meta.set('schemaVersion', DASH_SCHEMA_VERSION);
    if (meta.get('unitId') !== patch.unitId) meta.set('unitId', patch.unitId);
    meta.set('computedAt', patch.computedAt);
    const figures = doc.getMap('figures');
    for (const [key, value] of patch.set) figures.set(key, value);
    for (const key of patch.remove) figures.delete(key);
  });
}

/** The JSON strings of a stored dashboard, by key: what a refresh compares against. */
export function publishedEntries(doc: Y.Doc): Map<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of doc.getMap('figures').entries()) out.set(key, JSON.stringify(value));
  return out;
}

export interface Dashboard {
  readonly unitId: string;
  readonly computedAt: number;
  readonly received: SectionReport | null;
  readonly handed: SectionReport | null;
  list(section: Section, unitId: string): BucketLists | null;
  /** The units that have a list in a section. */
  listed(section: Section): string[];
}

/** Reads a dashboard doc; null while it holds nothing (not synced yet). */
export function readDashboard(doc: Y.Doc): Dashboard | null {
  const meta = doc.getMap('meta');
  const unitId = meta.get('unitId');
  const computedAt = meta.get('computedAt');
  if (typeof unitId !== 'string' || typeof computedAt !== 'number') return null;
  const figures = doc.getMap('figures');
  const section = (key: Section) => (figures.get(key) as SectionReport | undefined) ?? null;
  return {
    unitId,
    computedAt,
    received: section('received'),
    handed: section('handed'),
    list: (s, u) => {
      const stored = figures.get(listKey(s, u)) as StoredLists | undefined;
      return stored && typeof stored === 'object' ? readLists(u, stored) : null;
    },
    listed: (s) => {
      const prefix = `list/${s}/`;
      return [...figures.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.slice(prefix.length));
    },
  };
}

/** A new Y.Doc holding a dashboard's entries (tests and benches). */
export function dashDocOf(unitId: string, entries: DashEntries, computedAt: number): Y.Doc {
  const doc = new Y.Doc();
  const patch = dashPatch(new Map(), unitId, entries, computedAt);
  if (patch) applyDashPatch(doc, patch);
  return doc;
}
