import { Worker } from 'node:worker_threads';
import type { NetsimSettings } from '@tick-arena/common';
import type { BotTransport } from '../bot/bot-connection.js';
import type { BotSpec, FromWorker, ToWorker, WorkerStart } from '../worker/protocol.js';

/**
 * The worker entry in the same flavour as this module: the compiled `.js` directly, or, when run from
 * TypeScript sources, a small `.mjs` bootstrap that registers tsx inside the thread first (Node 20 does not
 * carry the main thread's loader into workers).
 */
function workerEntry(): { url: URL; entry: string } {
  const fromSource = import.meta.url.endsWith('.ts');
  const entry = new URL(`../worker/bot-worker.${fromSource ? 'ts' : 'js'}`, import.meta.url);
  const url = fromSource ? new URL('../worker/tsx-boot.mjs', import.meta.url) : entry;
  return { url, entry: entry.href };
}

/** Bot worker threads: spawn bots on one, stop them, collect their messages, shut all down. */
export class WorkerPool {
  private readonly workers: Worker[] = [];
  private readonly stopped = new Set<number>();

  constructor(
    readonly size: number,
    reportIntervalMs: number,
    transport: BotTransport,
    netsim: NetsimSettings | null,
    onMessage: (m: FromWorker) => void,
    onError: (err: Error) => void,
  ) {
    const { url, entry } = workerEntry();
    for (let i = 0; i < size; i++) {
      const data: WorkerStart = { worker: i, reportIntervalMs, transport, netsim, entry };
      const w = new Worker(url, { workerData: data });
      w.on('message', (m: FromWorker) => {
        if (m.type === 'stopped') this.stopped.add(m.worker);
        onMessage(m);
      });
      w.on('error', onError);
      this.workers.push(w);
    }
  }

  spawn(worker: number, bots: BotSpec[]): void {
    if (bots.length > 0) this.send(worker, { type: 'spawn', bots });
  }

  /** Ask every worker for a report now; they answer with `token` in it. */
  reportNow(token: number): void {
    this.workers.forEach((_w, i) => this.send(i, { type: 'report-now', token }));
  }

  stop(worker: number, ids: number[]): void {
    if (ids.length > 0) this.send(worker, { type: 'stop', ids });
  }

  /** Ask every worker for a last report and to close its bots; terminate any that do not answer in time. */
  async shutdown(timeoutMs = 3000): Promise<void> {
    this.workers.forEach((_w, i) => this.send(i, { type: 'shutdown' }));
    const deadline = Date.now() + timeoutMs;
    while (this.stopped.size < this.workers.length && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 20));
    }
    // A moment for the close frames the workers just wrote to leave before the threads are torn down.
    await new Promise((r) => setTimeout(r, 100));
    await Promise.all(this.workers.map((w) => w.terminate()));
  }

  private send(worker: number, m: ToWorker): void {
    this.workers[worker]?.postMessage(m);
  }
}
