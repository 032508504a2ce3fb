// `pnpm bench:signing`: signing and verifying an official document with five signatures and three
// files totalling 20 MB, in headless Chromium (issue 13, item 9). Ours — each signer's device
// hashes the files and signs the canonical statement; the verifier hashes its copies and checks
// every signature against the key registry — against the naive way, measured in the same run:
// every signature over the fields and all 20 MB themselves.
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { launchChromium } from '../support/browser.ts';
import { bundleHarness } from './bundle-harness.ts';

const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const clientDir = fileURLToPath(new URL('../../client/', import.meta.url));

type Pair = [number, number];
type Measure = { canonical: Pair; naive: Pair };
type WithHarness = typeof globalThis & { signingHarness: { measure(run: number): Promise<Measure> } };

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)] ?? Number.NaN;
}

async function main(): Promise<void> {
  const code = await bundleHarness(`${clientDir}bench/signing-harness.ts`, 'signingHarness');
  // A page on localhost: WebCrypto needs a secure context.
  const server = createServer((_req, res) => {
    res.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    res.end('<!doctype html><title>bench</title>');
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/`;
  const browser = await launchChromium();
  const results: Measure[] = [];
  try {
    for (let run = 0; run < RUNS; run++) {
      const page = await browser.newPage();
      await page.goto(url);
      await page.addScriptTag({ content: code });
      results.push(await page.evaluate((r) => (globalThis as WithHarness).signingHarness.measure(r), run));
      await page.close();
    }
  } finally {
    await browser.close();
    server.close();
  }
  const m = (pick: (x: Measure) => number) => median(results.map(pick));
  const rows = [
    ['sign: 5 signatures', m((x) => x.canonical[0]), m((x) => x.naive[0])],
    ['verify: 5 signatures + the 3 files', m((x) => x.canonical[1]), m((x) => x.naive[1])],
    ['both', m((x) => x.canonical[0] + x.canonical[1]), m((x) => x.naive[0] + x.naive[1])],
  ] as const;
  console.log(JSON.stringify(results));
  console.log(
    `\n| 3 files, 20 MB, 5 signatures (median of ${RUNS}) | canonical statement (ours) | naive: sign the 20 MB each time | ratio |`,
  );
  console.log('|---|---|---|---|');
  for (const [label, ours, base] of rows) {
    console.log(`| ${label} | ${ours.toFixed(0)} ms | ${base.toFixed(0)} ms | ${(base / ours).toFixed(2)}× |`);
  }
}

await main();
