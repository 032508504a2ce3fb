import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DEMO_PASSWORD } from '@thongsuot/shared';
import { type App, type AppOptions, buildApp } from '../app.ts';
import { TestPeer } from './test-peer.ts';

/** A real server on port 0 over a real SQLite file in a temporary directory. */
export class TestServer {
  readonly dir: string;
  app!: App;
  url = '';

  readonly #options: Partial<AppOptions>;

  constructor(options: Partial<AppOptions> = {}) {
    this.dir = mkdtempSync(join(tmpdir(), 'thongsuot-test-'));
    this.#options = options;
  }

  get databasePath(): string {
    return join(this.dir, 'test.sqlite');
  }

  port = 0;

  async start(): Promise<this> {
    this.app = await buildApp({ databasePath: this.databasePath, seedDemo: true, ...this.#options });
    const address = await this.app.server.listen({ port: this.port, host: '127.0.0.1' });
    this.url = address;
    this.port = Number(new URL(address).port);
    return this;
  }

  /** Stops gracefully and starts again on the same port and database. */
  async restart(): Promise<void> {
    await this.app.server.close();
    await this.start();
  }

  get wsUrl(): string {
    return `${this.url.replace('http', 'ws')}/sync`;
  }

  /** Signs in and returns the session cookie header. */
  async signIn(username: string, password = DEMO_PASSWORD): Promise<string> {
    const response = await this.app.server.inject({
      method: 'POST',
      url: '/api/session',
      payload: { username, password },
    });
    if (response.statusCode !== 200) throw new Error(`sign-in failed: ${response.statusCode}`);
    const cookie = response.cookies.find((c) => c.name === 'ts_session');
    if (!cookie) throw new Error('no session cookie');
    return `ts_session=${cookie.value}`;
  }

  async peer(username: string, options?: { packed?: boolean }): Promise<TestPeer> {
    const cookie = await this.signIn(username);
    return TestPeer.connect(`${this.url.replace('http', 'ws')}/sync`, { cookie }, [], options);
  }

  /** The session token itself, for clients that send it in a header or a first message. */
  async token(username: string): Promise<string> {
    return (await this.signIn(username)).slice('ts_session='.length);
  }

  async stop(): Promise<void> {
    await this.app.server.close();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
