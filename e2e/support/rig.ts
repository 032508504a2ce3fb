import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll } from 'vitest';
import { launchChromium } from './browser.ts';
import { freePort, ServerProcess } from './server-process.ts';

/** What a browser test file runs against. */
export interface Rig {
  readonly server: ServerProcess;
  readonly browser: Browser;
  readonly dataDir: string;
}

/**
 * The real server process on a fresh data directory, and one Chromium: started before the test
 * file's tests, stopped (and the directory removed) after them. `prepare` may lay files out in
 * the data directory first and return a client root to serve instead of the build (a copy, so
 * a test can deploy "the next version" under the running app).
 */
export function useRig(name: string, prepare?: (dataDir: string) => string): Rig {
  const rig = { server: null as unknown as ServerProcess, browser: null as unknown as Browser, dataDir: '' };
  beforeAll(async () => {
    rig.dataDir = mkdtempSync(join(tmpdir(), `thongsuot-${name}-`));
    const clientRoot = prepare?.(rig.dataDir);
    rig.server = new ServerProcess(await freePort(), join(rig.dataDir, 'db'), clientRoot);
    await rig.server.start();
    rig.browser = await launchChromium();
  });
  afterAll(async () => {
    await rig.browser?.close();
    await rig.server?.kill();
    if (rig.dataDir) rmSync(rig.dataDir, { recursive: true, force: true });
  });
  return rig;
}
