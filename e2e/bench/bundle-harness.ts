import { fileURLToPath } from 'node:url';
import type { BrowserContext } from 'playwright-core';
import { build } from 'vite';

const clientDir = fileURLToPath(new URL('../../client/', import.meta.url));

/**
 * Bundles a benchmark harness (client code that a benchmark injects into the page) into one
 * IIFE script with the client's own resolution, without writing files.
 */
export async function bundleHarness(entry: string, name: string): Promise<string> {
  const result = await build({
    configFile: false,
    root: clientDir,
    logLevel: 'silent',
    build: { write: false, minify: true, target: 'es2022', lib: { entry, formats: ['iife'], name } },
  });
  const outputs = Array.isArray(result) ? result : [result];
  const chunk = outputs.flatMap((o) => ('output' in o ? o.output : [])).find((c) => c.type === 'chunk');
  if (chunk?.type !== 'chunk') throw new Error(`${entry} did not build`);
  return chunk.code;
}

type Harnesses = Record<string, Record<string, unknown>>;

/**
 * Calls `globalThis[global][name](...args)` of a bundled harness in a fresh tab on the app's
 * origin (`/bench-blank`, served offline), and closes the tab.
 */
export async function callHarness(
  context: BrowserContext,
  url: string,
  code: string,
  global: string,
  name: string,
  args: readonly unknown[],
): Promise<unknown> {
  const page = await context.newPage();
  await page.goto(`${url}/bench-blank`);
  await page.addScriptTag({ content: code });
  const result = await page.evaluate(
    ([g, fn, values]) => {
      const harness = (globalThis as unknown as Harnesses)[g] as Record<string, unknown>;
      return (harness[fn] as (...a: unknown[]) => Promise<unknown>)(...values);
    },
    [global, name, args] as const,
  );
  await page.close();
  return result;
}
