import {
  attachmentHashesOf,
  type DocLayout,
  entryAuthor,
  MAX_KEY_LENGTH,
  MAX_VALUE_BYTES,
  MAX_VALUE_DEPTH,
  type MapRoot,
  parsePlainEntry,
  RECEIVED_ROOT,
  RELAY_CLIENT_ID,
  type RootLayout,
  receiptKey,
  withinSchema,
} from '@thongsuot/shared';
import * as Y from 'yjs';

/**
 * The most a write may advance one Yjs client's clock: the content a 1 MiB update can carry.
 * Without a bound a write could claim 2^31 clock values it never wrote, and every later
 * change under that client id would be taken for one already stored (docs/design.md §11).
 */
export const MAX_CLOCK_ADVANCE = 1 << 20;

/**
 * Device times are kept (offline work happens before it syncs) but bounded: no entry may be
 * dated later than the relay's clock plus this skew.
 */
export const MAX_CLOCK_SKEW_MS = 5 * 60_000;

/**
 * Nor may an entry be dated before the doc it belongs to was created, less this: the clock of the
 * device that created the doc and the clock of the one writing now are two different clocks.
 */
export const MAX_BACKDATE_MS = 60 * 60_000;

/** Any shared type of a doc (Yjs types them by the events they emit). */
type SharedType = Y.AbstractType<Y.YEvent<Y.AbstractType<unknown>>>;

export type Inspection =
  | {
      readonly ok: true;
      readonly newClients: readonly number[];
      /** Receipt keys of the entries the write added (receipts.ts): the relay stamps them. */
      readonly entries: readonly string[];
      /** The earliest device time the write's entries claim (Infinity when none). */
      readonly earliest: number;
      /** The plain values the write appended to each array root, for checks of only what it added. */
      readonly appended: ReadonlyMap<string, readonly unknown[]>;
      /**
       * Hashes of the blobs the entries the write added reference (their `attachments`, or a
       * task's meta `attachments` list), recorded with the writer as author (docs/design.md §13).
       */
      readonly blobs: readonly string[];
    }
  | { readonly ok: false; readonly code: 'forbidden' | 'invalid_doc'; readonly message: string };

/** What the walk over a write's new items gathers. */
interface Gathered {
  readonly writtenKeys: Map<string, Set<string>>;
  readonly entries: Set<string>;
  readonly appended: Map<string, unknown[]>;
  readonly blobs: Set<string>;
  earliest: number;
  readonly latest: number;
}

const refused = (message: string): Inspection => ({ ok: false, code: 'forbidden', message });

/** Marks a refusal as the entry being malformed rather than not allowed. */
const MALFORMED = '\u0000';

interface Location {
  readonly root: string;
  readonly layout: RootLayout;
  /** Map keys from the root down to the item's parent: [] for an item directly in the root. */
  readonly path: readonly string[];
}

/**
 * Checks one applied write, from its transaction, before Yjs garbage-collects what it deleted
 * (call it inside the transaction, right after the update is applied, with the doc's state
 * then: doc-shard.ts). Looks only at what the write touched:
 * - every struct it adds is under a client id that is the writer's own (or new, and now theirs),
 *   and no client's clock moves by more than MAX_CLOCK_ADVANCE;
 * - every item it adds sits where the doc kind's layout allows, holds the content the layout
 *   allows there (plain values of bounded depth and size, text in text roots, nested maps only
 *   where the model nests), and every root stays within its size;
 * - every entry it adds names the writer as its author where the layout defines one;
 * - nothing it deletes was another person's entry unless the layout lets that key be
 *   overwritten and the write overwrites it; arrays lose nothing.
 * Creation is no exception: a new doc is a change from the empty doc.
 */
export function inspectTransaction(
  tr: Y.Transaction,
  /** The doc's state now: the transaction may still be under way (doc-shard.ts). */
  afterState: ReadonlyMap<number, number>,
  layout: DocLayout,
  personId: string,
  owners: ReadonlyMap<number, string>,
  now: number,
): Inspection {
  const doc = tr.doc;
  const rootNames = new Map<SharedType, string>();
  for (const [name, type] of doc.share) rootNames.set(type, name);

  const newClients: number[] = [];
  const gathered: Gathered = {
    writtenKeys: new Map(),
    entries: new Set(),
    appended: new Map(),
    blobs: new Set(),
    earliest: Number.POSITIVE_INFINITY,
    latest: now + MAX_CLOCK_SKEW_MS,
  };
  const { writtenKeys } = gathered;
  for (const [client, after] of afterState) {
    const before = tr.beforeState.get(client) ?? 0;
    if (after <= before) continue;
    if (client === RELAY_CLIENT_ID) return refused('Mã máy khách Yjs này thuộc về máy chủ.');
    const owner = owners.get(client);
    if (owner !== undefined && owner !== personId) {
      return refused(`Máy khách Yjs ${client} thuộc về người khác; hãy ghi bằng mã máy khách của chính mình.`);
    }
    if (owner === undefined) newClients.push(client);
    if (after - before > MAX_CLOCK_ADVANCE) {
      return refused(`Mỗi lần ghi chỉ được tăng tối đa ${MAX_CLOCK_ADVANCE} giá trị đồng hồ cho mỗi máy khách.`);
    }
    const structs = doc.store.clients.get(client) ?? [];
    for (let i = Y.findIndexSS(structs, before); i < structs.length; i++) {
      const struct = structs[i] as Y.Item | Y.GC;
      if (struct.id.clock >= after) break;
      if (!(struct instanceof Y.Item)) continue;
      const verdict = checkNewItem(struct, rootNames, layout, personId, gathered);
      if (verdict?.startsWith(MALFORMED)) return { ok: false, code: 'invalid_doc', message: verdict.slice(1) };
      if (verdict) return refused(verdict);
    }
  }

  for (const type of tr.changed.keys()) {
    if (type._item !== null) continue;
    const name = rootNames.get(type) ?? '';
    const root = layout.roots[name];
    if (!root) return refused(`Phần "${name}" không thuộc loại dữ liệu này.`);
    const size = sizeOf(type, root);
    if (size > limitOf(root)) return refused(`Phần "${name}" sẽ vượt quá giới hạn ${limitOf(root)}.`);
  }

  let deletion: string | null = null;
  Y.iterateDeletedStructs(tr, tr.deleteSet, (struct) => {
    if (deletion !== null || !(struct instanceof Y.Item)) return;
    // Inserted and deleted within this very write: nothing stored was removed.
    if (struct.id.clock >= (tr.beforeState.get(struct.id.client) ?? 0)) return;
    deletion = checkDeletion(struct, rootNames, layout, personId, writtenKeys);
  });
  if (deletion !== null) return refused(deletion);
  return {
    ok: true,
    newClients,
    entries: [...gathered.entries],
    earliest: gathered.earliest,
    appended: gathered.appended,
    blobs: [...gathered.blobs],
  };
}

/**
 * The blobs a new entry references: an entry's own `attachments`, or the value itself where the
 * key is `attachments` (a task's meta: the value is the list). Other lists are not references.
 */
function collectBlobs(key: string | null, value: unknown, into: Set<string>): void {
  if (Array.isArray(value) && key !== 'attachments') return;
  for (const sha of attachmentHashesOf(value)) into.add(sha);
}

function locate(item: Y.Item, rootNames: ReadonlyMap<SharedType, string>, layout: DocLayout) {
  const path: string[] = [];
  let type = item.parent;
  while (type instanceof Y.AbstractType && type._item !== null) {
    if (path.length > 2) return null;
    path.unshift(type._item.parentSub ?? '');
    type = type._item.parent;
  }
  if (!(type instanceof Y.AbstractType)) return null;
  const root = rootNames.get(type) ?? '';
  const rootLayout = layout.roots[root];
  return rootLayout ? ({ root, layout: rootLayout, path } satisfies Location) : { root, layout: null, path };
}

function checkNewItem(
  item: Y.Item,
  rootNames: ReadonlyMap<SharedType, string>,
  layout: DocLayout,
  personId: string,
  gathered: Gathered,
): string | null {
  const content = item.content;
  // Content created and deleted before it reached us (or under a parent since deleted) holds
  // nothing; its clock range is bounded above.
  if (content instanceof Y.ContentDeleted) return null;
  const at = locate(item, rootNames, layout);
  if (!at) return 'Nội dung lồng nhau sâu hơn mức loại dữ liệu này cho phép.';
  if (at.root === RECEIVED_ROOT) return 'Chỉ máy chủ mới được ghi thời điểm nhận dữ liệu.';
  if (!at.layout) return `Phần "${at.root}" không thuộc loại dữ liệu này.`;
  const where = `"${at.root}"`;
  const claim = (time: unknown): string | null => {
    if (typeof time !== 'number') return null;
    if (time > gathered.latest) return 'Có mục được ghi thời gian ở tương lai; hãy kiểm tra đồng hồ của thiết bị này.';
    gathered.earliest = Math.min(gathered.earliest, time);
    return null;
  };
  const key = item.parentSub;
  const root = at.layout;

  if (at.path.length === 0) {
    switch (root.kind) {
      case 'text':
        if (key !== null || !(content instanceof Y.ContentString)) return `Phần ${where} chỉ chứa văn bản thuần.`;
        return null;
      case 'array': {
        if (key !== null || !(content instanceof Y.ContentAny))
          return `Phần ${where} chỉ chứa các mục dữ liệu đơn giản.`;
        const appended = gathered.appended.get(at.root) ?? [];
        gathered.appended.set(at.root, appended);
        for (const value of content.arr) {
          const bad = checkValue(value, where) ?? checkEntry(root.entry, value, where) ?? claim(timeOf(null, value));
          if (bad) return bad;
          if (root.author === 'by' && entryAuthor('by', null, value) !== personId) {
            return `Bạn chỉ được ghi các mục của ${where} nhân danh chính mình.`;
          }
          appended.push(value);
          collectBlobs(null, value, gathered.blobs);
          const id = (value as { id?: unknown }).id;
          if (root.author === 'by' && typeof id === 'string') gathered.entries.add(receiptKey(at.root, id));
        }
        return null;
      }
      case 'map': {
        if (key === null) return `Phần ${where} chỉ chứa các mục có tên.`;
        if (key.length > MAX_KEY_LENGTH || (root.keys && !root.keys.includes(key))) {
          return `Phần ${where} không có mục "${key.slice(0, 40)}".`;
        }
        const written = gathered.writtenKeys.get(at.root) ?? new Set<string>();
        gathered.writtenKeys.set(at.root, written);
        written.add(key);
        if (root.author !== 'none' || key === 'createdAt') gathered.entries.add(receiptKey(at.root, key));
        if (root.nested) {
          if (!(content instanceof Y.ContentType) || !(content.type instanceof Y.Map)) {
            return `Mỗi mục của ${where} phải là một tập các trường.`;
          }
          return null;
        }
        if (!(content instanceof Y.ContentAny) || content.arr.length !== 1)
          return `Phần ${where} chỉ chứa các mục dữ liệu đơn giản.`;
        const schema = root.entry ?? root.values?.[key];
        const bad =
          checkValue(content.arr[0], where) ??
          checkEntry(schema, content.arr[0], where) ??
          claim(timeOf(key, content.arr[0]));
        if (bad) return bad;
        const author = entryAuthor(root.author, key, content.arr[0]);
        if (author !== undefined && author !== personId)
          return `Bạn chỉ được ghi các mục của ${where} nhân danh chính mình.`;
        // An entry that is itself a file reference (layout `fileRefs`), or one holding `attachments`.
        if (root.fileRefs) for (const sha of attachmentHashesOf([content.arr[0]])) gathered.blobs.add(sha);
        else collectBlobs(key, content.arr[0], gathered.blobs);
        return null;
      }
    }
  }
  // Inside a nested entry: its fields, and the text of a text field.
  const fields = root.kind === 'map' ? root.nested : undefined;
  if (!fields) return 'Nội dung bị lồng vào chỗ mà loại dữ liệu này chỉ chứa mục đơn giản.';
  if (at.path.length === 1) {
    const field = key === null ? undefined : fields[key];
    if (field !== undefined && field !== 'text' && content instanceof Y.ContentAny && content.arr.length === 1) {
      return checkValue(content.arr[0], where) ?? checkEntry(field, content.arr[0], where);
    }
    if (field === 'text' && content instanceof Y.ContentType && content.type instanceof Y.Text) return null;
    return `Các mục của ${where} không có trường này.`;
  }
  const field = fields[at.path[1] ?? ''];
  if (at.path.length === 2 && field === 'text' && key === null && content instanceof Y.ContentString) return null;
  return 'Nội dung lồng nhau sâu hơn mức loại dữ liệu này cho phép.';
}

function checkDeletion(
  item: Y.Item,
  rootNames: ReadonlyMap<SharedType, string>,
  layout: DocLayout,
  personId: string,
  writtenKeys: ReadonlyMap<string, ReadonlySet<string>>,
): string | null {
  const at = locate(item, rootNames, layout);
  if (at?.root === RECEIVED_ROOT) return 'Chỉ máy chủ mới được ghi thời điểm nhận dữ liệu.';
  // Under a type itself deleted earlier, or junk a legacy doc holds: nothing the model reads.
  if (!at?.layout || at.path.length > 0) return null;
  const root = at.layout;
  if (root.kind === 'text') return null;
  if (root.kind === 'array') return `Không được xóa các mục của "${at.root}".`;
  const key = item.parentSub ?? '';
  const replaced = writtenKeys.get(at.root)?.has(key) ?? false;
  const content = item.content;
  const previous = content instanceof Y.ContentAny ? content.arr[0] : undefined;
  const author = content instanceof Y.ContentAny ? entryAuthor(root.author, key, previous) : undefined;
  if (author !== undefined && author !== personId) {
    return replaced && root.replace ? null : `Không được sửa các mục của "${at.root}" do người khác ghi.`;
  }
  return replaced || root.remove ? null : `Không được xóa các mục của "${at.root}".`;
}

/** An entry the model reads through `schema`: valid, and holding no key the schema does not know. */
function checkEntry(schema: MapRoot['entry'], value: unknown, where: string): string | null {
  if (!schema) return null;
  const parsed = parsePlainEntry(schema, value);
  if (parsed === undefined) return `${MALFORMED}Một mục của ${where} không đúng định dạng.`;
  return withinSchema(value, parsed) ? null : `Một mục của ${where} chứa dữ liệu ngoài mô hình.`;
}

/** The device time an entry claims: its `at`, or a meta field `createdAt`. */
function timeOf(key: string | null, value: unknown): unknown {
  if (key === 'createdAt') return value;
  return typeof value === 'object' && value !== null ? (value as { at?: unknown }).at : undefined;
}

/** Plain values: bounded nesting and size, JSON only. */
function checkValue(value: unknown, where: string): string | null {
  let budget = MAX_VALUE_BYTES;
  const cost = (bytes: number): boolean => {
    budget -= bytes;
    return budget >= 0;
  };
  const walk = (v: unknown, depth: number): boolean => {
    if (depth > MAX_VALUE_DEPTH) return false;
    if (v === null || typeof v === 'boolean') return cost(4);
    if (typeof v === 'number') return Number.isFinite(v) && cost(8);
    if (typeof v === 'string') return cost(v.length + 2);
    if (Array.isArray(v)) return cost(2) && v.every((x) => walk(x, depth + 1));
    if (typeof v === 'object' && Object.getPrototypeOf(v) === Object.prototype) {
      return Object.entries(v as Record<string, unknown>).every(([k, x]) => cost(k.length + 3) && walk(x, depth + 1));
    }
    return false;
  };
  return walk(value, 0)
    ? null
    : `Một mục của ${where} lồng sâu quá ${MAX_VALUE_DEPTH} cấp, lớn hơn ${MAX_VALUE_BYTES} byte, hoặc không phải dữ liệu thuần.`;
}

function sizeOf(type: SharedType, root: RootLayout): number {
  if (root.kind !== 'map') return type._length;
  // `_map` keeps deleted keys too; count the live ones only when that could matter.
  if (type._map.size <= root.maxKeys) return type._map.size;
  let live = 0;
  for (const item of type._map.values()) if (!item.deleted) live++;
  return live;
}

function limitOf(root: RootLayout): number {
  return root.kind === 'map' ? (root as MapRoot).maxKeys : root.kind === 'array' ? root.maxItems : root.maxLength;
}
