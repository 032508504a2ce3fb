import type { DocRepository } from '../store/doc-repository.ts';
import type { LocalDb } from '../store/local-db.ts';

/** What a device's connection to the relay is built from (sync-client.ts). */
export interface SyncClientOptions {
  readonly url: string;
  readonly db: LocalDb;
  readonly repository: DocRepository;
  readonly now?: () => number;
  readonly random?: () => number;
  /** Asked when the socket is refused, to tell an expired session from a network failure. */
  readonly sessionValid?: () => Promise<boolean>;
  /** Opens the socket; tests pass one that sends their session cookie. */
  readonly createSocket?: (url: string) => WebSocket;
  /**
   * Awaited before asking for the docs a manifest lists: a bulk download that brings them (the
   * directory, directory/directory-download.ts) finishes first, so only what it missed comes over the socket.
   */
  readonly beforeSync?: (docIds: readonly string[]) => Promise<void>;
  /** The docs `beforeSync` may bring: the others (the person's own work) are asked for first. */
  readonly bulkDocs?: (docId: string) => boolean;
  /** The sync as before batching (each doc stored, each state vector read alone): the bench's baseline. */
  readonly oneByOne?: boolean;
}
