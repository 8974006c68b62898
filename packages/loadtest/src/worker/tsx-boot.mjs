// Worker bootstrap when running from TypeScript sources. Node 20 does not apply the tsx loader that the
// main thread was started with (`--import tsx`) to worker threads, so the worker registers it itself and
// then imports the real entry, whose URL arrives as `workerData.entry`.
import { workerData } from 'node:worker_threads';
import { register } from 'tsx/esm/api';

register();
await import(workerData.entry);
