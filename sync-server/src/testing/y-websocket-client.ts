import WebSocket from 'ws';
import { WebsocketProvider } from 'y-websocket';
import type * as Y from 'yjs';
import type { TestServer } from './test-server.ts';

/** The stock y-websocket client in Node, with the session in a header (never in the URL). */
export function provider(server: TestServer, cookie: string, docId: string, doc: Y.Doc): WebsocketProvider {
  class SessionSocket extends WebSocket {
    constructor(url: string, protocols?: string | string[]) {
      super(url, protocols, { headers: { cookie } });
    }
  }
  return new WebsocketProvider(`${server.url.replace('http', 'ws')}/yjs`, docId, doc, {
    WebSocketPolyfill: SessionSocket as unknown as typeof globalThis.WebSocket,
    disableBc: true,
  });
}

/** Resolves when `test` holds, checked on every change of the doc (no polling). */
export function until(doc: Y.Doc, test: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  return new Promise((resolve, reject) => {
    if (test()) return resolve();
    const timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), timeoutMs);
    const check = () => {
      if (!test()) return;
      clearTimeout(timer);
      doc.off('update', check);
      resolve();
    };
    doc.on('update', check);
  });
}
