import { fileURLToPath } from 'node:url';
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
