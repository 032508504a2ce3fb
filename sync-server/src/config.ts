import * as v from 'valibot';
import { parseTrustProxy, type TrustProxy } from './auth/trust-proxy.ts';

/**
 * The relay's configuration, from the environment, checked at start with a schema (valibot, the
 * schema library the project already uses): a bad value stops the start with a message naming the
 * variable, never a silent default (docs/operations.md lists them).
 */
const wholeNumber = (min: number, max = Number.MAX_SAFE_INTEGER) =>
  v.pipe(
    v.string(),
    v.regex(/^\d+$/, `phải là số nguyên từ ${min} đến ${max}`),
    v.transform(Number),
    v.minValue(min, `phải là số nguyên từ ${min} đến ${max}`),
    v.maxValue(max, `phải là số nguyên từ ${min} đến ${max}`),
  );
const flag = v.picklist(['0', '1'], 'phải là 0 hoặc 1');

const EnvSchema = v.object({
  PORT: v.optional(wholeNumber(0, 65_535), '8080'),
  HOST: v.optional(v.pipe(v.string(), v.minLength(1, 'không được để trống')), '127.0.0.1'),
  DATA_DIR: v.optional(v.pipe(v.string(), v.minLength(1, 'không được để trống'))),
  CLIENT_ROOT: v.optional(v.pipe(v.string(), v.minLength(1, 'không được để trống'))),
  BLOB_DIR: v.optional(v.pipe(v.string(), v.minLength(1, 'không được để trống'))),
  /** Uploads in progress (default `<DATA_DIR>/uploads`; several nodes: `<BLOB_DIR>/.uploads`). */
  UPLOAD_DIR: v.optional(v.pipe(v.string(), v.minLength(1, 'không được để trống'))),
  SEED_DEMO: v.optional(flag, '0'),
  SEED_OFFICIALS: v.optional(wholeNumber(1, 200_000)),
  /** Structured JSON logs (pino), on unless LOG=0. */
  LOG: v.optional(flag, '1'),
  SECURE_COOKIES: v.optional(flag, '0'),
  SIGN_IN_PER_ADDRESS: v.optional(wholeNumber(1)),
  SIGN_IN_PER_USERNAME: v.optional(wholeNumber(1)),
  MAX_ATTACHMENT_BYTES: v.optional(wholeNumber(1)),
  ATTACHMENT_BYTES_PER_DAY: v.optional(wholeNumber(1)),
  TRUST_PROXY: v.optional(v.string()),
  PUSH: v.optional(v.picklist(['on', 'off'], 'phải là on hoặc off'), 'on'),
  VAPID_PUBLIC_KEY: v.optional(v.pipe(v.string(), v.minLength(1, 'không được để trống'))),
  VAPID_PRIVATE_KEY: v.optional(v.pipe(v.string(), v.minLength(1, 'không được để trống'))),
  /** Audit log lines older than this many days are deleted (default 730). */
  AUDIT_RETENTION_DAYS: v.optional(wholeNumber(30, 36_500)),
  /** How often leaders' figures follow the changes (docs/design.md §14); at most a minute. */
  DASHBOARD_REFRESH_MS: v.optional(wholeNumber(100, 60_000)),
  /** Days leaders and administrators may sign in without two-step sign-in, from their first sign-in (default 14). */
  TOTP_GRACE_DAYS: v.optional(wholeNumber(0, 365)),
  VAPID_SUBJECT: v.optional(v.pipe(v.string(), v.minLength(1, 'không được để trống'))),
  /** Several nodes (docs/scale-out.md): the PostgreSQL every node stores in, with REDIS_URL. */
  DATABASE_URL: v.optional(
    v.pipe(v.string(), v.regex(/^postgres(ql)?:\/\//, 'phải có dạng postgres://người-dùng@máy:cổng/cơ-sở-dữ-liệu')),
  ),
  /** The PostgreSQL schema of this deployment's tables (default: the database's own). */
  DATABASE_SCHEMA: v.optional(
    v.pipe(v.string(), v.regex(/^[a-z_][a-z0-9_]{0,62}$/, 'chỉ gồm chữ thường không dấu, số và dấu gạch dưới')),
  ),
  /** Several nodes: the Redis every node announces changes and counts sign-in attempts in. */
  REDIS_URL: v.optional(v.pipe(v.string(), v.regex(/^rediss?:\/\//, 'phải có dạng redis://máy:cổng'))),
});

export interface RelayConfig extends Omit<v.InferOutput<typeof EnvSchema>, 'TRUST_PROXY'> {
  readonly TRUST_PROXY: TrustProxy;
}

export class ConfigError extends Error {
  constructor(readonly problems: readonly string[]) {
    super(`Cấu hình không hợp lệ:\n${problems.map((p) => `  - ${p}`).join('\n')}`);
    this.name = 'ConfigError';
  }
}

/** Reads the configuration from `env`; throws ConfigError naming every variable that is wrong. */
export function readConfig(env: Readonly<Record<string, string | undefined>>): RelayConfig {
  // An empty variable counts as unset, as shells and unit files often leave them.
  const given = Object.fromEntries(
    Object.keys(EnvSchema.entries).flatMap((k) => (env[k] === undefined || env[k] === '' ? [] : [[k, env[k]]])),
  );
  const parsed = v.safeParse(EnvSchema, given);
  if (!parsed.success) {
    throw new ConfigError(
      parsed.issues.map((issue) => {
        const key = String(issue.path?.[0]?.key ?? '?');
        return `${key}=${JSON.stringify(given[key] ?? '')}: ${issue.message}`;
      }),
    );
  }
  const out = parsed.output;
  if (Boolean(out.VAPID_PUBLIC_KEY) !== Boolean(out.VAPID_PRIVATE_KEY)) {
    throw new ConfigError(['VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY: hãy đặt cả hai, hoặc không đặt cái nào']);
  }
  if (Boolean(out.DATABASE_URL) !== Boolean(out.REDIS_URL)) {
    throw new ConfigError([
      'DATABASE_URL, REDIS_URL: nhiều máy chủ cần cả hai (PostgreSQL và Redis); một máy chủ thì không đặt cái nào',
    ]);
  }
  if (out.DATABASE_URL && !out.BLOB_DIR) {
    throw new ConfigError([
      'BLOB_DIR: nhiều máy chủ cần một thư mục tệp đính kèm dùng chung (mọi nút cùng gắn), không phải thư mục riêng của từng nút',
    ]);
  }
  let trustProxy: TrustProxy;
  try {
    trustProxy = parseTrustProxy(out.TRUST_PROXY);
  } catch (error) {
    throw new ConfigError([`TRUST_PROXY=${JSON.stringify(out.TRUST_PROXY)}: ${(error as Error).message}`]);
  }
  return { ...out, TRUST_PROXY: trustProxy };
}
