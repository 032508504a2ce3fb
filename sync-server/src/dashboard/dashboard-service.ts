import { type DashPatch, dashDocId, dashPatch, publishedEntries, type UnitKind } from '@thongsuot/shared';
import * as Y from 'yjs';
import type { DocEngine } from '../engine/doc-engine.ts';
import type { DocProjection, DocStore } from '../storage/doc-store.ts';
import type { SqliteDatabase } from '../storage/sqlite-database.ts';
import type { DocHub } from '../sync/doc-hub.ts';
import { DashboardModel, type OrgFacts } from './dashboard-model.ts';

export interface DashboardOptions {
  readonly db: SqliteDatabase;
  readonly store: DocStore;
  readonly hub: DocHub;
  readonly engine: DocEngine;
  readonly now: () => number;
  /** How often changed units' figures are recomputed and published (default 15 s; env DASHBOARD_REFRESH_MS). */
  readonly refreshMs?: number | undefined;
  /**
   * How often every unit is recomputed — overdue work changes with the calendar, not only with
   * writes — and every stamp renewed (default 15 minutes).
   */
  readonly fullEveryMs?: number;
  readonly onError?: (error: unknown) => void;
}

export const DEFAULT_DASHBOARD_REFRESH_MS = 15_000;
const DEFAULT_FULL_EVERY_MS = 15 * 60_000;

/** Reads the org from the accounts: unit names, kinds and merges, and each official's unit. */
export function readOrgFacts(db: SqliteDatabase): OrgFacts {
  const units = new Map(
    (
      db.prepare('SELECT id, name, kind, merged_into FROM units').all() as {
        id: string;
        name: string;
        kind: UnitKind;
        merged_into: string | null;
      }[]
    ).map((u) => [u.id, { name: u.name, kind: u.kind, mergedInto: u.merged_into }]),
  );
  const people = new Map(
    (db.prepare('SELECT id, full_name, unit_id FROM users').raw().all() as [string, string, string][]).map(
      ([id, name, unitId]) => [id, { name, unitId }],
    ),
  );
  return { units, people };
}

/**
 * Leaders' figures (docs/design.md §14): keeps the assignment index in memory from the writes'
 * projections (the same rows the store wrote in each write's transaction), marks the units a
 * change touches, and at most every `refreshMs` recomputes those units and writes what changed
 * into their `dash/<unitId>` docs as the relay — synced to the units' members like any doc, so
 * the figures open offline with the time they were computed.
 */
export class DashboardService {
  readonly #o: DashboardOptions;
  readonly model: DashboardModel;
  readonly #dirty = new Set<string>();
  /** What each unit's doc holds, as JSON by key, and when it was stamped. */
  readonly #published = new Map<string, { entries: Map<string, string>; stampedAt: number }>();
  #timer: NodeJS.Timeout | null = null;
  #lastFull = 0;
  #running: Promise<void> | null = null;
  #closed = false;
  /** Counts for tests and metrics. */
  publications = 0;

  constructor(options: DashboardOptions) {
    this.#o = options;
    this.model = new DashboardModel(readOrgFacts(options.db));
  }

  /** Loads the index and publishes every unit's figures once; then refreshes on a timer. */
  async start(): Promise<void> {
    const index = await this.#o.store.assignmentIndex();
    for (const [taskId, title] of index.titles) this.model.setTitle(taskId, title);
    const byTask = new Map<string, typeof index.rows>();
    for (const row of index.rows) {
      const list = byTask.get(row.taskId) ?? [];
      list.push(row);
      byTask.set(row.taskId, list);
    }
    for (const [taskId, rows] of byTask) this.model.apply(taskId, { upsert: rows, remove: [] });
    const refreshMs = this.#o.refreshMs ?? DEFAULT_DASHBOARD_REFRESH_MS;
    this.#timer = setInterval(() => void this.refresh(), refreshMs);
    this.#timer.unref();
    await this.refresh();
  }

  /** After each commit (DocHub.onCommitted): a task's changed rows mark the units they count for. */
  committed(docId: string, projection: DocProjection | null): void {
    const task = projection?.task;
    if (!task || !docId.startsWith('task/')) return;
    const taskId = docId.slice('task/'.length);
    this.model.setTitle(taskId, task.title);
    for (const unit of this.model.apply(taskId, task.assignments)) this.#dirty.add(unit);
  }

  /** Recomputes and publishes the units marked since the last refresh (all of them, periodically). */
  refresh(): Promise<void> {
    if (this.#running) return this.#running;
    this.#running = this.#refresh().finally(() => {
      this.#running = null;
    });
    return this.#running;
  }

  async #refresh(): Promise<void> {
    const now = this.#o.now();
    const full = now - this.#lastFull >= (this.#o.fullEveryMs ?? DEFAULT_FULL_EVERY_MS);
    if (full) {
      this.#lastFull = now;
      this.model.org = readOrgFacts(this.#o.db);
      for (const unit of this.model.units()) this.#dirty.add(unit);
      for (const unit of this.#published.keys()) this.#dirty.add(unit);
    }
    const units = [...this.#dirty];
    this.#dirty.clear();
    for (const unitId of units) {
      if (this.#closed) return;
      try {
        await this.#publish(unitId, now, full);
      } catch (error) {
        this.#dirty.add(unitId);
        this.#published.delete(unitId);
        this.#o.onError?.(error);
      }
    }
  }

  async #publish(unitId: string, asOf: number, renewStamp: boolean): Promise<void> {
    const docId = dashDocId(unitId);
    let published = this.#published.get(unitId);
    if (!published) {
      const doc = new Y.Doc();
      for (const update of await this.#o.store.loadUpdates(docId)) Y.applyUpdate(doc, update);
      const stampedAt = doc.getMap('meta').get('computedAt');
      published = { entries: publishedEntries(doc), stampedAt: typeof stampedAt === 'number' ? stampedAt : 0 };
      doc.destroy();
      this.#published.set(unitId, published);
    }
    const entries = this.model.entries(unitId, asOf);
    const stale = renewStamp && published.entries.size > 0;
    const patch: DashPatch | null =
      dashPatch(published.entries, unitId, entries, asOf) ??
      (stale ? { unitId, computedAt: asOf, set: [], remove: [] } : null);
    if (!patch) return;
    const outcome = await this.#o.hub.relayWrite(docId, () => this.#o.engine.publishDash(docId, patch), true);
    if (!outcome.ok) throw new Error(`dashboard ${unitId}: ${outcome.code} ${outcome.message}`);
    published.stampedAt = asOf;
    this.publications++;
  }

  async close(): Promise<void> {
    this.#closed = true;
    if (this.#timer) clearInterval(this.#timer);
    await this.#running;
  }
}
