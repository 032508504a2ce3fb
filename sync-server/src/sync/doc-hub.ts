import {
  type ErrorCode,
  encodeMessage,
  type Person,
  type Principal,
  parseDocId,
  principalsOf,
  syncStep2,
  syncUpdate,
} from '@thongsuot/shared';
import * as Y from 'yjs';
import type { CommitQueue } from '../storage/commit-queue.ts';
import type { DocStore } from '../storage/doc-store.ts';
import type { ConnectionRegistry, Subscriber } from './connection-registry.ts';
import { DOC_POLICIES } from './doc-policies.ts';

interface LoadedDoc {
  readonly doc: Y.Doc;
  exists: boolean;
  readers: ReadonlySet<Principal>;
}

export type WriteOutcome =
  | { readonly ok: true }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

function refused(code: ErrorCode, message: string): WriteOutcome {
  return { ok: false, code, message };
}

/**
 * The relay's documents in memory: loads them from storage, checks each write against the
 * doc kind's rules, commits it, and relays it to everyone who may read the doc only after the
 * commit (DESIGN.md §3–§5).
 */
export class DocHub {
  readonly #store: DocStore;
  readonly #queue: CommitQueue;
  readonly #registry: ConnectionRegistry;
  readonly #docs = new Map<string, Promise<LoadedDoc>>();

  constructor(store: DocStore, queue: CommitQueue, registry: ConnectionRegistry) {
    this.#store = store;
    this.#queue = queue;
    this.#registry = registry;
  }

  #load(docId: string): Promise<LoadedDoc> {
    let loading = this.#docs.get(docId);
    if (!loading) {
      loading = (async () => {
        const [updates, readers] = await Promise.all([this.#store.loadUpdates(docId), this.#store.readersOf(docId)]);
        const doc = new Y.Doc({ gc: true });
        doc.transact(() => {
          for (const update of updates) Y.applyUpdate(doc, update);
        });
        return { doc, exists: updates.length > 0, readers: new Set(readers) };
      })();
      this.#docs.set(docId, loading);
      loading.catch(() => this.#docs.delete(docId));
    }
    return loading;
  }

  async canRead(person: Person, docId: string): Promise<boolean> {
    const loaded = await this.#load(docId);
    return loaded.exists && principalsOf(person).some((p) => loaded.readers.has(p));
  }

  /** The part of the doc the holder of `stateVector` lacks, or null if the person may not read it. */
  async diff(person: Person, docId: string, stateVector: Uint8Array): Promise<Uint8Array | null> {
    if (!(await this.canRead(person, docId))) return null;
    const loaded = await this.#load(docId);
    return Y.encodeStateAsUpdate(loaded.doc, stateVector);
  }

  async write(person: Person, docId: string, update: Uint8Array, origin: Subscriber | null): Promise<WriteOutcome> {
    const address = parseDocId(docId);
    if (!address) return refused('bad_frame', `"${docId}" is not a document id.`);
    const policy = DOC_POLICIES[address.kind];
    if (!policy) return refused('forbidden', `Documents of kind "${address.kind}" cannot be written yet.`);
    const loaded = await this.#load(docId);

    // Everything from here to the commit is synchronous, so no other write to this doc can
    // interleave between the check and the apply.
    const before = loaded.exists ? policy.project(loaded.doc) : null;
    if (loaded.exists && before === null) return refused('invalid_task', 'The stored document is unreadable.');
    const trial = new Y.Doc({ gc: true });
    try {
      Y.applyUpdate(trial, Y.encodeStateAsUpdate(loaded.doc));
      Y.applyUpdate(trial, update);
    } catch {
      return refused('bad_frame', 'The update could not be decoded.');
    }
    if (trial.store.pendingStructs !== null || trial.store.pendingDs !== null) {
      return refused('missing_dependencies', 'The update depends on changes the server does not have.');
    }
    const after = policy.project(trial);
    const verdict = policy.check(person, before, after);
    if (!verdict.ok) return refused(verdict.code as ErrorCode, verdict.message);
    if (after === null) return refused('invalid_task', 'The update leaves the document invalid.');

    const beforeReaders = loaded.readers;
    let applied = false;
    const onUpdate = (): void => {
      applied = true;
    };
    loaded.doc.on('update', onUpdate);
    Y.applyUpdate(loaded.doc, update);
    loaded.doc.off('update', onUpdate);
    if (!applied && loaded.exists) return { ok: true }; // a resend of what is already stored

    const projection = policy.projection(after);
    const afterReaders = new Set(projection.readers);
    loaded.exists = true;
    loaded.readers = afterReaders;
    try {
      await this.#queue.commit({
        docId,
        kind: address.kind,
        update,
        projection,
        audit: policy.audit(person, docId, before, after),
      });
    } catch {
      // Memory may now be ahead of disk: drop the doc so the next use reloads what is stored.
      this.#docs.delete(docId);
      return refused('storage_failed', 'The server could not save the change; it will be retried.');
    }
    this.#fanOut(docId, loaded, update, beforeReaders, afterReaders, origin);
    return { ok: true };
  }

  #fanOut(
    docId: string,
    loaded: LoadedDoc,
    update: Uint8Array,
    beforeReaders: ReadonlySet<Principal>,
    afterReaders: ReadonlySet<Principal>,
    origin: Subscriber | null,
  ): void {
    let updateFrame: Uint8Array | null = null;
    let fullFrame: Uint8Array | null = null;
    for (const subscriber of this.#registry.reachedBy(afterReaders)) {
      if (subscriber === origin) continue;
      const hadAccess = subscriber.principals.some((p) => beforeReaders.has(p));
      if (hadAccess) {
        updateFrame ??= encodeMessage({ type: 'sync', docId, ref: 0, payload: syncUpdate(update) });
        subscriber.send(updateFrame);
      } else {
        // Newly shared with this person: send the whole doc, not just the last change.
        fullFrame ??= encodeMessage({
          type: 'sync',
          docId,
          ref: 0,
          payload: syncStep2(Y.encodeStateAsUpdate(loaded.doc)),
        });
        subscriber.send(fullFrame);
      }
    }
  }
}
