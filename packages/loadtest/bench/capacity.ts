/**
 * `pnpm bench:capacity`: the capacity of the Tick Arena server at 30 Hz with 16-player rooms, the same
 * search against a bare socket.io server that only broadcasts a same-sized binary snapshot to the same
 * rooms (the ceiling: src/baseline/), and their ratio. The baseline's snapshot is sized to the payload bytes
 * per snapshot measured against the game server. Each server runs in its own process; the tester runs here,
 * on worker threads.
 *
 *   pnpm bench:capacity [--step 50] [--start N] [--max 3000] [--repeats 3] [--window 3] [--settle 2]
 *                       [--tick-rate 30] [--room-size 16] [--workers N] [--ramp 200]
 *                       [--drive 2000 --drive-rate 10] [--transport lean|socket.io] [--agents N]
 *                       [--json FILE] [--html-dir DIR] [--help]
 *
 * `--agents N` also runs bots on N tester agents, each its own process with one worker thread, coordinated
 * through a redis-server the bench starts on a free port (the load tester's `--agents`), so that the tester's
 * share of the work is spread over processes as it would be over machines.
 * Each step's figures are the medians of `--repeats` windows (see find-capacity.ts). `--drive N` adds a
 * fixed run of N bots against the baseline at `--drive-rate` Hz, to show how many bots the tester drives.
 */
import { writeFile } from 'node:fs/promises';
import { availableParallelism, cpus } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { runLoadTest } from '../src/coordinator/run-test.js';
import { num, pct } from '../src/report/format.js';
import { renderHtml } from '../src/report/html-report.js';
import type { Report } from '../src/report/report.js';
import { renderTable } from '../src/report/table.js';
import type { CapacityOptions, RunOptions } from '../src/options.js';
import type { BotTransport } from '../src/bot/bot-connection.js';
import { transport } from '../src/cli/parse-options.js';
import type { AgentsOptions } from '../src/agents/distributed-run.js';
import { startAgent, startBaseline, startGameServer, startRedis, type ChildServer } from './child-server.js';

const USAGE = `usage: pnpm bench:capacity [--step 50] [--start N] [--max 3000] [--repeats 3] [--window 3] [--settle 2]
                           [--tick-rate 30] [--room-size 16] [--workers N] [--ramp 200] [--drive 2000 --drive-rate 10]
                           [--transport lean|socket.io] [--agents N] [--json FILE] [--html-dir DIR] [--help]

The capacity of the Tick Arena server at --tick-rate Hz with rooms of --room-size (steps of --step clients,
each judged on the medians of --repeats windows of --window s after --settle s), the same search against a
bare socket.io server broadcasting binary snapshots of the payload size measured against the game server
(the ceiling), and their ratio. --drive N adds a fixed run of N bots against the baseline at --drive-rate
Hz, to show how many bots the tester drives.
--transport picks the bots' client library (default lean). --workers defaults to cores - 1.
--agents N also runs bots on N tester agents in their own processes (one worker each), coordinated through a
redis-server started here on a free port; the bots are split between them and this process.
`;

const OPTIONS = {
  step: { type: 'string', default: '50' },
  start: { type: 'string' },
  max: { type: 'string', default: '3000' },
  repeats: { type: 'string', default: '3' },
  window: { type: 'string', default: '3' },
  settle: { type: 'string', default: '2' },
  'tick-rate': { type: 'string', default: '30' },
  'room-size': { type: 'string', default: '16' },
  workers: { type: 'string', default: String(Math.max(1, availableParallelism() - 1)) },
  ramp: { type: 'string', default: '200' },
  drive: { type: 'string', default: '0' },
  'drive-rate': { type: 'string', default: '10' },
  transport: { type: 'string', default: 'lean' },
  agents: { type: 'string', default: '0' },
  json: { type: 'string' },
  'html-dir': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

/** A one-line complaint and exit code 2, as the load tester's CLI does for bad flags. */
function usageError(message: string): never {
  process.stderr.write(`bench:capacity: ${message} (see --help)\n`);
  process.exit(2);
}

function parseFlags(): ReturnType<typeof parseArgs<{ options: typeof OPTIONS }>>['values'] {
  // `pnpm bench:capacity -- --step 100` passes the separator through.
  const argv = process.argv.slice(2);
  const args = argv[0] === '--' ? argv.slice(1) : argv;
  try {
    return parseArgs({ args, options: OPTIONS, strict: true, allowPositionals: false }).values;
  } catch (err) {
    usageError(err instanceof Error ? (err.message.split('\n')[0] ?? err.message) : String(err));
  }
}

const a = parseFlags();
if (a.help) {
  process.stdout.write(USAGE);
  process.exit(0);
}
for (const k of [
  'step',
  'max',
  'repeats',
  'window',
  'tick-rate',
  'room-size',
  'workers',
  'ramp',
  'drive-rate',
] as const) {
  const n = Number(a[k]);
  if (!Number.isFinite(n) || n <= 0) usageError(`--${k} must be a positive number (got "${a[k]}")`);
}
for (const k of ['start', 'settle', 'drive', 'agents'] as const) {
  const v = a[k];
  if (v !== undefined && !(Number(v) >= 0)) usageError(`--${k} must be a number (got "${v}")`);
}
let benchTransport: BotTransport;
try {
  benchTransport = transport(a.transport);
} catch (err) {
  usageError((err as Error).message);
}

const tickRate = Number(a['tick-rate']);
const step = Number(a.step);
const capacity: CapacityOptions = {
  step,
  start: a.start === undefined ? step : Number(a.start),
  max: Number(a.max),
  repeats: Number(a.repeats),
  windowSeconds: Number(a.window),
  settleSeconds: Number(a.settle),
  minDeliveredRatio: 0.99,
  maxTickBudgetFraction: 0.5,
};

function runOptions(url: string, metrics: boolean, clients = 0, rate = tickRate): RunOptions {
  return {
    url,
    clients,
    rooms: {
      kind: 'create',
      rooms: undefined,
      roomSize: Number(a['room-size']),
      tickRate: rate,
      snapshotEvery: 1,
    },
    rampPerSecond: Number(a.ramp),
    warmupSeconds: 3,
    durationSeconds: 10,
    workers: Number(a.workers),
    metricsUrl: metrics ? `${url}/metrics` : null,
    connectTimeoutMs: 15_000,
    namePrefix: 'bench',
    maxTesterLagMs: 20,
    maxTesterUtilisation: 0.9,
    transport: benchTransport,
  };
}

const log = (s: string) => process.stderr.write(`${s}\n`);

// --agents N: a redis-server and N agent processes, up for both searches (the same testers measure both).
const agentCount = Math.floor(Number(a.agents));
const helpers: ChildServer[] = [];
let agents: AgentsOptions | undefined;
if (agentCount > 0) {
  const redis = await startRedis();
  helpers.push(redis);
  for (let i = 1; i <= agentCount; i++) helpers.push(await startAgent(redis.url, `bench-agent-${i}`));
  agents = { count: agentCount, redisUrl: redis.url, waitMs: 30_000, lostAfterMs: 10_000 };
  log(`${agentCount} tester agent(s) in their own processes, coordinated through ${redis.url}`);
}
const stopHelpers = async () => {
  for (const h of helpers.reverse()) await h.stop();
};

/** What the last baseline started said about its snapshots. */
let baselinePayload: string | null = null;

async function search(label: string, start: () => Promise<ChildServer>, metrics: boolean): Promise<Report> {
  log(
    `\n== ${label}: capacity search, ${tickRate} Hz, rooms of ${a['room-size']}, +${step} clients per step`,
  );
  const server = await start();
  if (server.about) {
    baselinePayload = server.about;
    log(`  (${server.about})`);
  }
  try {
    return await runLoadTest({
      run: runOptions(server.url, metrics),
      capacity,
      agents,
      onStep: (s) =>
        log(
          `  ${String(s.clients).padStart(5)} clients: ${s.held ? 'held ' : 'BROKE'} delivered ${pct(s.figures.snapshots.deliveredRatio)}, gap p99 ${num(s.figures.gapMs.p99)} ms, ` +
            `server tick p99 ${num(s.figures.server?.tickMs.p99 ?? null, 2)} ms, loop p99 ${num(s.figures.server?.eventLoopDelayMs.p99 ?? null, 1)} ms, ` +
            `tester busy ${pct(s.figures.tester.maxEventLoopUtilisation, 0)}, machine ${num(s.figures.tester.machineCpuPercent, 0)}%${s.held ? '' : ` -- ${s.violations.join('; ')}`}`,
        ),
    });
  } finally {
    await server.stop();
  }
}

async function save(name: string, r: Report): Promise<void> {
  if (a['html-dir']) await writeFile(join(a['html-dir'], `${name}.html`), renderHtml(r));
}

log(
  `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), tester workers ${a.workers}` +
    (agentCount > 0 ? ` here plus ${agentCount} agent process(es) of 1 worker` : ''),
);
// ^C must not leave the agents and redis-server running (an error or the end kills them: child-server.ts).
process.once('SIGINT', () => process.exit(130));
const game = await search('Tick Arena server', startGameServer, true);
await save('capacity-game', game);

// The ceiling broadcasts a snapshot of the payload size the bots measured per snapshot against the game
// server (the binary snapshot alone: both servers add the same framing, a WebSocket header and the event
// code). Without a measurement, 60 B: about what a 16-player room's deltas weigh.
const at = game.capacity?.atCapacity ?? game.figures;
const perSnapshot = at?.bytes.perSnapshot ?? null;
const payloadBytes = Math.max(1, Math.round(perSnapshot ?? 60));
const wirePerSnapshot =
  at?.bytes.downPerClient && at.snapshots.deliveredRate
    ? at.bytes.downPerClient / at.snapshots.deliveredRate
    : null;
const ceiling = await search(
  `bare socket.io baseline (target payload ${payloadBytes} B)`,
  () => startBaseline(payloadBytes),
  false,
);
await save('capacity-baseline', ceiling);

let drive: Report | null = null;
const driveCount = Number(a.drive);
if (driveCount > 0) {
  log(`\n== tester: ${driveCount} bots against the baseline at ${a['drive-rate']} Hz`);
  const server = await startBaseline(payloadBytes);
  try {
    drive = await runLoadTest({ run: runOptions(server.url, false, driveCount, Number(a['drive-rate'])) });
  } finally {
    await server.stop();
  }
  await save('drive', drive);
}

const cap = game.capacity?.capacity ?? null;
const ceil = ceiling.capacity?.capacity ?? null;
const lines = [
  '',
  renderTable(game),
  '',
  renderTable(ceiling),
  '',
  `capacity at ${tickRate} Hz, rooms of ${a['room-size']} (step ${step}, medians of ${capacity.repeats} x ${capacity.windowSeconds} s windows):`,
  `  Tick Arena server : ${cap ?? 'none'} clients${game.capacity?.testerLimited ? ' (tester-limited: lower bound)' : ''}; stopped ${game.capacity?.stoppedBecause ?? '-'}`,
  `  socket.io ceiling : ${ceil ?? 'none'} clients${ceiling.capacity?.testerLimited ? ' (tester-limited: lower bound)' : ''}; stopped ${ceiling.capacity?.stoppedBecause ?? '-'}`,
  `  ratio             : ${cap !== null && ceil ? (cap / ceil).toFixed(2) : '-'}${
    ceiling.capacity?.testerLimited
      ? ' (not meaningful: the ceiling search ran out of tester before the baseline gave in)'
      : ''
  }`,
  `  game server per snapshot: ${num(perSnapshot, 1)} B payload, ${num(wirePerSnapshot, 0)} B down on the wire (TCP per client / snapshot rate)`,
  `  baseline per snapshot  : ${baselinePayload ?? '-'} (sized to the game's payload)`,
];
if (drive?.figures) {
  const f = drive.figures;
  lines.push(
    `  tester drove ${f.clients.connected} of ${driveCount} bots at ${a['drive-rate']} Hz: delivered ${pct(f.snapshots.deliveredRatio)}, ` +
      `busiest worker ${pct(f.tester.maxEventLoopUtilisation, 0)}, loop delay p99 ${num(f.tester.eventLoopDelayP99Ms)} ms, ${f.tester.saturated ? 'SATURATED' : 'not saturated'}`,
  );
}
process.stdout.write(`${lines.join('\n')}\n`);
if (a.json) await writeFile(a.json, `${JSON.stringify({ game, ceiling, drive }, null, 2)}\n`);
await stopHelpers();
process.exit(0);
