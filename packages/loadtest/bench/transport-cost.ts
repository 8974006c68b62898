/**
 * `pnpm --filter @tick-arena/loadtest bench:transport`: what a bot costs the tester with each bot transport
 * (`--transport` of the CLI), at a few client counts against a real game server.
 *
 *   bench:transport [--clients 200,500] [--transports lean,socket.io] [--repeats 3] [--duration 10]
 *                   [--warmup 2] [--tick-rate 30] [--json FILE] [--help]
 *
 * Each run is the real CLI in its own process (`--workers 1`, so one thread runs every bot) against a game
 * server of its own, started fresh for the run in another process. The transports alternate within each
 * repeat, and their order flips from one repeat to the next, so a noisy neighbour or a slow drift of the
 * machine falls on both alike. The figure is the tester process's CPU over the measured window (the report's
 * `tester.cpuPercent`: the bots' worker thread plus the coordinator, which does the same work whatever the
 * transport), divided by the bots, and by the snapshots they received: one snapshot in and one input out per
 * bot and tick is the whole steady-state job of a bot. Medians over the repeats.
 */
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Report } from '../src/report/report.js';
import { median } from '../src/stats/median.js';
import { benchArgs } from './bench-args.js';
import { startGameServer, type ChildServer } from './child-server.js';

const USAGE = `usage: bench:transport [--clients 200,500] [--transports lean,socket.io] [--repeats 3] [--duration 10]
                       [--warmup 2] [--tick-rate 30] [--json FILE] [--help]

Tester CPU per bot for each bot transport (the CLI's --transport), at each client count, against a fresh
game server per run; transports alternate within a repeat, medians over --repeats.
`;

const OPTIONS = {
  clients: { type: 'string', default: '200,500' },
  transports: { type: 'string', default: 'lean,socket.io' },
  repeats: { type: 'string', default: '3' },
  duration: { type: 'string', default: '10' },
  warmup: { type: 'string', default: '2' },
  'tick-rate': { type: 'string', default: '30' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const MAIN = fileURLToPath(new URL('../src/main.ts', import.meta.url));
const ROOT = fileURLToPath(new URL('../../../', import.meta.url));

const { values: a, positive } = benchArgs('bench:transport', OPTIONS, USAGE);
const counts = a.clients.split(',').map((c) => positive('clients', c));
const transports = a.transports.split(',').map((t) => t.trim());
const repeats = positive('repeats', a.repeats);
const duration = positive('duration', a.duration);
const tickRate = positive('tick-rate', a['tick-rate']);

/** One measured run: the figures a bot's cost is computed from. */
interface Sample {
  transport: string;
  clients: number;
  connected: number;
  testerCpuPercent: number;
  deliveredRate: number;
  workerBusy: number | null;
  serverCpuPercent: number | null;
  /** Tester CPU per bot, % of a core. */
  perBotPercent: number;
  /** Tester CPU per snapshot received (one in, one input out), microseconds. */
  perSnapshotUs: number;
}

const log = (s: string) => process.stderr.write(`${s}\n`);
const dir = mkdtempSync(join(tmpdir(), 'bench-transport-'));

/** The processes of the run in progress, ended with the bench if it is interrupted. */
const running = new Set<() => unknown>();
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    void Promise.all([...running].map((stop) => stop())).then(() => process.exit(130));
  });
}

function runCli(args: string[]): Promise<number | null> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: ROOT,
      stdio: ['ignore', 'ignore', 'inherit'],
    });
    const stop = () => child.kill('SIGKILL');
    running.add(stop);
    child.on('exit', (code) => {
      running.delete(stop);
      resolve(code);
    });
  });
}

async function measure(transport: string, clients: number): Promise<Sample | null> {
  let server: ChildServer;
  try {
    server = await startGameServer();
  } catch (err) {
    log(`  ${transport} ${clients}: ${(err as Error).message}`);
    return null;
  }
  const json = join(dir, `${transport}-${clients}.json`);
  running.add(server.stop);
  try {
    await runCli([
      server.url,
      ...['--clients', String(clients), '--tick-rate', String(tickRate), '--workers', '1', '--ramp', '200'],
      ...['--warmup', a.warmup, '--duration', String(duration), '--transport', transport],
      ...['--connect-timeout', '20000', '--json', json, '--no-progress'],
    ]);
  } finally {
    running.delete(server.stop);
    await server.stop();
  }
  let r: Report;
  try {
    r = JSON.parse(readFileSync(json, 'utf8')) as Report;
  } catch {
    log(`  ${transport} ${clients}: no report`);
    return null;
  }
  const f = r.figures;
  const cpu = f?.tester.cpuPercent ?? null;
  const rate = f?.snapshots.deliveredRate ?? null;
  if (!f || cpu === null || rate === null || f.clients.connected === 0) return null;
  const connected = f.clients.connected;
  return {
    transport,
    clients,
    connected,
    testerCpuPercent: cpu,
    deliveredRate: rate,
    workerBusy: f.tester.maxEventLoopUtilisation,
    serverCpuPercent: f.server?.cpuPercent ?? null,
    perBotPercent: cpu / connected,
    perSnapshotUs: ((cpu / 100) * 1e6) / (connected * rate),
  };
}

log(
  `node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), ${tickRate} Hz rooms of 16`,
);
const samples: Sample[] = [];
for (let rep = 0; rep < repeats; rep++) {
  for (const clients of counts) {
    const order = rep % 2 === 0 ? transports : [...transports].reverse();
    for (const t of order) {
      const s = await measure(t, clients);
      if (!s) continue;
      samples.push(s);
      log(
        `  #${rep + 1} ${clients} ${t.padEnd(9)} tester CPU ${s.testerCpuPercent.toFixed(1)}%, ` +
          `${s.perSnapshotUs.toFixed(1)} us per snapshot, delivered ${s.deliveredRate.toFixed(2)} Hz, ` +
          `worker busy ${((s.workerBusy ?? 0) * 100).toFixed(0)}%, server CPU ${s.serverCpuPercent ?? '-'}%`,
      );
    }
  }
}
rmSync(dir, { recursive: true, force: true });

const f1 = (n: number | null) => (n === null ? '-' : n.toFixed(1));
const lines = [
  '',
  '| clients | transport | runs | tester CPU % | per bot, % of a core | per snapshot, us | delivered, Hz |',
  '| ------- | --------- | ---- | ------------ | -------------------- | ---------------- | ------------- |',
];
for (const clients of counts) {
  for (const t of transports) {
    const mine = samples.filter((s) => s.clients === clients && s.transport === t);
    const m = (pick: (s: Sample) => number) => (mine.length ? median(mine.map(pick)) : null);
    lines.push(
      `| ${clients} | ${t} | ${mine.length} | ${f1(m((s) => s.testerCpuPercent))} | ${m((s) => s.perBotPercent)?.toFixed(3) ?? '-'} | ` +
        `${f1(m((s) => s.perSnapshotUs))} | ${m((s) => s.deliveredRate)?.toFixed(2) ?? '-'} |`,
    );
  }
}
process.stdout.write(`${lines.join('\n')}\n`);
if (a.json) await writeFile(a.json, `${JSON.stringify(samples, null, 2)}\n`);
process.exit(0);
