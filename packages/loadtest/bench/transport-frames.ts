/**
 * `pnpm --filter @tick-arena/loadtest bench:frames`: the CPU a bot transport (the CLI's `--transport`) spends
 * per bot and tick, one snapshot in and one input out, measured in CPU time so that the figure holds on a
 * machine shared with other work.
 *
 *   bench:frames [--connections 200,500] [--transports lean,socket.io] [--repeats 5] [--seconds 8]
 *                [--rate 30] [--payload-bytes 64] [--json FILE] [--help]
 *
 * A real socket.io server with the game's `binaryParser` (bench/echo-server.ts, its own process) answers
 * every `input` with one `tick` (a valid full snapshot of about `--payload-bytes`). Each sample is a fresh
 * process that opens `--connections` connections with one transport and runs them like the bots of one
 * worker: a shared timer at `--rate` Hz sends one `input` on each connection whose previous `tick` came back
 * (so a server slowed by a busy machine slows the exchanges down instead of piling them up), and every tick
 * is decoded by common's `SnapshotReceiver`, as a bot does. After 2 s of warm-up, the process's CPU time
 * over `--seconds` divided by the exchanges completed is the cost of one bot-tick. Transports alternate
 * within each repeat, their order flipping from one repeat to the next; medians over the repeats.
 */
import { spawn } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { cpus } from 'node:os';
import { fileURLToPath } from 'node:url';
import { PROTOCOL_VERSION, SnapshotReceiver, encodeInput } from '@tick-arena/common';
import type { BotConnection, ConnectionHandlers, ConnectOptions } from '../src/bot/bot-connection.js';
import { EngineIoSocket } from '../src/bot/engine-io-socket.js';
import { SocketIoConnection } from '../src/bot/socket-io-connection.js';
import { median } from '../src/stats/median.js';
import { benchArgs } from './bench-args.js';

const USAGE = `usage: bench:frames [--connections 200,500] [--transports lean,socket.io] [--repeats 5] [--seconds 8]
                    [--rate 30] [--payload-bytes 64] [--json FILE] [--help]

CPU time per bot-tick (one snapshot in, one input out) of each bot transport, against a socket.io server
that answers each input with a snapshot; transports alternate, medians over --repeats.
`;

const OPTIONS = {
  connections: { type: 'string', default: '200,500' },
  transports: { type: 'string', default: 'lean,socket.io' },
  repeats: { type: 'string', default: '5' },
  seconds: { type: 'string', default: '8' },
  rate: { type: 'string', default: '30' },
  'payload-bytes': { type: 'string', default: '64' },
  json: { type: 'string' },
  /** Internal: run one sample against this server URL and print its figures as JSON. */
  client: { type: 'string' },
  transport: { type: 'string', default: 'lean' },
  help: { type: 'boolean', short: 'h' },
} as const;

const SELF = fileURLToPath(import.meta.url);
const ECHO = fileURLToPath(new URL('./echo-server.ts', import.meta.url));
const WARMUP_MS = 2000;

type Connect = (o: ConnectOptions, h: ConnectionHandlers) => BotConnection;
const CONNECTORS: Record<string, Connect> = {
  lean: (o, h) => new EngineIoSocket(o, h),
  'socket.io': (o, h) => new SocketIoConnection(o, h),
};

/** What one sample measured. */
interface Sample {
  transport: string;
  connections: number;
  connected: number;
  exchanges: number;
  cpuMs: number;
  wallMs: number;
  /** CPU time per exchange (one tick in, one input out), microseconds. */
  perExchangeUs: number;
  /** Exchanges per connection per second actually completed. */
  ratePerConnection: number;
}

const { values: a, usageError, positive } = benchArgs('bench:frames', OPTIONS, USAGE);
const seconds = positive('seconds', a.seconds);
const rate = positive('rate', a.rate);

/** One sample, in this process: open the connections, run the exchanges, print the figures. */
async function client(url: string, transport: string, count: number): Promise<void> {
  const connect = CONNECTORS[transport];
  if (!connect) return usageError(`unknown transport "${transport}"`);
  let exchanges = 0;
  const ready: BotConnection[] = [];
  const conns: BotConnection[] = [];
  let connected = 0;
  await new Promise<void>((resolve) => {
    let settled = 0;
    for (let i = 0; i < count; i++) {
      const receiver = new SnapshotReceiver();
      const conn: BotConnection = connect(
        { url, auth: { protocol: PROTOCOL_VERSION }, connectTimeoutMs: 60_000 },
        {
          connected: () => {
            connected += 1;
            ready.push(conn);
            if (++settled === count) resolve();
          },
          connectFailed: () => {
            if (++settled === count) resolve();
          },
          disconnected: () => {},
          tick: (bytes) => {
            receiver.receive(bytes);
            exchanges += 1;
            ready.push(conn);
          },
          serverError: () => {},
          kicked: () => {},
        },
      );
      conns.push(conn);
    }
  });
  let seq = 0;
  const timer = setInterval(() => {
    // Every connection whose answer came back sends its next input, as the bots' shared scheduler does.
    for (const conn of ready.splice(0)) {
      seq += 1;
      conn.emit(
        'input',
        encodeInput({ seq, mx: 1, my: 0, aim: 0, fire: false, ack: -1, resync: false, view: -1 }),
      );
    }
  }, 1000 / rate);
  await new Promise((r) => setTimeout(r, WARMUP_MS));
  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  const ex0 = exchanges;
  await new Promise((r) => setTimeout(r, seconds * 1000));
  const cpu = process.cpuUsage(cpu0);
  const wallMs = performance.now() - wall0;
  const done = exchanges - ex0;
  clearInterval(timer);
  for (const c of conns) c.close();
  const cpuMs = (cpu.user + cpu.system) / 1000;
  const sample: Sample = {
    transport,
    connections: count,
    connected,
    exchanges: done,
    cpuMs,
    wallMs,
    perExchangeUs: done > 0 ? (cpuMs * 1000) / done : NaN,
    ratePerConnection: connected > 0 ? done / connected / (wallMs / 1000) : 0,
  };
  process.stdout.write(`${JSON.stringify(sample)}\n`);
  process.exit(0);
}

/** Run a child process and collect its stdout. */
function run(args: string[], onLine?: (line: string) => void): { done: Promise<string>; stop: () => void } {
  const child = spawn(process.execPath, ['--import', 'tsx', ...args], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    out += d;
    if (onLine) for (const line of d.split('\n')) if (line) onLine(line);
  });
  return {
    done: new Promise((resolve) => child.once('exit', () => resolve(out))),
    stop: () => child.kill('SIGKILL'),
  };
}

async function main(): Promise<void> {
  const counts = a.connections.split(',').map((c) => positive('connections', c));
  const transports = a.transports.split(',').map((t) => t.trim());
  for (const t of transports) if (!CONNECTORS[t]) usageError(`unknown transport "${t}"`);
  const repeats = positive('repeats', a.repeats);
  const log = (s: string) => process.stderr.write(`${s}\n`);
  let url = '';
  const listening = new Promise<void>((resolve) => {
    const echo = run([ECHO, '--payload-bytes', a['payload-bytes']], (line) => {
      const m = /^echo listening at (\S+)/.exec(line);
      if (m?.[1]) {
        url = m[1];
        resolve();
      }
    });
    process.once('exit', echo.stop);
  });
  await listening;
  log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), echo server at ${url}`);
  const samples: Sample[] = [];
  for (let rep = 0; rep < repeats; rep++) {
    for (const count of counts) {
      for (const t of rep % 2 === 0 ? transports : [...transports].reverse()) {
        const child = run([SELF, '--client', url, '--transport', t, '--connections', String(count)]);
        const line = (await child.done).trim().split('\n').at(-1) ?? '';
        let s: Sample;
        try {
          s = JSON.parse(line) as Sample;
        } catch {
          log(`  #${rep + 1} ${count} ${t}: no result`);
          continue;
        }
        samples.push(s);
        log(
          `  #${rep + 1} ${count} ${t.padEnd(9)} ${s.perExchangeUs.toFixed(1)} us per bot-tick, ` +
            `${s.connected} connected, ${s.ratePerConnection.toFixed(1)} exchanges/s each, CPU ${((s.cpuMs / s.wallMs) * 100).toFixed(0)}%`,
        );
      }
    }
  }
  const lines = [
    '',
    `| connections | transport | runs | CPU per bot-tick, us | per bot at ${rate} Hz, % of a core | exchanges/s per connection |`,
    '| ----------- | --------- | ---- | -------------------- | ---------------------------------- | -------------------------- |',
  ];
  for (const count of counts) {
    for (const t of transports) {
      const mine = samples.filter((s) => s.connections === count && s.transport === t);
      const us = median(mine.map((s) => s.perExchangeUs));
      const r = median(mine.map((s) => s.ratePerConnection));
      lines.push(
        `| ${count} | ${t} | ${mine.length} | ${us?.toFixed(1) ?? '-'} | ${us === null ? '-' : ((us * rate) / 1e4).toFixed(3)} | ${r?.toFixed(1) ?? '-'} |`,
      );
    }
  }
  process.stdout.write(`${lines.join('\n')}\n`);
  if (a.json) await writeFile(a.json, `${JSON.stringify(samples, null, 2)}\n`);
  process.exit(0);
}

if (a.client !== undefined) await client(a.client, a.transport, positive('connections', a.connections));
else await main();
