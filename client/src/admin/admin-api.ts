/**
 * The administrator's console talks to the relay only (sync-server/src/plugins/admin-*.ts): what it
 * shows is what the server answered, never a guess kept on the device. Every call resolves to the
 * server's JSON or throws an `AdminError` with the server's Vietnamese message (or "offline").
 */

export type SystemRole = 'admin' | 'inspector';
export const SYSTEM_ROLES: readonly SystemRole[] = ['admin', 'inspector'];

export interface AdminAccount {
  readonly id: string;
  readonly username: string;
  readonly fullName: string;
  readonly position: string;
  readonly rank: number;
  readonly unitId: string;
  readonly unitName: string | null;
  readonly division: string;
  readonly phone: string;
  readonly email: string;
  readonly disabled: boolean;
  readonly disabledAt: number | null;
  readonly roles: SystemRole[];
  readonly mustChangePassword: boolean;
  readonly totpEnabled?: boolean;
}

export interface UnitRoles {
  readonly editor: boolean;
  readonly clerk: boolean;
  readonly signer: boolean;
}

export interface AdminSession {
  readonly id: string;
  readonly createdAt: number;
  readonly lastSeenAt: number | null;
  readonly userAgent: string;
  /** "Chrome trên Android": from the user agent, on the relay. */
  readonly device?: string;
  readonly ip: string;
  readonly live: boolean;
  readonly connected: boolean;
}

export interface AccountDetail {
  readonly account: AdminAccount;
  readonly unitRoles: UnitRoles;
  readonly sessions: AdminSession[];
}

export interface AdminUnit {
  readonly id: string;
  readonly name: string;
  readonly kind: string;
  readonly parentId: string | null;
  readonly mergedInto: string | null;
  readonly people: number;
}

export interface AdminDivision {
  readonly id: string;
  readonly name: string;
  readonly order: number;
}

export interface ImportLineError {
  readonly line: number;
  readonly field: string;
  readonly message: string;
}

export interface ImportedAccount {
  readonly line: number;
  readonly username: string;
  readonly fullName: string;
  readonly unitId: string;
  readonly unitName: string;
  readonly division?: string;
  readonly position: string;
  readonly rank: number;
  readonly temporaryPassword?: string;
}

export type ImportCheck =
  | {
      readonly ok: true;
      readonly count: number;
      readonly accounts: ImportedAccount[];
      readonly newDivisions: { unitId: string; division: AdminDivision }[];
    }
  | { readonly ok: false; readonly message: string; readonly errors: ImportLineError[] };

export type ImportState =
  | { readonly status: 'running'; readonly done: number; readonly total: number }
  | {
      readonly status: 'done';
      readonly count: number;
      readonly accounts: ImportedAccount[];
      readonly directoryFailures?: { unitId: string; message: string }[];
    }
  | { readonly status: 'failed'; readonly message: string };

export interface MergeSummary {
  readonly dryRun: boolean;
  readonly from: AdminUnit;
  readonly into: AdminUnit;
  readonly people: number;
  readonly newDivisions: string[];
  readonly sharedDivisions: string[];
  readonly tasks: number;
}

/** A refusal or failure, with what to tell the administrator. */
export class AdminError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly body: unknown = null,
  ) {
    super(message);
  }
}

/** Status 0: the relay could not be reached. */
export const OFFLINE = 0;

async function call<T>(method: string, path: string, body?: unknown, contentType = 'application/json'): Promise<T> {
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: body === undefined ? {} : { 'content-type': contentType },
      ...(body === undefined ? {} : { body: typeof body === 'string' ? body : JSON.stringify(body) }),
    });
  } catch {
    throw new AdminError(OFFLINE, '');
  }
  const json = (await response.json().catch(() => null)) as { message?: string } | null;
  if (!response.ok) throw new AdminError(response.status, json?.message ?? `HTTP ${response.status}`, json);
  return json as T;
}

const enc = encodeURIComponent;

export function listAccounts(filter: {
  q?: string;
  unitId?: string;
  status?: string;
  offset?: number;
  limit?: number;
}) {
  const q = new URLSearchParams();
  for (const [key, value] of Object.entries(filter)) if (value !== undefined && value !== '') q.set(key, String(value));
  return call<{ total: number; accounts: AdminAccount[] }>('GET', `/api/admin/accounts?${q}`);
}

export const getAccount = (id: string) => call<AccountDetail>('GET', `/api/admin/accounts/${enc(id)}`);

export interface NewAccountInput {
  fullName: string;
  unitId: string;
  position: string;
  username?: string;
  division?: string;
  phone?: string;
  email?: string;
}

export const createAccount = (input: NewAccountInput) =>
  call<{ account: AdminAccount; temporaryPassword: string }>('POST', '/api/admin/accounts', input);

export const setLocked = (id: string, locked: boolean) =>
  call<{ ok: true }>('POST', `/api/admin/accounts/${enc(id)}/${locked ? 'disable' : 'enable'}`);

export const resetPassword = (id: string) =>
  call<{ temporaryPassword: string; sessionsEnded: number }>('POST', `/api/admin/accounts/${enc(id)}/reset-password`);

export const resetTwoStep = (id: string) =>
  call<{ sessionsEnded: number }>('POST', `/api/admin/accounts/${enc(id)}/reset-two-step`);

export const setRoles = (id: string, body: { system?: SystemRole[]; unit?: Partial<UnitRoles> }) =>
  call<{ roles: SystemRole[]; unitRoles: UnitRoles }>('PUT', `/api/admin/accounts/${enc(id)}/roles`, body);

export const revokeSession = (id: string) => call<{ ok: true }>('DELETE', `/api/admin/sessions/${enc(id)}`);

/** The dry run: every problem by line, or what would be imported. */
export async function checkImport(csv: string): Promise<ImportCheck> {
  try {
    const answer = await call<{
      count: number;
      accounts: ImportedAccount[];
      newDivisions: { unitId: string; division: AdminDivision }[];
    }>('POST', '/api/admin/accounts/import?dryRun=true', csv, 'text/csv');
    return { ok: true, ...answer };
  } catch (error) {
    const body = (error as AdminError).body as { errors?: ImportLineError[]; message?: string } | null;
    if (error instanceof AdminError && error.status === 422 && body?.errors) {
      return { ok: false, message: body.message ?? '', errors: body.errors };
    }
    throw error;
  }
}

export const startImport = (csv: string) =>
  call<{ jobId: string; count: number }>('POST', '/api/admin/accounts/import', csv, 'text/csv');

export const importState = (jobId: string) => call<ImportState>('GET', `/api/admin/accounts/import/${enc(jobId)}`);

export function listUnits(q = '', merged = false) {
  const query = new URLSearchParams({ ...(q ? { q } : {}), ...(merged ? { merged: 'true' } : {}) });
  return call<{ units: AdminUnit[] }>('GET', `/api/admin/units?${query}`);
}

export const getUnit = (id: string) =>
  call<{ unit: AdminUnit; divisions: AdminDivision[]; hasPage: boolean }>('GET', `/api/admin/units/${enc(id)}`);

export const createUnit = (body: { name: string; kind: string; parentId: string | null }) =>
  call<{ unit: AdminUnit }>('POST', '/api/admin/units', body);

export const renameUnit = (id: string, name: string) =>
  call<{ unit: AdminUnit }>('PATCH', `/api/admin/units/${enc(id)}`, { name });

export const addDivision = (unitId: string, name: string) =>
  call<{ division: AdminDivision }>('POST', `/api/admin/units/${enc(unitId)}/divisions`, { name });

export const renameDivision = (unitId: string, divisionId: string, name: string) =>
  call<{ division: AdminDivision }>('PATCH', `/api/admin/units/${enc(unitId)}/divisions/${enc(divisionId)}`, { name });

export const mergeUnit = (id: string, into: string, dryRun: boolean) =>
  call<MergeSummary>('POST', `/api/admin/units/${enc(id)}/merge`, { into, dryRun });

/** The temporary passwords as the CSV an administrator hands out (one row per new account). */
export function passwordRows(accounts: readonly ImportedAccount[], header: readonly string[]): (string | number)[][] {
  return [[...header], ...accounts.map((a) => [a.fullName, a.unitName, a.username, a.temporaryPassword ?? ''])];
}
