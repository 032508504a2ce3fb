import type { ChildProcess } from 'node:child_process';

/** The first IPC message of `child` that passes `test`; fails on timeout or if the child exits first. */
export function once<T>(child: ChildProcess, test: (m: T) => boolean, timeoutMs: number, what: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`timed out: ${what}`)), timeoutMs);
    const on = (m: T) => {
      if (!test(m)) return;
      clearTimeout(timer);
      child.off('message', on);
      resolve(m);
    };
    child.on('message', on);
    child.once('exit', (code) => reject(new Error(`${what}: process exited with ${code}`)));
  });
}

/** CPU seconds a bench server process (bench-server.ts) has used so far, all its threads, from its own counters. */
export async function cpuSecondsOf(servers: readonly ChildProcess[]): Promise<number> {
  const micros = await Promise.all(
    servers.map((server) => {
      const p = once<{ cpuMicros?: number }>(server, (m) => m.cpuMicros !== undefined, 60_000, 'cpu');
      server.send('cpu');
      return p.then((m) => m.cpuMicros ?? 0);
    }),
  );
  return micros.reduce((a, b) => a + b, 0) / 1e6;
}
