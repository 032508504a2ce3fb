import { type DocKind, parseDocId } from '@thongsuot/shared/ids';
import type { Table } from 'dexie';
import type * as Y from 'yjs';
import type { LocalDb } from './local-db.ts';

/** What a kind's `prepare` gets, before the IndexedDB transaction of a change. */
export interface PrepareInput {
  readonly db: LocalDb;
  readonly docId: string;
  readonly doc: Y.Doc;
  /** Opens another doc through the repository (held like one a page opened). */
  open(docId: string): Promise<Y.Doc>;
}

/** What a kind's `project` gets, inside the doc's IndexedDB transaction. */
export interface ProjectInput<P> {
  readonly db: LocalDb;
  readonly docId: string;
  /** The doc as it now is (on a rebuild: the server's state plus the changes kept). */
  readonly doc: Y.Doc;
  /** What `prepare` returned for this change; undefined on a rebuild, where `prepare` does not run. */
  readonly prepared?: P;
  /**
   * Rebuilt from the server's state after a refusal: a doc that no longer holds valid content
   * loses its rows. A change keeps the last good rows instead.
   */
  readonly rebuilt: boolean;
  /** How many of the doc's changes wait in the outbox, this one included (read in the transaction). */
  waiting(): Promise<number>;
}

/**
 * How the batch paths (remote-batch.ts, local-batch.ts) project the docs of a kind: from the doc
 * alone, no reads and no other doc, and written once for many docs.
 */
export interface DocKindBatch<R> {
  /** A doc's projection, given how many of its changes wait in the outbox; null: nothing to write. */
  row(docId: string, doc: Y.Doc, waiting: number): R | null;
  /** Writes the projections of many docs, inside the batch's transaction (scope: `tables`). */
  write(db: LocalDb, rows: R[]): Promise<void>;
}

/**
 * What one kind of doc contributes to the device's store (docs/design.md §6): the client's
 * analogue of the relay's `DocPolicy`. Entries live in their feature's folder and are listed in
 * doc-kind-table.ts; a kind with no entry is stored (updates, outbox) with no projection.
 */
export interface DocKindStore<P = unknown, R = unknown> {
  /**
   * The tables `project` writes besides `updates` and `outbox`: with those, the scope of the
   * doc's transactions. Kept to what the kind writes, as a write waits for readers of its tables.
   */
  tables(db: LocalDb): readonly Table[];
  /** Runs before the transaction of a change (not of a rebuild): reads, other docs to open. */
  prepare?(input: PrepareInput): P | Promise<P>;
  /** Writes the doc's projection, inside the transaction that stores its change or its rebuild. */
  project(input: ProjectInput<P>): Promise<void>;
  /**
   * After a rebuild: writes again, on `fresh` (as local changes), what the person did in
   * `previous` besides the refused change; returns keys of what was carried, never in `skip`.
   */
  carryOver?(previous: Y.Doc, fresh: Y.Doc, skip: ReadonlySet<string>): string[];
  /** Present when docs of this kind not in memory may be stored many in one transaction. */
  readonly batch?: DocKindBatch<R>;
}

/** Kind → entry: what the store does for each kind of doc (doc-kind-table.ts). */
export type DocKindTable = Partial<Readonly<Record<DocKind, DocKindStore>>>;

/** The entry of a doc's kind; undefined for a kind with none (stored with no projection). */
export function kindStore(kinds: DocKindTable, docId: string): DocKindStore | undefined {
  const kind = parseDocId(docId)?.kind;
  return kind ? kinds[kind] : undefined;
}

/** Whether the batch paths may store the doc: its kind has a `batch`. */
export function batchable(kinds: DocKindTable, docId: string): boolean {
  return kindStore(kinds, docId)?.batch !== undefined;
}

/** The entry and batch of a doc given to a batch path; throws for a doc whose kind has no batch. */
export function batchStore(kinds: DocKindTable, docId: string): DocKindStore & { batch: DocKindBatch<unknown> } {
  const store = kindStore(kinds, docId);
  if (!store?.batch) throw new Error(`not stored in batches: ${docId}`);
  return store as DocKindStore & { batch: DocKindBatch<unknown> };
}

/** The scope of a transaction storing docs of these entries: `updates`, `outbox` and their tables. */
export function docScope(db: LocalDb, stores: Iterable<DocKindStore | undefined>): Table[] {
  const scope = new Map<string, Table>([
    [db.updates.name, db.updates],
    [db.outbox.name, db.outbox],
  ]);
  for (const store of stores) for (const table of store?.tables(db) ?? []) scope.set(table.name, table);
  return [...scope.values()];
}
