import { DEMO_PASSWORD } from '@thongsuot/shared';
import type { TestServer } from '../testing/test-server.ts';
import { readPage } from './unit-pages.ts';

/** An HTTP answer, its JSON read field by field by the tests. */
// biome-ignore lint/suspicious/noExplicitAny: a test reads whatever fields the route documents
export type Answer = { status: number; json: any; headers: Headers };

/** What the admin routes' tests share: signed-in requests through the real HTTP stack, and reads of the result. */
export class AdminKit {
  readonly #server: () => TestServer;
  readonly #cookies = new Map<string, string>();

  constructor(server: () => TestServer) {
    this.#server = server;
  }

  async cookie(username: string, password = DEMO_PASSWORD): Promise<string> {
    const key = `${username}\u0000${password}`;
    let cookie = this.#cookies.get(key);
    if (!cookie) {
      cookie = await this.#server().signIn(username, password);
      this.#cookies.set(key, cookie);
    }
    return cookie;
  }

  forget(username: string): void {
    for (const key of this.#cookies.keys()) if (key.startsWith(`${username}\u0000`)) this.#cookies.delete(key);
  }

  /** A real HTTP request (fetch, not inject) as `username`, or anonymous with null. */
  async call(
    username: string | null,
    method: string,
    path: string,
    body?: unknown,
    contentType = 'application/json',
  ): Promise<Answer> {
    const headers: Record<string, string> = {};
    if (username) headers.cookie = await this.cookie(username);
    if (body !== undefined) headers['content-type'] = contentType;
    const response = await fetch(`${this.#server().url}${path}`, {
      method,
      headers,
      ...(body !== undefined ? { body: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null, headers: response.headers };
  }

  /** Tries a sign-in; the status (200 when the password is right and the account enabled). */
  async signInStatus(username: string, password: string): Promise<number> {
    const response = await fetch(`${this.#server().url}/api/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password }),
    });
    return response.status;
  }

  page(unitId: string) {
    return readPage(this.#server().app.context, unitId);
  }

  db() {
    return this.#server().app.context.db;
  }

  userId(username: string): string {
    return this.db().prepare('SELECT id FROM users WHERE username = ?').pluck().get(username) as string;
  }

  audit(action: string): { actor_id: string; detail: string; doc_id: string | null }[] {
    return this.db()
      .prepare('SELECT actor_id, detail, doc_id FROM audit_log WHERE action = ? ORDER BY id')
      .all(action) as {
      actor_id: string;
      detail: string;
      doc_id: string | null;
    }[];
  }
}
