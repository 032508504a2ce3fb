/// <reference lib="webworker" />
// The directory's index off the page's main thread (people-index-core.ts): reading 50,000
// officials from IndexedDB and indexing their words no longer blocks a screen as it opens.
import { type IndexRequest, PeopleIndexCore } from './people-index-core.ts';

const core = new PeopleIndexCore();
const scope = self as unknown as DedicatedWorkerGlobalScope;
// One at a time, in the order asked: a search sent after a load answers from what it loaded.
let queue: Promise<unknown> = Promise.resolve();

scope.onmessage = (event: MessageEvent<{ id: number; request: IndexRequest }>) => {
  const { id, request } = event.data;
  queue = queue.then(() =>
    core.handle(request).then(
      (reply) => scope.postMessage({ id, reply }),
      (error: unknown) => scope.postMessage({ id, error: String(error) }),
    ),
  );
};
