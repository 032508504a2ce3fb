import { randomUUID } from 'node:crypto';
import type { Person } from '@thongsuot/shared';
import type { ServerContext } from '../context.ts';
import { type AccountDraft, addPeopleToPages, type DirectoryPlan, newAccountId, unitFactsOf } from './account-admin.ts';
import type { AdminStore } from './admin-store.ts';
import { hashAll, temporaryPassword } from './temporary-password.ts';

/** What an import's answer lists for each person (the temporary password only once it is done). */
export interface ImportedRow {
  readonly line: number;
  readonly username: string;
  readonly fullName: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly division: string;
  readonly position: string;
  readonly rank: number;
  readonly temporaryPassword?: string;
}

export type ImportJobState =
  | { readonly status: 'running'; readonly done: number; readonly total: number }
  | {
      readonly status: 'done';
      readonly count: number;
      readonly accounts: ImportedRow[];
      readonly directoryFailures: { unitId: string; message: string }[];
      readonly ms: number;
    }
  | { readonly status: 'failed'; readonly message: string };

interface Job {
  readonly ownerId: string;
  state: ImportJobState;
  /** When a finished job's passwords are forgotten even if nobody came for them. */
  expiresAt: number;
}

/** A finished import's passwords are kept this long for the administrator to collect, then dropped. */
const KEEP_RESULT_MS = 15 * 60_000;

/**
 * Imports run in the background: 500 scrypt hashes at 32 MiB take 30–60 s on two cores, longer
 * than a reverse proxy waits for an answer, and a lost answer would lose the temporary passwords.
 * The route answers 202 with a job id; the console asks for its progress and, once it is done,
 * receives the passwords exactly once. One import at a time, so two cannot starve sign-ins of the
 * hashing threads. Nothing is written before every password is hashed; a restart mid-way leaves
 * no accounts behind.
 */
export class ImportJobs {
  readonly #jobs = new Map<string, Job>();
  readonly #now: () => number;

  constructor(now: () => number) {
    this.#now = now;
  }

  get busy(): boolean {
    return [...this.#jobs.values()].some((j) => j.state.status === 'running');
  }

  start(
    ctx: Pick<ServerContext, 'engine' | 'hub' | 'audit' | 'now'>,
    store: AdminStore,
    admin: Person,
    drafts: readonly AccountDraft[],
    plan: DirectoryPlan,
    preview: readonly ImportedRow[],
    log: (ms: number) => void,
  ): string {
    this.#sweep();
    const id = randomUUID();
    const job: Job = {
      ownerId: admin.id,
      state: { status: 'running', done: 0, total: drafts.length },
      expiresAt: Infinity,
    };
    this.#jobs.set(id, job);
    const started = performance.now();
    const run = async (): Promise<ImportJobState> => {
      const passwords = drafts.map(() => temporaryPassword());
      const hashes = await hashAll(passwords, undefined, (done) => {
        job.state = { status: 'running', done, total: drafts.length };
      });
      const people = drafts.map((draft) => ({ id: newAccountId(), draft }));
      try {
        await store.insertAccounts(
          people.map(({ id: personId, draft }, i) => ({ ...draft, id: personId, passwordHash: hashes[i] as string })),
        );
      } catch {
        return {
          status: 'failed',
          message: 'Có tên đăng nhập vừa được dùng trong lúc nhập; chưa nhập ai. Hãy thử lại.',
        };
      }
      const directoryFailures = await addPeopleToPages(ctx, admin, unitFactsOf(store.units()), plan, people);
      await ctx.audit.record({
        actorId: admin.id,
        action: 'admin.account.import',
        detail: JSON.stringify({
          count: people.length,
          units: [...new Set(drafts.map((d) => d.unitId))],
          usernames: drafts.map((d) => d.username),
          ...(directoryFailures.length ? { directoryFailures } : {}),
        }),
      });
      const ms = Math.round(performance.now() - started);
      log(ms);
      return {
        status: 'done',
        count: people.length,
        accounts: preview.map((p, i) => ({ ...p, temporaryPassword: passwords[i] as string })),
        directoryFailures,
        ms,
      };
    };
    run()
      .catch(
        (error: unknown) =>
          ({ status: 'failed', message: `Nhập không thành công: ${(error as Error).message}` }) as const,
      )
      .then((state) => {
        job.state = state;
        job.expiresAt = this.#now() + KEEP_RESULT_MS;
      });
    return id;
  }

  /** The job's state for its owner; a finished job's result is handed out once, then forgotten. */
  take(id: string, ownerId: string): ImportJobState | null {
    this.#sweep();
    const job = this.#jobs.get(id);
    if (!job || job.ownerId !== ownerId) return null;
    if (job.state.status !== 'running') this.#jobs.delete(id);
    return job.state;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [id, job] of this.#jobs) if (job.expiresAt < now) this.#jobs.delete(id);
  }
}
