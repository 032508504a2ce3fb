import Dexie, { type Table } from 'dexie';

/** One stored Yjs update of a doc; a doc is the merge of its rows. */
export interface StoredUpdate {
  id?: number;
  docId: string;
  data: Uint8Array;
}

/** A local change the server has not yet acknowledged as on disk. `ref` is sent with it. */
export interface OutboxEntry {
  ref?: number;
  docId: string;
  data: Uint8Array;
  createdAt: number;
}

/** Query-shaped projection of a task doc, for lists (DESIGN.md §6). Rebuilt from the doc. */
export interface TaskRow {
  docId: string;
  title: string;
  deadline: string;
  issuerId: string;
  issuerUnitId: string;
  recipientIds: string[];
  /** Status of each assignment, in recipient order. */
  statuses: string[];
  /** normal | urgent | flash (thường, khẩn, hỏa tốc); absent on rows written before v2. */
  priority?: string;
  createdAt: number;
}

export interface DirectoryUnitRow {
  id: string;
  name: string;
  kind: string;
  parentId: string | null;
}

export interface DirectoryOfficialRow {
  id: string;
  fullName: string;
  position: string;
  unitId: string;
  phone: string;
  email: string;
  /** Folded words of the name (no diacritics), for search by any word's beginning. */
  searchWords: string[];
}

export interface MetaRow {
  key: string;
  value: unknown;
}

/**
 * The device's store for one signed-in person. One database per person, so signing out
 * deletes exactly that person's data.
 */
export class LocalDb extends Dexie {
  updates!: Table<StoredUpdate, number>;
  outbox!: Table<OutboxEntry, number>;
  tasks!: Table<TaskRow, string>;
  units!: Table<DirectoryUnitRow, string>;
  officials!: Table<DirectoryOfficialRow, string>;
  meta!: Table<MetaRow, string>;

  constructor(userId: string) {
    super(LocalDb.nameFor(userId));
    this.version(1).stores({
      updates: '++id, docId',
      outbox: '++ref, docId',
      tasks: 'docId, deadline, issuerId, *recipientIds, createdAt',
      units: 'id, kind',
      officials: 'id, unitId',
      meta: 'key',
    });
    // v2: search people by any word of their name, typed with or without diacritics.
    this.version(2).stores({ officials: 'id, unitId, *searchWords' });
  }

  static nameFor(userId: string): string {
    return `thongsuot-${userId}`;
  }

  async getMeta<T>(key: string): Promise<T | undefined> {
    return (await this.meta.get(key))?.value as T | undefined;
  }

  async setMeta(key: string, value: unknown): Promise<void> {
    await this.meta.put({ key, value });
  }
}
