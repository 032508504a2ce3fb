import { type ChildProcess, execFileSync, spawn } from 'node:child_process';
import { chownSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Debian's PostgreSQL binaries (scripts/bootstrap.sh installs the package). */
function binDir(): string {
  const root = '/usr/lib/postgresql';
  const version = existsSync(root) ? readdirSync(root).sort().at(-1) : undefined;
  if (!version) throw new Error('PostgreSQL is not installed (run scripts/bootstrap.sh --browser)');
  return join(root, version, 'bin');
}

/** PostgreSQL refuses to run as root: as root, its programs run as the `postgres` user. */
function serverUser(): { uid: number; gid: number } | Record<string, never> {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres']).toString().trim());
  return { uid: id('-u'), gid: id('-g') };
}

/**
 * A PostgreSQL server of a test's own, in a temporary directory on `port`, to stop and start again
 * under the relay (the machine's server is shared by every test and is not restarted). Trust
 * authentication on 127.0.0.1, superuser `postgres`.
 */
export class PostgresServer {
  readonly dir: string;
  #child: ChildProcess | null = null;

  constructor(readonly port: number) {
    this.dir = mkdtempSync(join(tmpdir(), 'thongsuot-pg-'));
    const user = serverUser();
    if ('uid' in user) chownSync(this.dir, user.uid, user.gid);
    execFileSync(
      join(binDir(), 'initdb'),
      ['-D', join(this.dir, 'data'), '-U', 'postgres', '--auth=trust', '-E', 'UTF8'],
      {
        stdio: 'ignore',
        ...user,
      },
    );
  }

  get url(): string {
    return `postgres://postgres@127.0.0.1:${this.port}/postgres`;
  }

  async start(): Promise<void> {
    const args = [
      '-D',
      join(this.dir, 'data'),
      '-p',
      String(this.port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      `unix_socket_directories=${this.dir}`,
      '-c',
      'fsync=on',
    ];
    const child = spawn(join(binDir(), 'postgres'), args, { stdio: ['ignore', 'ignore', 'pipe'], ...serverUser() });
    this.#child = child;
    await new Promise<void>((resolve, reject) => {
      let said = '';
      child.stderr?.on('data', (chunk: Buffer) => {
        said += chunk.toString();
        if (said.includes('ready to accept connections')) resolve();
      });
      child.once('exit', (code) => reject(new Error(`postgres exited with ${code}: ${said}`)));
    });
  }

  /**
   * Stops the server at once, as a crash does: an immediate shutdown (SIGQUIT) ends every
   * connection without a checkpoint; the next start recovers from the WAL.
   */
  async kill(): Promise<void> {
    const child = this.#child;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const gone = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGQUIT');
    await gone;
  }

  async remove(): Promise<void> {
    await this.kill();
    rmSync(this.dir, { recursive: true, force: true });
  }
}
