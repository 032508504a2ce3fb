import { type Person, parseDocId, same } from '@thongsuot/shared';
import * as Y from 'yjs';
import { type DocProjection, sameReaders } from '../storage/doc-store.ts';
import { DOC_POLICIES } from '../sync/doc-policies.ts';
import type { DiffResult, Refusal, SnapshotResult, WriteResult } from './engine-messages.ts';

interface ResidentDoc {
  doc: Y.Doc;
  /** The stored updates it was loaded from, then every update accepted since: enough to rebuild it. */
  readonly history: Uint8Array[];
  projection: unknown | null;
  /** What `projection` maps to in the tables, to skip rewriting them when a write leaves it unchanged. */
  tables: DocProjection | null;
  exists: boolean;
}

const refuse = (code: Refusal['code'], message: string): Refusal => ({ ok: false, code, message });

/**
 * The docs one apply worker holds (DESIGN.md §4). A write is applied to the live doc and then
 * checked; a refused one leaves the doc rebuilt from its history, so nothing refused survives.
 * Rebuilding costs a reload but happens only on refusal, while the common path applies once.
 */
export class DocShard {
  readonly #docs = new Map<string, ResidentDoc>();

  get size(): number {
    return this.#docs.size;
  }

  has(docId: string): boolean {
    return this.#docs.has(docId);
  }

  load(docId: string, updates: readonly Uint8Array[]): void {
    if (this.#docs.has(docId)) return;
    const history = [...updates];
    const doc = this.#build(history);
    const policy = this.#policy(docId);
    const projection = history.length > 0 && policy ? policy.project(doc) : null;
    this.#docs.set(docId, {
      doc,
      history,
      exists: history.length > 0,
      projection,
      tables: projection !== null && policy ? policy.projection(projection) : null,
    });
  }

  unload(docId: string): void {
    this.#docs.get(docId)?.doc.destroy();
    this.#docs.delete(docId);
  }

  write(docId: string, person: Person, update: Uint8Array): WriteResult {
    const resident = this.#docs.get(docId);
    const policy = this.#policy(docId);
    if (!resident || !policy) return refuse('forbidden', 'Documents of this kind cannot be written.');
    const before = resident.projection;
    if (resident.exists && before === null) return refuse('invalid_doc', 'The stored document is unreadable.');
    if (before !== null && !policy.mayWrite(person, before)) {
      return refuse('forbidden', 'You may read this document but not change it.');
    }

    let changed = false;
    const onUpdate = (): void => {
      changed = true;
    };
    resident.doc.on('update', onUpdate);
    try {
      Y.applyUpdate(resident.doc, update);
    } catch {
      return this.#rollback(resident, refuse('bad_frame', 'The update could not be decoded.'));
    } finally {
      resident.doc.off('update', onUpdate);
    }
    const store = resident.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      return this.#rollback(
        resident,
        refuse('missing_dependencies', 'The update depends on changes the server does not have.'),
      );
    }
    if (!changed) return { ok: true, changed: false };

    const after = policy.project(resident.doc);
    const verdict = policy.check(person, before, after);
    if (!verdict.ok) return this.#rollback(resident, refuse(verdict.code as Refusal['code'], verdict.message));
    if (after === null)
      return this.#rollback(resident, refuse('invalid_doc', 'The update leaves the document invalid.'));
    const id = parseDocId(docId)?.id ?? '';
    if (policy.matchesId && !policy.matchesId(after, id)) {
      return this.#rollback(resident, refuse('forbidden', `The content does not belong in "${docId}".`));
    }

    resident.history.push(update);
    resident.projection = after;
    resident.exists = true;
    const tables = policy.projection(after);
    const previous = resident.tables;
    resident.tables = tables;
    const unchanged = previous !== null && same(previous, tables);
    return {
      ok: true,
      changed: true,
      projection: unchanged ? null : tables,
      audit: policy.audit(person, docId, before, after),
      fullState: sameReaders(previous?.readers ?? [], tables.readers) ? null : Y.encodeStateAsUpdate(resident.doc),
    };
  }

  diff(docId: string, stateVector: Uint8Array): DiffResult {
    const resident = this.#docs.get(docId);
    if (!resident) return refuse('not_found', 'No such document.');
    try {
      return { ok: true, update: Y.encodeStateAsUpdate(resident.doc, stateVector) };
    } catch {
      return refuse('bad_frame', 'The state vector could not be decoded.');
    }
  }

  /** The doc's whole state in one update, replacing its history (DESIGN.md §7). */
  snapshot(docId: string): SnapshotResult {
    const resident = this.#docs.get(docId);
    if (!resident) return refuse('not_found', 'No such document.');
    const state = Y.encodeStateAsUpdate(resident.doc);
    resident.history.splice(0, resident.history.length, state);
    return { ok: true, state };
  }

  #policy(docId: string) {
    const address = parseDocId(docId);
    return address ? DOC_POLICIES[address.kind] : undefined;
  }

  #build(history: readonly Uint8Array[]): Y.Doc {
    const doc = new Y.Doc({ gc: true });
    doc.transact(() => {
      for (const update of history) Y.applyUpdate(doc, update);
    });
    return doc;
  }

  #rollback(resident: ResidentDoc, refusal: Refusal): Refusal {
    resident.doc.destroy();
    resident.doc = this.#build(resident.history);
    return refusal;
  }
}
