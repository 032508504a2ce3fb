import { foldVietnamese } from '@thongsuot/shared/text/fold';
import { compareVi } from '../i18n/collate.ts';

/** What a token may do (sync-server/src/integration/api-tokens.ts). */
export const API_SCOPES = ['directives:create', 'documents:register', 'tasks:read'] as const;
export type ApiScope = (typeof API_SCOPES)[number];

/** A token as the relay lists it: never its secret (sync-server/src/integration/token-routes.ts). */
export interface ApiTokenView {
  readonly id: string;
  readonly name: string;
  readonly actingId: string;
  readonly acting: {
    readonly id: string;
    readonly username: string;
    readonly fullName: string;
    readonly unitId: string;
    readonly disabled: boolean;
  } | null;
  readonly scopes: readonly ApiScope[];
  readonly units: readonly string[];
  readonly createdBy: string;
  readonly createdAt: number;
  readonly revokedAt: number | null;
  readonly lastUsedAt: number | null;
}

/** The create form as typed. */
export interface TokenDraft {
  readonly name: string;
  readonly actingUsername: string;
  readonly scopes: ReadonlySet<ApiScope>;
  readonly units: ReadonlySet<string>;
}

export type DraftField = 'name' | 'acting' | 'scopes' | 'units';

/** What the relay's create route takes. */
export interface CreateTokenBody {
  readonly name: string;
  readonly actingUsername: string;
  readonly scopes: ApiScope[];
  readonly units: string[];
}

/**
 * Checks the form as the relay will (every problem at once, by field) and builds the request:
 * trimmed name, the username as people type it (spaces, capitals), scopes in the relay's order.
 */
export function checkDraft(draft: TokenDraft): { errors: DraftField[]; body: CreateTokenBody | null } {
  const name = draft.name.trim();
  const actingUsername = draft.actingUsername.trim().toLowerCase();
  const errors: DraftField[] = [];
  if (!name) errors.push('name');
  if (!actingUsername) errors.push('acting');
  if (draft.scopes.size === 0) errors.push('scopes');
  if (draft.units.size === 0) errors.push('units');
  if (errors.length > 0) return { errors, body: null };
  return {
    errors,
    body: {
      name,
      actingUsername,
      scopes: API_SCOPES.filter((s) => draft.scopes.has(s)),
      units: [...draft.units].sort(),
    },
  };
}

/**
 * The units the form lists: those matching every word typed (without diacritics, in the name or
 * the id), and the chosen ones always, so a choice never disappears behind the filter; by name.
 */
export function unitChoices<U extends { readonly id: string; readonly name: string }>(
  units: readonly U[],
  filter: string,
  chosen: ReadonlySet<string>,
): U[] {
  const words = foldVietnamese(filter).split(' ').filter(Boolean);
  return units
    .filter((u) => chosen.has(u.id) || words.every((w) => foldVietnamese(`${u.name} ${u.id}`).includes(w)))
    .sort((a, b) => compareVi(a.name, b.name));
}

/** Where a token stands, for its row. */
export type TokenState = 'active' | 'revoked' | 'acting_disabled';

export function tokenState(token: Pick<ApiTokenView, 'revokedAt' | 'acting'>): TokenState {
  if (token.revokedAt !== null) return 'revoked';
  if (!token.acting || token.acting.disabled) return 'acting_disabled';
  return 'active';
}

/** Live tokens first (newest first), revoked ones after them (most recently revoked first). */
export function sortTokens(tokens: readonly ApiTokenView[]): ApiTokenView[] {
  return [...tokens].sort(
    (a, b) =>
      Number(a.revokedAt !== null) - Number(b.revokedAt !== null) ||
      (b.revokedAt ?? 0) - (a.revokedAt ?? 0) ||
      b.createdAt - a.createdAt,
  );
}

/** A refusal from the relay, with its Vietnamese message. */
export class ApiTokenError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
  const response = await fetch(path, { credentials: 'same-origin', ...init });
  if (!response.ok) {
    const body = (await response.json().catch(() => null)) as { message?: string } | null;
    throw new ApiTokenError(response.status, body?.message ?? String(response.status));
  }
  return (await response.json()) as T;
}

export async function fetchTokens(): Promise<ApiTokenView[]> {
  return (await call<{ tokens: ApiTokenView[] }>('/api/admin/api-tokens')).tokens;
}

/** Creates a token; the returned `token` is the only time anyone sees it. */
export function createApiToken(body: CreateTokenBody): Promise<{ token: string; apiToken: ApiTokenView }> {
  return call('/api/admin/api-tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
}

export function revokeApiToken(id: string): Promise<ApiTokenView> {
  return call(`/api/admin/api-tokens/${encodeURIComponent(id)}`, { method: 'DELETE' });
}
