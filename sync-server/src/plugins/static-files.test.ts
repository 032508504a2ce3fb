import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { compressDir } from '../../../client/scripts/compress.mjs';
import { type App, buildApp } from '../app.ts';

vi.setConfig({ testTimeout: 30_000, hookTimeout: 30_000 });

/**
 * The built PWA as the relay serves it (docs/operations.md "Static files"): the brotli or gzip
 * twin made at build time by Accept-Encoding, hashed assets immutable for a year, the shell and
 * the service worker revalidated, robots.txt as itself.
 */
describe('static files', () => {
  const dir = mkdtempSync(join(tmpdir(), 'thongsuot-static-'));
  const root = join(dir, 'dist');
  const script = `// Thông Suốt\n${'export const s = "Việc đến, giao việc, danh bạ";\n'.repeat(200)}`;
  const shell = `<!doctype html><html lang="vi"><head><title>Thông Suốt</title></head><body>${'<p>Điều hành thông suốt</p>'.repeat(80)}</body></html>`;
  let app: App;

  beforeAll(async () => {
    mkdirSync(join(root, 'assets'), { recursive: true });
    writeFileSync(join(root, 'index.html'), shell);
    writeFileSync(join(root, 'assets', 'index-AbC123.js'), script);
    writeFileSync(join(root, 'sw.js'), script);
    writeFileSync(join(root, 'robots.txt'), 'User-agent: *\nDisallow: /\n');
    const made = compressDir(root);
    expect(made.files).toBe(3); // robots.txt is under 1 KB: sent as it is
    app = await buildApp({ databasePath: join(dir, 'db.sqlite'), clientRoot: root });
  });
  afterAll(async () => {
    await app.server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const get = (url: string, encoding?: string) =>
    app.server.inject({ method: 'GET', url, headers: encoding ? { 'accept-encoding': encoding } : {} });

  it('sends the brotli twin to a browser that takes it, gzip to one that takes only gzip, and plain otherwise', async () => {
    const br = await get('/assets/index-AbC123.js', 'gzip, deflate, br');
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers.vary).toMatch(/accept-encoding/i);
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe(script);
    expect(br.rawPayload.length).toBeLessThan(Buffer.byteLength(script) / 4);

    const gz = await get('/assets/index-AbC123.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).toString()).toBe(script);

    const plain = await get('/assets/index-AbC123.js');
    expect(plain.headers['content-encoding']).toBeUndefined();
    expect(plain.body).toBe(script);
  });

  it("allows the shell's inline stylesheet by its hash, and a deploy's new one without a restart", async () => {
    const hashOf = (css: string) => `'sha256-${createHash('sha256').update(css).digest('base64')}'`;
    const csp = async () => String((await get('/')).headers['content-security-policy']);
    expect(await csp()).toMatch(/style-src 'self';/);
    writeFileSync(join(root, 'index.html'), `<!doctype html><style>main{color:red}</style>${shell}`);
    expect(await csp()).toContain(`style-src 'self' ${hashOf('main{color:red}')};`);
    // A new build under the running relay: its stylesheet, not the old one, is allowed.
    writeFileSync(join(root, 'index.html'), `<!doctype html><style>main{color:blue}</style>${shell}`);
    const next = await csp();
    expect(next).toContain(hashOf('main{color:blue}'));
    expect(next).not.toContain(hashOf('main{color:red}'));
    writeFileSync(join(root, 'index.html'), shell);
  });

  it('caches hashed assets for a year and revalidates the shell and the service worker', async () => {
    expect((await get('/assets/index-AbC123.js', 'br')).headers['cache-control']).toBe(
      'public, max-age=31536000, immutable',
    );
    const sw = await get('/sw.js', 'br');
    expect(sw.headers['cache-control']).toBe('no-cache');
    expect(sw.headers['content-encoding']).toBe('br');
    const shellReply = await get('/', 'br');
    expect(shellReply.headers['cache-control']).toBe('no-cache');
    expect(brotliDecompressSync(shellReply.rawPayload).toString()).toBe(shell);
    // A deep link gets the shell too, compressed, never cached for long.
    const deep = await get('/tasks/abc', 'gzip');
    expect(deep.statusCode).toBe(200);
    expect(deep.headers['cache-control']).toBe('no-cache');
    expect(gunzipSync(deep.rawPayload).toString()).toBe(shell);
  });

  it('answers robots.txt with the file, not the app', async () => {
    const robots = await get('/robots.txt', 'br');
    expect(robots.statusCode).toBe(200);
    expect(robots.headers['content-type']).toMatch(/^text\/plain/);
    expect(robots.body).toBe('User-agent: *\nDisallow: /\n');
  });
});
