import { createConversation } from '@thongsuot/shared';
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

/** Client `c` of load process `w` is user `b<w>x<c>`; doc `g` of process `w` is `conv/d<w>x<g>`. */
export const userId = (worker: number, client: number) => `b${worker}x${client}`;
export const docName = (worker: number, doc: number) => `conv/d${worker}x${doc}`;
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

/** The same starting conversation on every relay (stored up front on ours, sent by the writer to peers). */
export function convTemplate(w: Workload, worker: number, doc: number): Y.Doc {
  const members = membersOf(w, worker, doc);
  const d = new Y.Doc();
  d.clientID = 1;
  createConversation(d, {
    id: docName(worker, doc).slice(5),
    kind: 'group',
    createdBy: members[0] as string,
    at: 1,
    members,
  });
  return d;
}
