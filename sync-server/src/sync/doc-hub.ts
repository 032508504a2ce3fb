import { type ErrorCode, type Person, type Principal, parseDocId, principalsOf } from '@thongsuot/shared';
import type { DocEngine } from '../engine/doc-engine.ts';
import type { LoadedDoc, WriteResult } from '../engine/engine-messages.ts';
import type { FanOut } from '../fanout/fan-out.ts';
import { type CommitQueue, StaleWriteError } from '../storage/commit-queue.ts';
import { type DocProjection, type DocStore, type DocWrite, sameReaders } from '../storage/doc-store.ts';
import { type CopyBasis, checkedAgain } from './copy-basis.ts';
import { DependentAccess } from './dependent-access.ts';
import { DOC_POLICIES } from './doc-policies.ts';
import { type DocRecord, DocRecords } from './doc-records.ts';
import { CHANGED_ELSEWHERE, RESTARTING, refused, STORAGE_FAILED } from './write-refusals.ts';

export type WriteOutcome =
  /**
   * `receipt`: the relay's record of when it received the write's entries (receipts.ts), for
   * the writer's device, which fan-out skips; sent to it before the ack.
   */
  | { readonly ok: true; readonly receipt?: Uint8Array }
  | { readonly ok: false; readonly code: ErrorCode; readonly message: string };

export type DiffOutcome = { readonly ok: true; readonly update: Uint8Array } | Extract<WriteOutcome, { ok: false }>;

export interface DocHubOptions {
  readonly store: DocStore;
  readonly queue: CommitQueue;
  readonly engine: DocEngine;
  readonly records: DocRecords;
  readonly copies: CopyBasis;
  readonly fanOut: FanOut;
  /** Compact a doc through a Y.Doc once it has this many stored updates... */
  readonly compactAfterUpdates: number;
  /** ...or this many stored bytes (docs/design.md §7). */
  readonly compactAfterBytes: number;
  readonly onError?: (error: unknown) => void;
  /** After each commit, with what the write projected (the registrar numbers new documents). */
  readonly onCommitted?: (docId: string, projection: DocProjection | null) => void;
  /** How long each commit took, in seconds (metrics). */
  readonly onCommitTime?: (seconds: number) => void;
}

/**
 * The doc whose readers read and write `docId` (a message log's conversation head), null when
 * the id of such a doc names none, undefined for docs that answer for themselves.
 */
function parentOf(docId: string): string | null | undefined {
  const address = parseDocId(docId);
  const policy = address ? DOC_POLICIES[address.kind] : undefined;
  if (!address || !policy?.parentOf) return undefined;
  return policy.parentOf(address.id);
}

/**
 * The relay's core (docs/design.md §3–§5): checks who may touch a doc, has the apply workers check
 * and apply each write, commits it, acknowledges only after the commit, then publishes it to
 * fan-out. Also compacts docs past a threshold.
 */
export class DocHub {
  #closing = false;
  readonly #o: DocHubOptions;
  readonly #inflightCompactions = new Set<Promise<void>>();
  readonly #writes = new Set<Promise<WriteOutcome>>();
  /** The writes of `#writes` by doc: a log's write waits for its head's received before it. */
  readonly #writesByDoc = new Map<string, Set<Promise<WriteOutcome>>>();
  /** The order writes arrived in: a lookup waits only for writes that arrived before its own. */
  readonly #arrivals = new WeakMap<Promise<WriteOutcome>, number>();
  #arrived = 0;
  readonly #dependents: DependentAccess;
  compactions = 0;

  constructor(options: DocHubOptions) {
    this.#o = options;
    this.#dependents = new DependentAccess(options);
  }

  /** Everything the apply worker needs to rebuild the doc: what is stored and what is being stored. */
  async load(docId: string): Promise<LoadedDoc> {
    await this.#o.copies.loading(docId);
    const [updates, owners] = await Promise.all([this.#o.store.loadUpdates(docId), this.#o.store.clientOwners(docId)]);
    const record = this.#o.records.peek(docId);
    if (!record) return { updates, owners };
    return { updates: [...updates, ...record.inflight], owners: [...owners, ...record.inflightOwners] };
  }

  async canRead(person: Person, docId: string): Promise<boolean> {
    return this.#readable(principalsOf(person), docId);
  }

  /** A doc with a parent (a message log) is read by exactly its parent's current readers. */
  async #readable(principals: readonly Principal[], docId: string): Promise<boolean> {
    const parentId = parentOf(docId);
    if (parentId === undefined) return DocRecords.canRead(principals, await this.#o.records.get(docId));
    if (parentId === null) return false;
    const [record, parent] = await Promise.all([this.#o.records.get(docId), this.#o.records.get(parentId)]);
    return record.exists && DocRecords.canRead(principals, parent);
  }

  /** The part of the doc the holder of `stateVector` lacks, if the person may read it. */
  async diff(principals: readonly Principal[], docId: string, stateVector: Uint8Array): Promise<DiffOutcome> {
    if (!(await this.#readable(principals, docId))) {
      return refused('not_found', 'Không có dữ liệu này, hoặc bạn không có quyền truy cập.');
    }
    return this.#o.engine.diff(docId, stateVector);
  }

  /** Checks, applies, commits and publishes one write; resolves (to ack) only after the commit. */
  write(person: Person, docId: string, update: Uint8Array, originId: string | null): Promise<WriteOutcome> {
    // Shutting down (SIGTERM): what arrived before is finished and acked; what arrives now is
    // refused as retryable, so the device keeps it and sends it again to the next process.
    if (this.#closing) return Promise.resolve(refused('timeout', RESTARTING));
    const arrival = ++this.#arrived;
    // Storage that cannot be read just now (PostgreSQL restarting) refuses the write as retryable.
    const writing = checkedAgain(() => this.#write(person, docId, update, originId, arrival)).catch(
      (error: unknown) => {
        this.#o.onError?.(error);
        return refused('storage_failed', STORAGE_FAILED);
      },
    );
    return this.#track(docId, arrival, writing);
  }

  /**
   * The relay's own change to a doc — a document's register number (docs/design.md §18): made by
   * the doc's worker under the relay's client id (`change`), then committed and published like a
   * person's write, in order with them. Resolves after the commit.
   */
  relayWrite(
    docId: string,
    change: () => Promise<WriteResult>,
    /** The change may create the doc (a unit's first figures). */
    create = false,
  ): Promise<WriteOutcome> {
    const arrival = ++this.#arrived;
    const writing = (async (): Promise<WriteOutcome> => {
      const address = parseDocId(docId);
      if (!address) return refused('bad_frame', `Mã "${docId}" không phải là mã dữ liệu hợp lệ.`);
      const record = await this.#o.records.get(docId, true);
      if (!record.exists && !create) return refused('not_found', 'Không có dữ liệu này.');
      const result = await change();
      if (!result.ok || !result.changed) this.#releaseAbsent(docId, record);
      if (!result.ok) return result.code === 'needs_facts' ? refused('forbidden', 'Không áp dụng được.') : result;
      if (record.broken) return refused('storage_failed', STORAGE_FAILED);
      if (!result.changed) return { ok: true };
      return this.#commit(docId, address.kind, record, result, null, null, null);
    })();
    return this.#track(docId, arrival, writing);
  }

  #track(docId: string, arrival: number, writing: Promise<WriteOutcome>): Promise<WriteOutcome> {
    this.#arrivals.set(writing, arrival);
    this.#writes.add(writing);
    let ofDoc = this.#writesByDoc.get(docId);
    if (!ofDoc) {
      ofDoc = new Set();
      this.#writesByDoc.set(docId, ofDoc);
    }
    const mine = ofDoc;
    mine.add(writing);
    void writing.finally(() => {
      this.#writes.delete(writing);
      mine.delete(writing);
      if (mine.size === 0 && this.#writesByDoc.get(docId) === mine) this.#writesByDoc.delete(docId);
    });
    return writing;
  }

  /**
   * The parent's record if the person may write a doc that has one (a message log: the members
   * of its conversation), else the refusal. Writes to the parent received earlier are waited
   * for: a conversation created (or a member added) and written to in one burst is checked
   * against the result.
   */
  async #parentFor(person: Person, parentId: string): Promise<DocRecord | WriteOutcome> {
    const earlier = this.#writesByDoc.get(parentId);
    if (earlier) await Promise.allSettled([...earlier]);
    const parent = await this.#o.records.get(parentId);
    if (!parent.exists) return refused('forbidden', `Không có cuộc trao đổi ${parentId} để chứa các tin nhắn này.`);
    if (!DocRecords.canRead(principalsOf(person), parent)) {
      return refused(
        'forbidden',
        `Chỉ thành viên của cuộc trao đổi ${parentId} mới được đọc và gửi tin nhắn trong đó.`,
      );
    }
    return parent;
  }

  async #write(
    person: Person,
    docId: string,
    update: Uint8Array,
    originId: string | null,
    arrival: number,
  ): Promise<WriteOutcome> {
    const address = parseDocId(docId);
    if (!address) return refused('bad_frame', `Mã "${docId}" không phải là mã dữ liệu hợp lệ.`);
    const policy = DOC_POLICIES[address.kind];
    if (!policy) return refused('forbidden', `Chưa được phép ghi dữ liệu loại "${address.kind}".`);
    const parentId = policy.parentOf ? policy.parentOf(address.id) : undefined;
    if (parentId === null) return refused('bad_frame', `Mã "${docId}" không cho biết dữ liệu này thuộc về đâu.`);
    const parent = parentId === undefined ? null : await this.#parentFor(person, parentId);
    if (parent && 'ok' in parent) return parent;
    const record = await this.#o.records.get(docId, true);
    const joining = policy.joinable?.(address.id) === true;
    if (!parent && record.exists && !joining && !DocRecords.canRead(principalsOf(person), record)) {
      return refused('forbidden', 'Bạn không được sửa dữ liệu này.');
    }
    const result = await this.#checked(person, docId, update, arrival);
    if (!result.ok || !result.changed) this.#releaseAbsent(docId, record);
    if (!result.ok)
      return result.code === 'needs_facts'
        ? refused('forbidden', 'Thay đổi không được chấp nhận.')
        : refused(result.code, result.message);
    if (record.broken) return refused('storage_failed', STORAGE_FAILED);
    if (!result.changed) return { ok: true };
    return this.#commit(docId, address.kind, record, result, originId, parentId ?? null, parent);
  }

  /** Commits a checked change (a person's, or the relay's own) and publishes it; resolves after the commit. */
  async #commit(
    docId: string,
    kind: DocWrite['kind'],
    record: DocRecord,
    result: Extract<WriteResult, { changed: true }>,
    originId: string | null,
    parentId: string | null,
    parent: DocRecord | null,
  ): Promise<WriteOutcome> {
    const stored = result.update;
    const existed = record.exists;
    let readersBefore = record.readers;
    const write: DocWrite = {
      docId,
      kind,
      update: stored,
      projection: result.projection,
      audit: result.audit,
      clients: result.clients,
      ...(result.blobRefs.length > 0 ? { blobRefs: result.blobRefs } : {}),
    };
    record.inflight.add(stored);
    for (const owner of result.clients) record.inflightOwners.add(owner);
    let seq: number;
    /** The doc's number before this write, for other nodes to see a gap (shared store only). */
    let prevSeq: number | undefined;
    const started = performance.now();
    try {
      // A doc with a parent takes the parent's stored readers in the store's transaction.
      seq = await this.#o.queue.commit(parentId ? { ...write, projection: null, parentId } : write, {
        // Built on the worker's copy of the doc: once a write to that copy has failed to
        // commit, nothing built on it may be stored without it; nor once another node's commit
        // has replaced that copy.
        valid: () => !record.broken && !record.replaced,
        elsewhere: () => record.replaced,
        failed: () => {
          record.broken = true;
        },
        basedOn: () => this.#o.copies.of(docId),
      });
      prevSeq = this.#o.copies.committed(docId, seq);
    } catch (error) {
      if (!(error instanceof StaleWriteError)) this.#o.onError?.(error);
      // Memory is now ahead of disk: drop the doc so the next use reloads what is stored.
      record.inflight.delete(stored);
      for (const owner of result.clients) record.inflightOwners.delete(owner);
      if (this.#o.records.peek(docId) === record) {
        this.#o.engine.unload(docId);
        this.#o.records.delete(docId);
      }
      return refused(
        'storage_failed',
        error instanceof StaleWriteError && error.otherNode ? CHANGED_ELSEWHERE : STORAGE_FAILED,
      );
    }
    this.#o.onCommitTime?.((performance.now() - started) / 1000);
    record.inflight.delete(stored);
    for (const owner of result.clients) record.inflightOwners.delete(owner);
    record.exists = true;
    record.lastSeq = seq;
    record.updateCount++;
    record.byteCount += stored.byteLength;
    let readersAfter = result.projection?.readers ?? readersBefore;
    if (parentId && parent) {
      // The parent's readers now (a change committed since the check is already in the store's
      // copy); a log's own writes never grant or revoke: the parent's announcements do.
      readersAfter = (this.#o.records.peek(parentId) ?? parent).readers;
      readersBefore = existed ? readersAfter : [];
      this.#o.records.setReaders(record, readersAfter);
    } else if (result.projection) {
      this.#o.records.setReaders(record, readersAfter);
      if (existed && !sameReaders(readersBefore, readersAfter)) {
        this.#dependents.announce(docId, readersBefore, readersAfter);
      }
    }
    this.#o.fanOut.publish({
      kind: 'update',
      docId,
      seq,
      update: stored,
      fullState: result.fullState,
      readersBefore,
      readersAfter,
      originId,
      publishedAt: Date.now(),
      ...(prevSeq === undefined ? {} : { prevSeq, clients: result.clients }),
    });
    this.#maybeCompact(docId, record);
    this.#o.onCommitted?.(docId, result.projection);
    return result.receipt ? { ok: true, receipt: result.receipt } : { ok: true };
  }

  /**
   * The worker's check of a write. A check that needs what other docs say (a child task's
   * parent, a case group's task) gets their facts and runs again: each such doc's writes
   * received before this one are committed first, so a parent created and handed down in one
   * burst is found (docs/design.md §11).
   */
  async #checked(person: Person, docId: string, update: Uint8Array, arrival: number): Promise<WriteResult> {
    const first = await this.#o.engine.write(docId, person, update);
    if (first.ok || first.code !== 'needs_facts') return first;
    const facts: Record<string, unknown> = {};
    // A doc naming itself gets nothing; writes that arrived later are not waited for, so two
    // new docs naming each other cannot wait on each other.
    for (const otherId of first.docIds) facts[otherId] = otherId === docId ? null : await this.#facts(otherId, arrival);
    const second = await this.#o.engine.write(docId, person, update, facts);
    return second.ok || second.code !== 'needs_facts'
      ? second
      : { ok: false, code: 'forbidden', message: 'Thay đổi này liên quan đến dữ liệu mà máy chủ không đọc được.' };
  }

  async #facts(docId: string, arrival: number): Promise<unknown> {
    const earlier = [...(this.#writesByDoc.get(docId) ?? [])].filter((w) => (this.#arrivals.get(w) ?? 0) < arrival);
    if (earlier.length > 0) await Promise.allSettled(earlier);
    // The record lookup is the existence check (it keeps nothing for a doc that is not stored).
    if (!parseDocId(docId) || !(await this.#o.records.get(docId)).exists) return null;
    const result = await this.#o.engine.facts(docId);
    return result.ok ? result.facts : null;
  }

  /** A write that created nothing leaves nothing held for a doc that is not stored. */
  #releaseAbsent(docId: string, record: DocRecord): void {
    if (record.exists || record.inflight.size > 0 || (this.#writesByDoc.get(docId)?.size ?? 0) > 1) return;
    if (this.#o.records.peek(docId) !== record) return;
    this.#o.engine.unload(docId);
    this.#o.records.delete(docId);
  }

  #maybeCompact(docId: string, record: DocRecord): void {
    const { compactAfterUpdates, compactAfterBytes } = this.#o;
    if (record.compacting || (record.updateCount < compactAfterUpdates && record.byteCount < compactAfterBytes)) return;
    record.compacting = true;
    // Every update up to the last committed one was applied in the worker before it was
    // committed, so the snapshot taken now contains all of them.
    const upToSeq = record.lastSeq;
    let compacted = false;
    const run = (async () => {
      const snapshot = await this.#o.engine.snapshot(docId);
      if (!snapshot.ok) return;
      await this.#o.store.compact(docId, upToSeq, snapshot.state);
      const info = await this.#o.store.docInfo(docId);
      if (info) {
        record.updateCount = info.updateCount;
        record.byteCount = info.byteCount;
      }
      this.compactions++;
      compacted = true;
    })()
      .catch((error) => this.#o.onError?.(error))
      .finally(() => {
        record.compacting = false;
        this.#inflightCompactions.delete(run);
        // Writes that landed while this ran may already be past the threshold again, and the
        // doc may get no further write to notice. (Not after a failure: that would spin.)
        if (compacted && this.#o.records.peek(docId) === record) this.#maybeCompact(docId, record);
      });
    this.#inflightCompactions.add(run);
  }

  /** Unloads docs idle for `idleMs`, and the least recently used beyond `maxDocs`. */
  sweep(idleMs: number, maxDocs: number): number {
    const evict = this.#o.records.evictable(idleMs, maxDocs);
    for (const docId of evict) {
      this.#o.engine.unload(docId);
      this.#o.records.delete(docId);
    }
    return evict.length;
  }

  /** Resolves once every write received so far is committed (or refused) and compactions are done. */
  /** Refuses (retryably) every write from now on; `drain` then finishes those already taken. */
  stopAccepting(): void {
    this.#closing = true;
  }

  async drain(): Promise<void> {
    while (this.#writes.size > 0 || this.#inflightCompactions.size > 0 || this.#dependents.running.length > 0) {
      await Promise.allSettled([...this.#writes, ...this.#inflightCompactions, ...this.#dependents.running]);
    }
  }
}
