import { randomUUID } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fastifyCookie from '@fastify/cookie';
import fastifyHelmet from '@fastify/helmet';
import fastifyRateLimit from '@fastify/rate-limit';
import fastifySwagger from '@fastify/swagger';
import { ATTACHMENT_LIMITS } from '@thongsuot/shared';
import type { Locker } from '@tus/server';
import Fastify, { type FastifyInstance } from 'fastify';
import type { Redis } from 'ioredis';
import { AuditLog } from './audit/audit-log.ts';
import { startAuditPurge } from './audit/audit-query.ts';
import { restrictedSessionGate } from './auth/own-session.ts';
import { SecurityStore } from './auth/security-store.ts';
import { SessionWatch } from './auth/session-watch.ts';
import { catchUpOnUnknownSession } from './auth/sessions.ts';
import { DEFAULT_SIGN_IN_LIMITS, type SignInLimits } from './auth/sign-in-limits.ts';
import type { TrustProxy } from './auth/trust-proxy.ts';
import { BlobAccess } from './blobs/blob-access.ts';
import { BlobLedger } from './blobs/blob-ledger.ts';
import { DiskBlobStore } from './blobs/disk-blob-store.ts';
import type { ServerContext } from './context.ts';
import { DashboardService } from './dashboard/dashboard-service.ts';
import { ensureAssignmentIndex } from './dashboard/rebuild-index.ts';
import { DocEngine } from './engine/doc-engine.ts';
import type { FanOut } from './fanout/fan-out.ts';
import { LocalFanOut } from './fanout/local-fan-out.ts';
import { integrationApi } from './integration/integration-api.ts';
import { RelayMetrics } from './ops/metrics.ts';
import { adminRoutes } from './plugins/admin-routes.ts';
import { auditRoutes } from './plugins/audit-routes.ts';
import { authRoutes } from './plugins/auth-routes.ts';
import { blobRoutes } from './plugins/blob-routes.ts';
import { directoryRoutes } from './plugins/directory-routes.ts';
import { LazySchemas } from './plugins/lazy-schemas.ts';
import { opsRoutes } from './plugins/ops-routes.ts';
import { pushRoutes } from './plugins/push-routes.ts';
import { type RouteInfo, routeTable } from './plugins/route-table.ts';
import { helmetOptions } from './plugins/security-headers.ts';
import { securityRoutes } from './plugins/security-routes.ts';
import { staticFiles } from './plugins/static-files.ts';
import { registerSockets, syncSocket } from './plugins/sync-socket.ts';
import { uploadRoutes } from './plugins/upload-routes.ts';
import { vietnameseErrors, vietnameseSchemaError } from './plugins/vietnamese-errors.ts';
import { yWebsocketSocket } from './plugins/y-websocket-socket.ts';
import type { PushOptions } from './push/push-config.ts';
import { setUpPush } from './push/push-services.ts';
import type { RemindersDue } from './push/push-store.ts';
import { seedDemoCity } from './seed/seed-demo-city.ts';
import { AccountStore } from './storage/account-store.ts';
import { CommitQueue } from './storage/commit-queue.ts';
import { controlOf } from './storage/control-writes.ts';
import type { DocStore } from './storage/doc-store.ts';
import { PgControl, type PgControlOptions } from './storage/pg/pg-control.ts';
import { openDatabase } from './storage/sqlite-database.ts';
import { SqliteDocStore } from './storage/sqlite-doc-store.ts';
import { ThreadedSqliteStore } from './storage/threaded-sqlite-store.ts';
import { AwarenessGuard } from './sync/awareness-guard.ts';
import { ConnectionRegistry, type Subscriber } from './sync/connection-registry.ts';
import { otherNodes } from './sync/copy-basis.ts';
import { DocHub } from './sync/doc-hub.ts';
import { DocRecords } from './sync/doc-records.ts';
import { LocalDelivery } from './sync/local-delivery.ts';
import { type RegisterBook, SqliteRegisterBook } from './sync/register-book.ts';
import { Registrar } from './sync/registrar.ts';
import { DEFAULT_LIMITS, type RelayLimits, type RelayServices } from './sync/relay-services.ts';

export interface AppOptions {
  /** Path of the SQLite file. */
  readonly databasePath: string;
  /** Directory of the built PWA; omitted in tests that need no client. */
  readonly clientRoot?: string;
  readonly now?: () => number;
  readonly seedDemo?: boolean;
  /** With `seedDemo`: also seed every unit's directory page (main.ts does; relay tests keep their manifests clean). */
  readonly seedDirectory?: boolean;
  /** With `seedDemo`: about how many officials the generated demo city has (default: the minimum, ~4,000). */
  readonly seedOfficials?: number;
  readonly allowedOrigins?: readonly string[];
  readonly secureCookies?: boolean;
  /** Sign-in attempts allowed per minute (default 100 per client address, 10 per username). */
  readonly signInLimits?: Partial<SignInLimits>;
  /**
   * Fastify's `trustProxy` (default false): which proxies' X-Forwarded-For gives `request.ip`,
   * the address the sign-in limits count by (`parseTrustProxy` reads it from `TRUST_PROXY`).
   */
  readonly trustProxy?: TrustProxy;
  readonly logger?: boolean;
  readonly limits?: Partial<RelayLimits>;
  /** Apply workers (default 1: with the main thread, two cores busy). */
  readonly applyWorkers?: number;
  /** An update not applied within this time is refused and its worker replaced (docs/design.md §4). */
  readonly applyTimeoutMs?: number;
  readonly applyWorkerUrl?: URL;
  readonly applyWorkerData?: unknown;
  readonly compactAfterUpdates?: number;
  readonly compactAfterBytes?: number;
  /** Docs idle this long are unloaded; beyond `maxResidentDocs` the least recently used go too. */
  readonly idleUnloadMs?: number;
  readonly maxResidentDocs?: number;
  readonly sweepIntervalMs?: number;
  readonly sessionCheckMs?: number;
  readonly fanOut?: FanOut;
  /**
   * Where the sign-in, second-step, password and API limits count (several nodes: one Redis for
   * all of them); in this process's memory when absent.
   */
  readonly sharedLimits?: { readonly redis: Redis; readonly prefix?: string };
  /** Several nodes: accounts, sessions and the other records of the relay's own, shared (docs/scale-out.md). */
  readonly sharedRecords?: Omit<PgControlOptions, 'onError'>;
  /** Several nodes: the registers and reminders' due times, read where the docs' commits write them. */
  readonly sharedProjections?: { readonly registers: RegisterBook; readonly remindersDue: RemindersDue };
  /**
   * Commits on a writer thread of their own, so the fsync before each ack does not stall the
   * sockets (default); false keeps everything on the main thread.
   */
  readonly storageThread?: boolean;
  /** The writer thread's module when running from a bundle (the crash test). */
  readonly storageWriterUrl?: URL;
  /** Wraps the doc store (tests inject storage faults around the real store: a full disk). */
  readonly wrapDocStore?: (store: DocStore) => DocStore;
  /** Group commit window (docs/design.md §3): writes within it share one transaction. */
  readonly commitWindowMs?: number;
  /** Where attachment blobs live (default `<dirname(databasePath)>/blobs`; docs/design.md §13). */
  readonly blobDir?: string;
  /** Where tus stages uploads in progress (default `<dirname(databasePath)>/uploads`). */
  readonly uploadDir?: string;
  /** Several nodes: the lock on an upload in progress, shared (default: this process's memory). */
  readonly uploadLocker?: Locker;
  /** One file's cap (default ATTACHMENT_LIMITS.maxFileBytes, 25 MB; env MAX_ATTACHMENT_BYTES). */
  readonly maxAttachmentBytes?: number;
  /** What one person may upload per Vietnam-time day (default 1 GB; env ATTACHMENT_BYTES_PER_DAY). */
  readonly attachmentBytesPerDay?: number;
  /** Web Push of due reminders while the app is closed (docs/design.md §16; on by default, env PUSH=off). */
  readonly push?: PushOptions;
  /** How long audit log lines are kept (default 730 days; env AUDIT_RETENTION_DAYS). */
  readonly auditRetentionDays?: number;
  /** Days leaders and administrators may go without two-step sign-in (default 14; env TOTP_GRACE_DAYS). */
  readonly totpGraceDays?: number;
  /** How often leaders' figures are recomputed after a change (default 15 s; docs/design.md §14). */
  readonly dashboardRefreshMs?: number;
  /** Integration API requests per token per window (default 120 a minute; docs/operations.md). */
  readonly apiRateLimit?: { readonly max?: number; readonly windowMs?: number };
}

export const DEFAULT_AUDIT_RETENTION_DAYS = 730;
export const DEFAULT_TOTP_GRACE_DAYS = 14;

export type { RouteInfo } from './plugins/route-table.ts';

export interface App {
  readonly server: FastifyInstance;
  /** Every route registered, as Fastify saw it. */
  readonly routes: readonly RouteInfo[];
  readonly context: ServerContext;
  readonly seeded: boolean;
  /** Route schemas compile on first use (plugins/lazy-schemas.ts); this compiles the rest now. */
  readonly schemas: LazySchemas;
}

export async function buildApp(options: AppOptions): Promise<App> {
  mkdirSync(dirname(options.databasePath), { recursive: true });
  const local = openDatabase(options.databasePath);
  // Several nodes: the relay's own records change through one log every node applies (PgControl).
  const shared = options.sharedRecords
    ? await PgControl.open(local, { ...options.sharedRecords, onError: (e) => server?.log.error(e, 'control log') })
    : null;
  const db = shared?.db ?? local;
  const now = options.now ?? Date.now;
  // The assignment index is built from the stored docs once, before any write (docs/design.md §14).
  const rebuilt = ensureAssignmentIndex(local, now());
  const accounts = new AccountStore(db);
  const onThisThread = new SqliteDocStore(local);
  const sqliteDocs =
    options.storageThread === false
      ? onThisThread
      : new ThreadedSqliteStore(options.databasePath, onThisThread, options.storageWriterUrl);
  const docs: DocStore = options.wrapDocStore ? options.wrapDocStore(sqliteDocs) : sqliteDocs;
  const commits = new CommitQueue(docs, now, { windowMs: options.commitWindowMs ?? 2, maxBatch: 2000 });
  const registry = new ConnectionRegistry<Subscriber>();
  const fanOut = options.fanOut ?? new LocalFanOut();
  const records = new DocRecords(docs, now);
  let hub: DocHub | null = null;
  let registrar: Registrar | null = null;
  let dashboard: DashboardService | null = null;
  const metrics = new RelayMetrics({
    connections: () => registry.all().length,
    docsLoaded: () => records.size,
  });
  const delivery = new LocalDelivery(fanOut, registry, (seconds) => metrics.fanOutLagSeconds.observe(seconds));
  const engine = new DocEngine({
    workers: options.applyWorkers ?? 1,
    timeoutMs: options.applyTimeoutMs ?? 2000,
    maxHeapMb: 1024,
    loader: (docId) => (hub as DocHub).load(docId),
    ...(options.applyWorkerUrl ? { workerUrl: options.applyWorkerUrl } : {}),
    workerData: options.applyWorkerData,
  });
  const nodes = otherNodes(docs, fanOut, { records, engine, registry });
  hub = new DocHub({
    store: docs,
    queue: commits,
    engine,
    records,
    copies: nodes.copies,
    fanOut,
    compactAfterUpdates: options.compactAfterUpdates ?? 500,
    compactAfterBytes: options.compactAfterBytes ?? 1024 * 1024,
    onCommitted: (docId, projection) => {
      registrar?.committed(docId, projection);
      dashboard?.committed(docId, projection);
    },
    onCommitTime: (seconds) => metrics.commitSeconds.observe(seconds),
  });
  // Official documents get their register numbers here, and only here (docs/design.md §18).
  registrar = new Registrar({
    book: options.sharedProjections?.registers ?? new SqliteRegisterBook(local),
    hub,
    engine,
    now,
    onError: (error) => server?.log.error(error, 'registrar'),
  });
  const refreshMs = options.dashboardRefreshMs;
  const onDashboardError = (error: unknown) => server?.log.error(error, 'dashboard');
  dashboard = new DashboardService({ db: local, store: docs, hub, engine, now, refreshMs, onError: onDashboardError });
  const audit = new AuditLog(db, now);
  const services: RelayServices = {
    hub,
    store: docs,
    registry,
    fanOut,
    awareness: new AwarenessGuard(),
    limits: { ...DEFAULT_LIMITS, ...options.limits },
    now,
    metrics,
    audit,
  };
  const sessions = new SessionWatch(accounts, registry, now);
  const dataDir = dirname(options.databasePath);
  const blobs = new DiskBlobStore(options.blobDir ?? join(dataDir, 'blobs'), db, now);
  const ledger = new BlobLedger(db);
  let server: FastifyInstance | null = null;
  const push = await setUpPush(
    db,
    options.push ?? {},
    now,
    (error) => server?.log.warn(error, 'reminder push'),
    options.sharedProjections?.remindersDue,
  );
  const context: ServerContext = {
    now,
    accounts,
    docs,
    commits,
    registry,
    hub,
    records,
    engine,
    services,
    sessions,
    allowedOrigins: options.allowedOrigins ?? [],
    secureCookies: options.secureCookies ?? false,
    signInLimits: { ...DEFAULT_SIGN_IN_LIMITS, ...options.signInLimits },
    attachments: {
      blobs,
      ledger,
      access: new BlobAccess(blobs, ledger, docs, hub),
      uploadDir: options.uploadDir ?? join(dataDir, 'uploads'),
      ...(options.uploadLocker ? { locker: options.uploadLocker } : {}),
      maxFileBytes: options.maxAttachmentBytes ?? ATTACHMENT_LIMITS.maxFileBytes,
      maxBytesPerDay: options.attachmentBytesPerDay ?? ATTACHMENT_LIMITS.maxBytesPerDay,
    },
    push,
    registrar,
    dashboard,
    db,
    control: controlOf(db),
    metrics,
    audit,
    auditRetentionDays: options.auditRetentionDays ?? DEFAULT_AUDIT_RETENTION_DAYS,
    totpGraceDays: options.totpGraceDays ?? DEFAULT_TOTP_GRACE_DAYS,
  };
  const seeded = options.seedDemo
    ? await seedDemoCity(accounts, {
        ...(options.seedDirectory ? { docs } : {}),
        ...(options.seedOfficials ? { officials: options.seedOfficials } : {}),
      })
    : false;
  // Not awaited: requests wait in the worker's queue while it starts, and a restart stays short.
  void engine.ready();

  const trustProxy = options.trustProxy ?? false;
  const schemas = new LazySchemas();
  server = Fastify({
    schemaController: { compilersFactory: schemas.factories },
    logger: options.logger ?? false,
    // A request id in every log line: the proxy's X-Request-Id when it sends one, else a new one.
    requestIdHeader: 'x-request-id',
    genReqId: () => randomUUID(),
    bodyLimit: 64 * 1024,
    trustProxy: trustProxy === false ? false : [...trustProxy],
    schemaErrorFormatter: vietnameseSchemaError,
  });
  vietnameseErrors(server);
  const routes = routeTable(server);
  // Security headers and a strict CSP on every response (docs/security.md).
  await server.register(fastifyHelmet, helmetOptions(options.clientRoot));
  await server.register(fastifyCookie);
  await registerSockets(server, { hub, commits, registry });
  // Counted in Redis when several nodes serve one city, so a limit holds across them (docs/scale-out.md).
  await server.register(fastifyRateLimit, {
    global: false,
    ...(options.sharedLimits
      ? { redis: options.sharedLimits.redis, nameSpace: options.sharedLimits.prefix ?? 'thongsuot:limits:' }
      : {}),
  });
  // Every HTTP route carries a schema; the OpenAPI document is built from them (`/api/docs`).
  await server.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Thông Suốt relay',
        description:
          'HTTP API of the Thông Suốt relay: sign-in, the directory download, attachments, administration and the integration API. Sessions use the ts_session cookie; integration clients send an API token as "Authorization: Bearer ts_…". Errors are JSON {statusCode, error, message}, the message in Vietnamese.',
        version: '1.0.0',
      },
      components: {
        securitySchemes: {
          session: { type: 'apiKey', in: 'cookie', name: 'ts_session' },
          apiToken: { type: 'http', scheme: 'bearer' },
        },
      },
    },
  });
  // A session that must change its password or enrol in two-step sign-in first gets a 403
  // saying so from every other route and socket (auth/own-session.ts).
  if (shared) server.addHook('onRequest', catchUpOnUnknownSession(context));
  server.addHook('onRequest', restrictedSessionGate(context, new SecurityStore(db)));
  await server.register(authRoutes, context);
  await server.register(securityRoutes, context);
  await server.register(directoryRoutes, context);
  await server.register(uploadRoutes, context);
  await server.register(blobRoutes, context);
  await server.register(pushRoutes, context);
  await server.register(syncSocket, context);
  await server.register(opsRoutes, context);
  await server.register(auditRoutes, context);
  await server.register(adminRoutes, context);
  await server.register(integrationApi, { ctx: context, rateLimit: options.apiRateLimit ?? {} });
  server.get(
    '/api/docs',
    { schema: { hide: true, tags: ['operations'], summary: 'This OpenAPI document' } },
    async () => server.swagger(),
  );
  await server.register(yWebsocketSocket, context);
  if (options.clientRoot) await server.register(staticFiles, { root: options.clientRoot });

  sessions.start(options.sessionCheckMs ?? 1000);
  const sweepMs = options.sweepIntervalMs ?? 5000;
  const sweep = setInterval(
    () => hub.sweep(options.idleUnloadMs ?? 60_000, options.maxResidentDocs ?? 20_000),
    sweepMs,
  );
  sweep.unref();
  push.pusher?.start();
  // Audit lines past the retention period go at start and every six hours (docs/operations.md).
  const purging = startAuditPurge(db, audit, now, context.auditRetentionDays, (e) =>
    server?.log.error(e, 'audit purge'),
  );
  registrar.start();
  if (rebuilt) server.log.info(rebuilt, 'assignment index built from the stored tasks');
  void dashboard.start().catch((error) => server?.log.error(error, 'dashboard'));

  server.addHook('onClose', async () => {
    await dashboard.close();
    clearInterval(sweep);
    clearInterval(purging);
    await push.pusher?.stop();
    registrar.close();
    sessions.stop();
    delivery.close();
    nodes.stop();
    await hub.drain();
    await commits.drain();
    await engine.close();
    await fanOut.close();
    await blobs.close();
    await docs.close();
    await shared?.close();
  });
  return { server, context, seeded, routes, schemas };
}
