import type { Locker } from '@tus/server';
import type { AuditLog } from './audit/audit-log.ts';
import type { SessionWatch } from './auth/session-watch.ts';
import type { SignInLimits } from './auth/sign-in-limits.ts';
import type { BlobAccess } from './blobs/blob-access.ts';
import type { BlobLedger } from './blobs/blob-ledger.ts';
import type { BlobStore } from './blobs/blob-store.ts';
import type { DashboardService } from './dashboard/dashboard-service.ts';
import type { DocEngine } from './engine/doc-engine.ts';
import type { RelayMetrics } from './ops/metrics.ts';
import type { PushServices } from './push/push-services.ts';
import type { AccountStore } from './storage/account-store.ts';
import type { CommitQueue } from './storage/commit-queue.ts';
import type { ControlWrites } from './storage/control-writes.ts';
import type { DocStore } from './storage/doc-store.ts';
import type { SqliteDatabase } from './storage/sqlite-database.ts';
import type { ConnectionRegistry, Subscriber } from './sync/connection-registry.ts';
import type { DocHub } from './sync/doc-hub.ts';
import type { DocRecords } from './sync/doc-records.ts';
import type { Registrar } from './sync/registrar.ts';
import type { RelayServices } from './sync/relay-services.ts';

/** Attachment bytes, who holds them, and the caps on uploads (docs/design.md §13). */
export interface AttachmentServices {
  readonly blobs: BlobStore;
  readonly ledger: BlobLedger;
  readonly access: BlobAccess;
  /** Where tus keeps uploads in progress (on the blob store's file system, so a put is a rename). */
  readonly uploadDir: string;
  /** The lock on an upload in progress: shared by the nodes (Redis) or this process's (absent). */
  readonly locker?: Locker;
  readonly maxFileBytes: number;
  readonly maxBytesPerDay: number;
}

/** The services every plugin works with, built once by `buildApp`. */
export interface ServerContext {
  readonly now: () => number;
  readonly accounts: AccountStore;
  readonly docs: DocStore;
  readonly commits: CommitQueue;
  readonly registry: ConnectionRegistry<Subscriber>;
  readonly hub: DocHub;
  /** What the main thread holds per doc in use (tests check that unknown docs leave nothing). */
  readonly records: DocRecords;
  readonly engine: DocEngine;
  readonly services: RelayServices;
  readonly sessions: SessionWatch;
  /** Origins allowed to open the sync socket besides the server's own. */
  readonly allowedOrigins: readonly string[];
  readonly secureCookies: boolean;
  /** Sign-in attempts allowed per minute, per client address and per username. */
  readonly signInLimits: SignInLimits;
  readonly attachments: AttachmentServices;
  /** Reminders pushed while the app is closed (docs/design.md §16). */
  readonly push: PushServices;
  /** Numbers official documents in their units' registers (docs/design.md §18). */
  readonly registrar: Registrar;
  /** Leaders' figures, published as `dash/<unitId>` docs (docs/design.md §14). */
  readonly dashboard: DashboardService;
  /** The database, for the readiness probe's write check (ops-routes.ts). */
  readonly db: SqliteDatabase;
  /** How the relay's own records change: this node's SQLite, or one log for several nodes (storage/control-writes.ts). */
  readonly control: ControlWrites;
  /** What `/metrics` reports (ops/metrics.ts). */
  readonly metrics: RelayMetrics;
  /** Who did what (sign-ins, administrators' actions; doc writes add theirs in their commit). */
  readonly audit: AuditLog;
  /** Audit lines older than this are deleted (docs/operations.md). */
  readonly auditRetentionDays: number;
  /** Days a leader or administrator may sign in without two-step sign-in, from their first sign-in. */
  readonly totpGraceDays: number;
}
