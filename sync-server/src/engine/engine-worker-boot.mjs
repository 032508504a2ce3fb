// Starts an apply worker from TypeScript source: registers tsx in this thread, then loads the
// worker entry. Bundled builds (the crash test's child) start their bundle directly instead.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData?.entry ?? new URL('./engine-worker.ts', import.meta.url).href);
