import { execFileSync, execSync } from 'node:child_process';
import { existsSync, mkdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = fileURLToPath(new URL('../../', import.meta.url));

/**
 * An earlier build, to measure beside ours in the same run: `git archive` of its commit,
 * installed and built once per commit in a temporary folder. Returns the folder.
 */
export function buildBefore(sha: string): string {
  const full = execFileSync('git', ['rev-parse', sha], { cwd: repo }).toString().trim();
  const dir = join(tmpdir(), `thongsuot-web-before-${full.slice(0, 10)}`);
  if (existsSync(join(dir, 'client/dist/index.html')) && existsSync(join(dir, 'sync-server/dist/main.mjs'))) return dir;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  process.stderr.write(`building ${full.slice(0, 10)} in ${dir}…\n`);
  execSync(`git archive ${full} | tar -x -C ${dir}`, { cwd: repo });
  execFileSync('pnpm', ['install', '--frozen-lockfile', '--prefer-offline'], { cwd: dir, stdio: 'ignore' });
  execFileSync('pnpm', ['build'], { cwd: dir, stdio: 'ignore' });
  return dir;
}
