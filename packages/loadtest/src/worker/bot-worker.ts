/**
 * Worker thread entry: runs the bots the coordinator hands it and reports their measurements every
 * interval. One worker per core keeps the tester from being the bottleneck: receiving and decoding every
 * snapshot is the tester's whole cost and it is per connection, so it splits cleanly. All bots of a worker
 * share one input scheduler (one timer per tick rate and phase, not one per bot).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { performance } from 'node:perf_hooks';
import { BotClient, type BotSink, type Connector } from '../bot/bot-client.js';
import { BotTransport } from '../bot/bot-connection.js';
import { EngineIoSocket } from '../bot/engine-io-socket.js';
import { InputScheduler } from '../bot/input-scheduler.js';
import { withNetsim } from '../bot/netsim-connection.js';
import { SocketIoConnection } from '../bot/socket-io-connection.js';
import { createHistogram, encodeHistogram, recordMs } from '../stats/hdr.js';
import type { FromWorker, ToWorker, WorkerStart } from './protocol.js';
import { WorkerHealthMonitor } from './worker-health.js';

const port = parentPort;
if (!port) throw new Error('bot-worker must run in a worker thread');
const start = workerData as WorkerStart;

const bots = new Map<number, BotClient>();
const scheduler = new InputScheduler();
const transport: Connector =
  start.transport === BotTransport.SOCKET_IO
    ? (o, h) => new SocketIoConnection(o, h)
    : (o, h) => new EngineIoSocket(o, h);
// Behind the simulated network when asked: each worker's bots draw their own losses and jitter.
const connect: Connector = start.netsim
  ? withNetsim(transport, start.netsim, 1 + start.worker * 1_000_003)
  : transport;
const hist = {
  gap: createHistogram(),
  age: createHistogram(),
  ack: createHistogram(),
  connect: createHistogram(),
};
let serverErrors: Record<string, number> = {};
const health = new WorkerHealthMonitor();
health.start();

const post = (m: FromWorker) => port.postMessage(m);

const sink: BotSink = {
  gap: (ms) => recordMs(hist.gap, ms),
  age: (ms) => recordMs(hist.age, ms),
  ack: (ms) => recordMs(hist.ack, ms),
  connected: (ms) => recordMs(hist.connect, ms),
  serverError: (code) => {
    serverErrors[code] = (serverErrors[code] ?? 0) + 1;
  },
  event: (event) => post({ type: 'event', event }),
};

function report(token?: number): void {
  post({
    type: 'report',
    worker: start.worker,
    at: performance.timeOrigin + performance.now(),
    bots: [...bots.values()].map((b) => b.counters()),
    histograms: {
      gap: encodeHistogram(hist.gap),
      age: encodeHistogram(hist.age),
      ack: encodeHistogram(hist.ack),
      connect: encodeHistogram(hist.connect),
    },
    serverErrors,
    health: health.take(),
    ...(token === undefined ? {} : { token }),
  });
  for (const h of Object.values(hist)) h.reset();
  serverErrors = {};
}

const timer = setInterval(() => report(), start.reportIntervalMs);

port.on('message', (m: ToWorker) => {
  switch (m.type) {
    case 'spawn':
      for (const spec of m.bots) {
        const bot = new BotClient(spec, sink, scheduler, connect);
        bots.set(spec.id, bot);
        bot.start();
      }
      break;
    case 'stop':
      for (const id of m.ids) bots.get(id)?.stop();
      break;
    case 'report-now':
      report(m.token);
      break;
    case 'shutdown':
      clearInterval(timer);
      report();
      for (const b of bots.values()) b.stop();
      scheduler.stop();
      health.stop();
      post({ type: 'stopped', worker: start.worker });
      // Let the close frames go out, then end the thread even if a socket lingers.
      setTimeout(() => process.exit(0), 200).unref();
      port.close();
      break;
  }
});
