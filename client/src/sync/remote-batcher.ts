import { MAX_SUBSCRIBE_DOCS } from '@thongsuot/shared';
import type { DocRepository } from '../store/doc-repository.ts';
import type { RemoteUpdate } from '../store/remote-batch.ts';

/**
 * Docs per `subscribe` frame (a few hundred state vectors: tens of kilobytes), below the relay's
 * cap on a frame. The relay serves them within its per-connection read budget, waiting rather
 * than refusing while the backlog is short enough.
 */
const SUBSCRIBE_CHUNK = Math.min(500, MAX_SUBSCRIBE_DOCS);

/**
 * The docs of `subscribe` frames (sync step 1 for many docs): one round trip whatever the number
 * of docs, within the relay's frame limits. Each chunk's state vectors are read in one query
 * (`DocRepository.stateVectors`), or, `oneByOne`, each alone as before issue 17.
 */
export async function* subscribeFrames(
  repository: DocRepository,
  docIds: readonly string[],
  oneByOne = false,
): AsyncGenerator<{ docId: string; stateVector: Uint8Array }[]> {
  for (let i = 0; i < docIds.length; i += SUBSCRIBE_CHUNK) {
    const chunk = docIds.slice(i, i + SUBSCRIBE_CHUNK);
    const vectors = oneByOne ? new Map<string, Uint8Array>() : await repository.stateVectors(chunk);
    const docs = [];
    for (const docId of chunk) {
      docs.push({ docId, stateVector: vectors.get(docId) ?? (await repository.stateVector(docId)) });
    }
    yield docs;
  }
}

/** At most this many changes per IndexedDB transaction (a few hundred docs: well under a second). */
const MAX_BATCH = 500;

/**
 * Gathers the changes the server sends while the previous ones are being stored, and stores
 * them together (`DocRepository.applyRemoteBatch`): one frame alone is stored at once; during a
 * first sync's burst, the frames that arrived during one transaction go in the next. `stored`
 * runs after each batch has committed, never before, so nothing is counted as arrived early.
 */
export class RemoteBatcher {
  #queue: RemoteUpdate[] = [];
  #draining: Promise<void> | null = null;

  readonly #store: (items: readonly RemoteUpdate[]) => Promise<void>;
  readonly #stored: (docIds: readonly string[]) => Promise<void>;
  readonly #onError: (error: unknown) => void;

  constructor(
    store: (items: readonly RemoteUpdate[]) => Promise<void>,
    stored: (docIds: readonly string[]) => Promise<void>,
    onError: (error: unknown) => void,
  ) {
    this.#store = store;
    this.#stored = stored;
    this.#onError = onError;
  }

  push(docId: string, update: Uint8Array): void {
    this.#queue.push({ docId, update });
    this.#draining ??= this.#drain();
  }

  /** Resolves once everything pushed so far is stored (for tests). */
  async idle(): Promise<void> {
    while (this.#draining) await this.#draining;
  }

  async #drain(): Promise<void> {
    // Frames already received are handled first, and join the batch.
    await new Promise((resolve) => setTimeout(resolve, 0));
    while (this.#queue.length > 0) {
      const batch = this.#queue.splice(0, MAX_BATCH);
      try {
        await this.#store(batch);
        await this.#stored(batch.map((i) => i.docId));
      } catch (error) {
        this.#onError(error);
      }
    }
    this.#draining = null;
  }
}
