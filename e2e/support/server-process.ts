import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

// THONGSUOT_SERVER_DIR runs the flows against another server checkout (e.g. a snapshot of HEAD).
const serverDir = process.env.THONGSUOT_SERVER_DIR ?? fileURLToPath(new URL('../../sync-server/', import.meta.url));
const clientDist = fileURLToPath(new URL('../../client/dist/', import.meta.url));

export { freePort } from '../../sync-server/src/testing/free-port.ts';

/** The real product server as a separate process: the built PWA and the relay on an SQLite file. */
export class ServerProcess {
  #child: ChildProcess | null = null;
  output = '';

  constructor(
    readonly port: number,
    readonly dataDir: string,
    /** The built PWA to serve; a copy lets a test deploy a new version under a running app. */
    readonly clientRoot: string = clientDist,
    /** More environment for the server (e.g. SEED_OFFICIALS for the 50,000-official city). */
    readonly env: Record<string, string> = {},
    /** The server checkout to run (bench:web runs the build before a change beside this one). */
    readonly serverRoot: string = serverDir,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    // The compiled relay that production runs (`pnpm build` makes it); a checkout without one
    // (an older snapshot in THONGSUOT_SERVER_DIR) runs from source.
    const compiled = existsSync(join(this.serverRoot, 'dist/main.mjs'));
    const args = compiled ? ['dist/main.mjs'] : ['--import', 'tsx', 'src/main.ts'];
    const child = spawn(process.execPath, args, {
      cwd: this.serverRoot,
      env: {
        // Tests and benchmarks sign the same demo accounts in many times a minute from one address
        // (SIGN_IN_PER_MINUTE: the same for a server checkout from before the two limits).
        SIGN_IN_PER_ADDRESS: '1000',
        SIGN_IN_PER_USERNAME: '1000',
        SIGN_IN_PER_MINUTE: '1000',
        // The relay logs every request as JSON by default; the flows would only pile it up here.
        LOG: '0',
        ...process.env,
        ...this.env,
        // The flows sign in with the demo accounts, which the server seeds only when asked.
        SEED_DEMO: '1',
        PORT: String(this.port),
        DATA_DIR: this.dataDir,
        CLIENT_ROOT: this.clientRoot,
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.#child = child;
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`server did not start:\n${this.output}`)), 30_000);
      const onData = (chunk: Buffer): void => {
        this.output += chunk.toString();
        if (this.output.includes('is running at')) {
          clearTimeout(timer);
          resolve();
        }
      };
      child.stdout?.on('data', onData);
      child.stderr?.on('data', onData);
      child.once('exit', (code) => {
        clearTimeout(timer);
        reject(new Error(`server exited with ${code}:\n${this.output}`));
      });
    });
  }

  /** Kills the process the hard way (no graceful shutdown), as a crash or power loss would. */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
    child.kill('SIGKILL');
    await exited;
    this.#child = null;
  }
}
