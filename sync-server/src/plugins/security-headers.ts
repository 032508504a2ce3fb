import type { FastifyHelmetOptions } from '@fastify/helmet';
import { inlineStyleSources } from './static-files.ts';

/**
 * Security headers and a strict CSP on every response (docs/security.md): the PWA loads nothing
 * from elsewhere, runs no inline script, talks only to its own origin (and same-origin socket).
 */
export function helmetOptions(clientRoot: string | undefined): FastifyHelmetOptions {
  return {
    contentSecurityPolicy: {
      useDefaults: false,
      directives: {
        defaultSrc: ["'self'"],
        scriptSrc: ["'self'"],
        styleSrc: [inlineStyleSources(clientRoot)],
        imgSrc: ["'self'", 'data:', 'blob:'],
        mediaSrc: ["'self'", 'blob:'],
        fontSrc: ["'self'"],
        connectSrc: ["'self'"],
        workerSrc: ["'self'"],
        manifestSrc: ["'self'"],
        frameSrc: ["'self'", 'blob:'],
        objectSrc: ["'none'"],
        baseUri: ["'self'"],
        formAction: ["'self'"],
        frameAncestors: ["'none'"],
      },
    },
    // Downloads of attachments and the PDF open in the app's own tabs.
    crossOriginEmbedderPolicy: false,
  };
}
