import { createHash } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

/**
 * Serves the built PWA. Text assets were compressed at build time (client/scripts/compress.mjs):
 * the brotli or gzip twin is sent by the browser's Accept-Encoding, with `Vary: Accept-Encoding`.
 * Hashed assets are cached for a year; the shell and the service worker are revalidated on every
 * load so a new version is noticed. Unknown non-API paths get the shell, so deep links work
 * (offline, the service worker does the same).
 */
export async function staticFiles(app: FastifyInstance, opts: { root: string }): Promise<void> {
  if (!existsSync(join(opts.root, 'index.html'))) {
    app.log.warn(`no built client at ${opts.root}: run "pnpm build"`);
    return;
  }
  await app.register(fastifyStatic, {
    root: opts.root,
    wildcard: false,
    preCompressed: true,
    setHeaders(res, path) {
      if (path.includes('/assets/')) res.header('Cache-Control', 'public, max-age=31536000, immutable');
      else res.header('Cache-Control', 'no-cache');
    },
  });
  app.setNotFoundHandler((request, reply) => {
    if (request.method !== 'GET' || request.url.startsWith('/api/') || request.url === '/sync') {
      return reply.code(404).send({ error: 'not_found' });
    }
    return reply.header('Cache-Control', 'no-cache').sendFile('index.html');
  });
}

/**
 * The CSP sources of the shell's inline stylesheet: the build inlines the entry's CSS in
 * index.html so that the first paint does not wait for a second round trip (vite.config.ts), and
 * the policy allows exactly that text by its hash, nothing else inline. Read again whenever the
 * file changes: a deploy replaces `client/dist` under a running relay (docs/operations.md), and a
 * hash kept from the old page would block the new page's styles.
 */
export function inlineStyleSources(root: string | undefined): () => string {
  const shell = root ? join(root, 'index.html') : '';
  let seen = '';
  let sources = "'self'";
  return () => {
    const stat = shell ? statSync(shell, { throwIfNoEntry: false }) : undefined;
    const version = stat ? `${stat.mtimeMs} ${stat.size}` : '';
    if (version !== seen) {
      seen = version;
      const css = stat ? [...readFileSync(shell, 'utf8').matchAll(/<style>([\s\S]*?)<\/style>/g)] : [];
      const hashes = css.map(
        ([, text]) =>
          `'sha256-${createHash('sha256')
            .update(text ?? '')
            .digest('base64')}'`,
      );
      sources = ["'self'", ...hashes].join(' ');
    }
    return sources;
  };
}
