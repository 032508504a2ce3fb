import { createUnitPage, setUnitRole } from '@thongsuot/shared';
import Database from 'better-sqlite3';
import * as Y from 'yjs';
import type { SignedInPeers } from '../testing/signed-in-peers.ts';
import type { TestServer } from '../testing/test-server.ts';

/** What the integration API's tests send: a real HTTP client of a real test server. */
export interface ApiAnswer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

/** The administrator's session per server: sign-ins are limited per name (10 a minute). */
const adminCookies = new WeakMap<TestServer, Promise<string>>();

/** Creates a token through the administrator's route (as `quantri`); returns it and its id. */
/** The administrator's (`quantri`) session cookie on `server`, signed in once. */
export async function adminCookie(server: TestServer): Promise<string> {
  let signingIn = adminCookies.get(server);
  if (!signingIn) {
    signingIn = server.signIn('quantri');
    adminCookies.set(server, signingIn);
  }
  return signingIn;
}

export async function createToken(
  server: TestServer,
  body: Record<string, unknown>,
): Promise<{ token: string; id: string; answer: ApiAnswer }> {
  const cookie = await adminCookie(server);
  const response = await fetch(`${server.url}/api/admin/api-tokens`, {
    method: 'POST',
    headers: { cookie, 'content-type': 'application/json' },
    body: JSON.stringify(body),
  });
  const json = (await response.json()) as { token: string; apiToken: { id: string } };
  if (response.status !== 201) throw new Error(`token not created: ${response.status} ${JSON.stringify(json)}`);
  return { token: json.token, id: json.apiToken.id, answer: { status: 201, headers: response.headers, body: json } };
}

/** One request to the integration API with a bearer token (and an Idempotency-Key when given). */
export async function callApi(
  server: TestServer,
  token: string | null,
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  key?: string,
): Promise<ApiAnswer> {
  const headers: Record<string, string> = {};
  if (token !== null) headers.authorization = `Bearer ${token}`;
  if (key !== undefined) headers['idempotency-key'] = key;
  if (body !== undefined) headers['content-type'] = 'application/json';
  const response = await fetch(`${server.url}${path}`, {
    method,
    headers,
    ...(body !== undefined ? { body: JSON.stringify(body) } : {}),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

/** Runs `read` on its own read-only connection to the test server's database file. */
export function readDatabase<T>(server: TestServer, read: (db: Database.Database) => T): T {
  const db = new Database(server.databasePath, { readonly: true });
  try {
    return read(db);
  } finally {
    db.close();
  }
}

/** Makes `clerks` the clerks of `unitId` through its head's device (the unit page, as the app does). */
export async function appointClerks(
  peers: SignedInPeers,
  head: { username: string; id: string },
  unit: { id: string; name: string; kind: 'office' | 'ward' },
  clerks: readonly string[],
): Promise<void> {
  const page = new Y.Doc();
  const at = Date.now() - 60_000;
  createUnitPage(page, { ...unit, parentId: null }, [], at, head.id);
  for (const clerk of clerks) setUnitRole(page, clerk, 'clerk', true, head.id, at);
  const verdict = await peers.send(head.username, `unit/${unit.id}`, Y.encodeStateAsUpdate(page));
  if (verdict.type !== 'ack') throw new Error(`unit page refused: ${JSON.stringify(verdict)}`);
}
