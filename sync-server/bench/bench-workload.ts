import { appendToLog, convLogId, createConversation, messagePeriod } from '@thongsuot/shared';
import * as Y from 'yjs';

/** The workload every relay gets in `pnpm bench:relay` (docs/benchmarks.md). */
export interface Workload {
  /** Load processes; each holds its own clients and docs, so a doc's subscribers share a clock. */
  readonly workers: number;
  /** Clients per load process. */
  readonly clients: number;
  /** Docs each client subscribes to. */
  readonly docsPerClient: number;
  /** Writers per load process, each writing to one of its docs. */
  readonly writers: number;
  /** Updates a writer may have in flight (sent, not yet seen by all the doc's subscribers). */
  readonly window: number;
  readonly seconds: number;
}

/**
 * Client `c` of load process `w` is user `b<w>x<c>`; conversation `g` of process `w` is
 * `conv/d<w>x<g>`, and its messages go where the app puts them: this month's log,
 * `convlog/d<w>x<g>_<YYYYMM>` (the docs the clients subscribe to and write).
 */
export const userId = (worker: number, client: number) => `b${worker}x${client}`;
export const convName = (worker: number, doc: number) => `conv/d${worker}x${doc}`;
/**
 * Every message of the run is stamped in one month, so every write lands in one log per
 * conversation; a constant, as every process must build byte-identical starting logs.
 */
export const BENCH_AT = Date.UTC(2026, 10, 15);
export const docName = (worker: number, doc: number) =>
  `convlog/${convLogId(`d${worker}x${doc}`, messagePeriod(BENCH_AT))}`;
/** The message index a doc name carries (`…x<g>_<period>`). */
export const docIndex = (docId: string) => Number(docId.split('x')[1]?.split('_')[0]);
export const tokenOf = (user: string) => `tok-${user}`;

/** Docs of a load process: as many as clients, so each doc has `docsPerClient` subscribers. */
export function docsOf(w: Workload): number {
  return w.clients;
}

const stride = (w: Workload) => Math.max(1, Math.floor(docsOf(w) / w.docsPerClient));

export function subscriptions(w: Workload, client: number): number[] {
  return Array.from({ length: w.docsPerClient }, (_, t) => (client + t * stride(w)) % docsOf(w));
}

/** The inverse of `subscriptions`: client c has doc g when c = g - t·stride (mod docs). */
export function membersOf(w: Workload, worker: number, doc: number): string[] {
  const n = docsOf(w);
  const clients = new Set<number>();
  for (let t = 0; t < w.docsPerClient; t++) clients.add((((doc - t * stride(w)) % n) + n) % n);
  return [...clients].sort((a, b) => a - b).map((c) => userId(worker, c));
}

/** The conversation itself (members), stored up front on our relay. */
export function convTemplate(w: Workload, worker: number, doc: number): Y.Doc {
  const members = membersOf(w, worker, doc);
  const d = new Y.Doc();
  d.clientID = 1;
  createConversation(d, {
    id: convName(worker, doc).slice(5),
    kind: 'group',
    createdBy: members[0] as string,
    at: 1,
    members,
  });
  return d;
}

/** The same starting month's log on every relay (stored up front on ours, sent by the writer to peers). */
export function logTemplate(w: Workload, worker: number, doc: number): Y.Doc {
  const first = membersOf(w, worker, doc)[0] as string;
  const d = new Y.Doc();
  d.clientID = 1;
  appendToLog(d, `d${worker}x${doc}`, { id: 'm-start', by: first, at: BENCH_AT, text: 'Bắt đầu trao đổi' });
  return d;
}

/** The conversation a log doc belongs to: `convlog/d<w>x<g>_<period>` → `d<w>x<g>`. */
export const convIdOf = (docId: string) => docId.slice('convlog/'.length, docId.lastIndexOf('_'));
