import {
  applyDashPatch,
  type DashPatch,
  type Dossier,
  dashDocId,
  forgetRelayIdCounts,
  type Person,
  parseDocId,
  RECEIVED_ROOT,
  RELAY_CLIENT_ID,
  type RegisterEntry,
  same,
  writeRegisterEntry,
} from '@thongsuot/shared';
import * as Y from 'yjs';
import { type AuditEntry, type DocProjection, sameReaders } from '../storage/doc-store.ts';
import { DOC_POLICIES } from '../sync/doc-policies.ts';
import { storedProjection } from './assignment-delta.ts';
import type { ClientOwner, DiffResult, FactsResult, Refusal, SnapshotResult, WriteResult } from './engine-messages.ts';
import { structsSince } from './structs-since.ts';
import { type Inspection, inspectTransaction, MAX_BACKDATE_MS } from './write-inspection.ts';

/** The owner on record of the relay's own client id: no person's id. */
const RELAY_OWNER = '@relay';

/** Last-writer-wins keys whose receipt follows their latest value: stages and rounds of a task. */
const RESTAMPED = /^(progress|rounds)\//;

/** A check may ask for the facts of at most this many other docs (docs/design.md §11). */
export const MAX_LOOKUPS = 4;

interface ResidentDoc {
  doc: Y.Doc;
  /** The stored updates it was loaded from, then every update accepted since: enough to rebuild it. */
  readonly history: Uint8Array[];
  projection: unknown | null;
  /** What `projection` maps to in the tables, to skip rewriting them when a write leaves it unchanged. */
  tables: DocProjection | null;
  exists: boolean;
  /** Each Yjs client id that has written to the doc, and whose it is. */
  readonly owners: Map<number, string>;
}

const refuse = (code: Refusal['code'], message: string): Refusal => ({ ok: false, code, message });

/**
 * The docs one apply worker holds (docs/design.md §4). A write is applied to the live doc and then
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

  load(docId: string, updates: readonly Uint8Array[], owners: readonly ClientOwner[] = []): void {
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
      tables: projection !== null && policy ? policy.projection(projection, doc) : null,
      owners: sealed(doc, owners),
    });
  }

  unload(docId: string): void {
    this.#docs.get(docId)?.doc.destroy();
    this.#docs.delete(docId);
  }

  write(docId: string, person: Person, update: Uint8Array, facts?: Readonly<Record<string, unknown>>): WriteResult {
    const resident = this.#docs.get(docId);
    const policy = this.#policy(docId);
    if (!resident || !policy) return refuse('forbidden', 'Không được ghi loại dữ liệu này.');
    const before = resident.projection;
    if (resident.exists && before === null)
      return refuse('invalid_doc', 'Không đọc được dữ liệu đang lưu trên máy chủ.');
    if (before !== null && !policy.mayWrite(person, before)) {
      return refuse('forbidden', 'Bạn chỉ được xem, không được sửa dữ liệu này.');
    }

    // The write is applied, inspected and given the relay's receipts in one transaction, whose
    // update (Yjs encodes it from the transaction) is what is stored and relayed. What the write
    // added and deleted is read from the transaction before the receipts are written, so only
    // what the write touched is looked at.
    const doc = resident.doc;
    let inspection: Inspection | null = null;
    let receiptFrom = -1;
    let stored: Uint8Array | null = null;
    const capture = (written: Uint8Array): void => {
      stored = written;
    };
    doc.on('update', capture);
    try {
      doc.transact((tr) => {
        Y.applyUpdate(doc, update);
        if (doc.store.pendingStructs !== null || doc.store.pendingDs !== null) return;
        inspection = inspectTransaction(tr, stateNow(doc), policy.layout, person.id, resident.owners, Date.now());
        if (inspection.ok) receiptFrom = this.#stamp(doc, inspection.entries);
      });
    } catch {
      return this.#rollback(resident, refuse('bad_frame', 'Không giải mã được thay đổi.'));
    } finally {
      doc.off('update', capture);
    }
    const store = doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      return this.#rollback(
        resident,
        refuse('missing_dependencies', 'Thay đổi này dựa trên những thay đổi khác mà máy chủ chưa có.'),
      );
    }
    // Yjs emits an update only when the transaction changed something.
    const written = stored as Uint8Array | null;
    if (written === null) return { ok: true, changed: false };
    const inspected = inspection as Inspection | null;
    if (inspected && !inspected.ok) return this.#rollback(resident, refuse(inspected.code, inspected.message));

    const after = policy.project(resident.doc);
    if (after === null)
      return this.#rollback(resident, refuse('invalid_doc', 'Thay đổi này làm dữ liệu không hợp lệ.'));
    const id = parseDocId(docId)?.id ?? '';
    if (!policy.matchesId(after, id)) {
      return this.#rollback(resident, refuse('forbidden', `Nội dung này không thuộc về "${docId}".`));
    }
    const references = policy.references?.(before, after) ?? [];
    if (references.length > MAX_LOOKUPS) {
      return this.#rollback(resident, refuse('forbidden', 'Thay đổi này liên quan đến quá nhiều dữ liệu khác.'));
    }
    if (references.length > 0 && facts === undefined) {
      return this.#rollback(resident, { ok: false, code: 'needs_facts', docIds: references });
    }
    const appended = inspected?.ok ? inspected.appended : new Map<string, readonly unknown[]>();
    const verdict = policy.check(person, before, after, (other) => facts?.[other] ?? null, appended);
    if (!verdict.ok) return this.#rollback(resident, refuse(verdict.code as Refusal['code'], verdict.message));
    const born = policy.bornAt?.(after);
    if (inspected?.ok && born !== undefined && inspected.earliest < born - MAX_BACKDATE_MS) {
      return this.#rollback(
        resident,
        refuse('forbidden', 'Có mục được ghi thời gian trước cả khi dữ liệu chứa nó được tạo.'),
      );
    }

    const receipt = receiptFrom < 0 ? null : structsSince(doc, RELAY_CLIENT_ID, receiptFrom);
    resident.history.push(written);
    resident.projection = after;
    resident.exists = true;
    const clients: ClientOwner[] = (inspected?.ok ? inspected.newClients : []).map((c) => [c, person.id]);
    for (const [client] of clients) resident.owners.set(client, person.id);
    // After the receipts: the assignment index counts the relay's times (docs/design.md §14).
    const tables = policy.projection(after, resident.doc);
    const previous = resident.tables;
    resident.tables = tables;
    const unchanged = previous !== null && same(previous, tables);
    return {
      ok: true,
      changed: true,
      projection: unchanged ? null : storedProjection(previous, tables),
      audit: policy.audit(person, docId, before, after),
      fullState: sameReaders(previous?.readers ?? [], tables.readers) ? null : Y.encodeStateAsUpdate(resident.doc),
      clients,
      blobRefs: (inspected?.ok ? inspected.blobs : []).map((sha) => [sha, person.id] as const),
      update: written,
      receipt,
    };
  }

  /**
   * Records when the relay received each new entry (receipts.ts), under the relay's own client
   * id, inside the write's transaction. Returns the relay's clock before them, from which they
   * are encoded for the writer (-1 when every entry already had a receipt).
   */
  #stamp(doc: Y.Doc, entries: readonly string[]): number {
    if (entries.length === 0) return -1;
    const received = doc.getMap(RECEIVED_ROOT);
    // A recipient's stage recorded again in a later round, and the round itself, are received
    // again: their receipt is when the relay got the value they hold now (docs/design.md §14).
    const fresh = entries.filter((key) => !received.has(key) || RESTAMPED.test(key));
    if (fresh.length === 0) return -1;
    const own = doc.clientID;
    const at = Date.now();
    // The relay's clock in the doc continues from its own earlier receipts (Yjs takes the next
    // clock from the store), so one client id serves every relay node and every reload. An item
    // takes its client id when it is created, so the write's own items keep theirs.
    const from = Y.getState(doc.store, RELAY_CLIENT_ID);
    doc.clientID = RELAY_CLIENT_ID;
    try {
      for (const key of fresh) received.set(key, at);
    } finally {
      doc.clientID = own;
    }
    return from;
  }

  /**
   * The relay's own change to a document: its register number (docs/design.md §18), written under
   * the relay's client id. Nothing changes when the document is numbered already (a retry).
   */
  register(docId: string, entry: RegisterEntry): WriteResult {
    const resident = this.#docs.get(docId);
    if (!resident?.exists) return refuse('not_found', 'Không có dữ liệu này.');
    const before = resident.projection as Dossier | null;
    if (before === null || before.register !== null) return { ok: true, changed: false };
    return this.#relayChange(docId, resident, (doc) => writeRegisterEntry(doc, entry), 'Không ghi được số văn bản.', [
      {
        actorId: 'relay',
        action: 'dossier.register',
        docId,
        detail: `${entry.register}/${entry.year}/${entry.number}`,
      },
    ]);
  }

  /**
   * The relay's refresh of a unit's figures (`dash/<unitId>`, docs/design.md §14): the keys that
   * changed, under the relay's client id. Creates the doc on its first refresh.
   */
  publishDash(docId: string, patch: DashPatch): WriteResult {
    if (this.#policy(docId) !== DOC_POLICIES.dash || docId !== dashDocId(patch.unitId)) {
      return refuse('forbidden', 'Không phải dữ liệu số liệu tổng hợp.');
    }
    let resident = this.#docs.get(docId);
    if (!resident) {
      this.load(docId, []);
      resident = this.#docs.get(docId) as ResidentDoc;
    }
    return this.#relayChange(docId, resident, (doc) => applyDashPatch(doc, patch), 'Không ghi được số liệu.', []);
  }

  #relayChange(
    docId: string,
    resident: ResidentDoc,
    change: (doc: Y.Doc) => void,
    failure: string,
    audit: AuditEntry[],
  ): WriteResult {
    const policy = this.#policy(docId);
    if (!policy) return refuse('forbidden', failure);
    const own = resident.doc.clientID;
    let update: Uint8Array | null = null;
    const capture = (u: Uint8Array): void => {
      update = u;
    };
    resident.doc.clientID = RELAY_CLIENT_ID;
    resident.doc.on('update', capture);
    try {
      change(resident.doc);
    } finally {
      resident.doc.off('update', capture);
      resident.doc.clientID = own;
    }
    const after = policy.project(resident.doc);
    const written = update as Uint8Array | null;
    if (after === null || written === null) return this.#rollback(resident, refuse('invalid_doc', failure));
    resident.history.push(written);
    resident.projection = after;
    resident.exists = true;
    const tables = policy.projection(after, resident.doc);
    const previous = resident.tables;
    resident.tables = tables;
    const unchanged = previous !== null && same(previous, tables);
    return {
      ok: true,
      changed: true,
      projection: unchanged ? null : storedProjection(previous, tables),
      audit,
      // A unit's first figures reach its members whole, as any doc newly readable does.
      fullState: sameReaders(previous?.readers ?? [], tables.readers) ? null : Y.encodeStateAsUpdate(resident.doc),
      clients: [],
      blobRefs: [],
      update: written,
      receipt: null,
    };
  }

  /**
   * Another node's committed update, taken into the copy (docs/scale-out.md): the relay sends it
   * only when the copy holds exactly what was committed before it and no write of this node is
   * on its way, so it applies whole. If it does not, the copy is rebuilt without it and the
   * relay drops the doc, to load it again.
   */
  absorb(docId: string, update: Uint8Array, owners: readonly ClientOwner[]): FactsResult {
    const resident = this.#docs.get(docId);
    if (!resident) return refuse('not_found', 'Không có dữ liệu này.');
    try {
      Y.applyUpdate(resident.doc, update);
    } catch {
      return this.#rollback(resident, refuse('bad_frame', 'Không giải mã được thay đổi.'));
    }
    const store = resident.doc.store;
    if (store.pendingStructs !== null || store.pendingDs !== null) {
      return this.#rollback(resident, refuse('missing_dependencies', 'Bản sao thiếu thay đổi trước đó.'));
    }
    // A client id whose owner this copy would not know would be sealed here, though the store
    // knows it: the doc is loaded again instead.
    const added = owners.filter(([client]) => !resident.owners.has(client));
    const known = new Set([...resident.owners.keys(), ...added.map(([client]) => client)]);
    for (const client of store.clients.keys()) {
      if (!known.has(client))
        return this.#rollback(resident, refuse('missing_dependencies', 'Bản sao thiếu chủ sở hữu.'));
    }
    for (const [client, person] of added) resident.owners.set(client, person);
    resident.history.push(update);
    if (parseDocId(docId)?.kind === 'convlog') forgetRelayIdCounts(resident.doc);
    const policy = this.#policy(docId);
    resident.exists = true;
    resident.projection = policy ? policy.project(resident.doc) : null;
    resident.tables =
      resident.projection !== null && policy ? policy.projection(resident.projection, resident.doc) : null;
    return { ok: true, facts: null };
  }

  /** What another doc's check may know of this one (its policy's `facts`); null if it does not exist. */
  facts(docId: string): FactsResult {
    const resident = this.#docs.get(docId);
    if (!resident) return refuse('not_found', 'Không có dữ liệu này.');
    const policy = this.#policy(docId);
    const facts = resident.projection !== null && policy?.facts ? policy.facts(resident.projection) : null;
    return { ok: true, facts };
  }

  diff(docId: string, stateVector: Uint8Array): DiffResult {
    const resident = this.#docs.get(docId);
    if (!resident) return refuse('not_found', 'Không có dữ liệu này.');
    try {
      return { ok: true, update: Y.encodeStateAsUpdate(resident.doc, stateVector) };
    } catch {
      return refuse('bad_frame', 'Không giải mã được trạng thái đồng bộ của thiết bị.');
    }
  }

  /** The doc's whole state in one update, replacing its history (docs/design.md §7). */
  snapshot(docId: string): SnapshotResult {
    const resident = this.#docs.get(docId);
    if (!resident) return refuse('not_found', 'Không có dữ liệu này.');
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

  #rollback<R extends WriteResult>(resident: ResidentDoc, refusal: R): R {
    resident.doc.destroy();
    resident.doc = this.#build(resident.history);
    return refusal;
  }
}

/**
 * The owners of a loaded doc's client ids. Client ids already in the doc with no owner on
 * record (written before owners were kept, or seeded by the server itself) belong to no one:
 * nobody may write under them again.
 */
function sealed(doc: Y.Doc, owners: readonly ClientOwner[]): Map<number, string> {
  const map = new Map(owners);
  map.set(RELAY_CLIENT_ID, RELAY_OWNER);
  for (const client of doc.store.clients.keys()) if (!map.has(client)) map.set(client, '');
  return map;
}

/** The doc's state vector in the middle of a transaction (Yjs computes `afterState` at its end). */
function stateNow(doc: Y.Doc): Map<number, number> {
  const state = new Map<number, number>();
  for (const client of doc.store.clients.keys()) state.set(client, Y.getState(doc.store, client));
  return state;
}
