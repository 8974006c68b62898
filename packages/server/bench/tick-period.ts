/**
 * The tick period of loops at several rates inside a game server that 256 bot clients are playing on.
 * Usage: node --import tsx packages/server/bench/tick-period.ts [--seconds 10] [--runs 5] [--clients 256]
 *   [--rates 30,60,128] [--modes coarse,exact] [--work-us 200]
 *
 * One process: the real server (buildApp on 127.0.0.1, a port from the OS) plus, per rate, a probe
 * FixedLoop whose tick busy-waits --work-us (about what a 16-player room's tick takes). The load tester
 * runs in a child process (`packages/loadtest`, lean bots, 1 worker) and fills rooms of 16 at 30 Hz, so
 * the probes share the event loop with the socket I/O and the ticks of those rooms (which use the
 * loop's default precision whatever the probes use). Each run measures every mode in turn, the order
 * rotating from run to run, and the table shows medians over runs; modes are named as in loop-modes.ts.
 * Percentiles are exact, from the sorted periods of one window; signed % off the nominal period.
 */
import { spawn } from 'node:child_process';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { parseArgs } from 'node:util';
import { buildApp, loadConfig } from '../src/index.js';
import { FixedLoop } from '../src/loop/fixed-loop.js';
import { modeOptions } from './loop-modes.js';
import { median, periodStats, sleep, work } from './stats.js';

const { values: args } = parseArgs({
  options: {
    seconds: { type: 'string', default: '10' },
    runs: { type: 'string', default: '5' },
    clients: { type: 'string', default: '256' },
    rates: { type: 'string', default: '30,60,128' },
    modes: { type: 'string', default: 'coarse,exact' },
    'work-us': { type: 'string', default: '200' },
    help: { type: 'boolean', default: false },
  },
});
if (args.help) {
  process.stdout.write(
    [
      'usage: pnpm --filter @tick-arena/server bench:tick-period [--seconds 10] [--runs 5] [--clients 256]',
      '         [--rates 30,60,128] [--modes coarse,exact] [--work-us 200]',
      '',
      'Tick-period percentiles (signed % off nominal) of probe loops at each rate inside a real game server',
      'while --clients load-test bots play in rooms of 16 at 30 Hz; medians over --runs; modes as in',
      'bench/loop-modes.ts (coarse, exact, exact-<ms>, spin-<early>-<spin>).',
      '',
    ].join('\n'),
  );
  process.exit(0);
}
const seconds = Number(args.seconds);
const runs = Number(args.runs);
const clients = Number(args.clients);
const rates = args.rates.split(',').map(Number);
const modes = args.modes.split(',');
const workUs = Number(args['work-us']);

const roomStarts = new Map<string, number[]>();
let recordRooms = false;
const app = await buildApp(
  loadConfig({
    LOG_LEVEL: 'error',
    CLIENT_DIR: '',
    MAX_CONNECTIONS_PER_IP: '0',
    MAX_PLAYERS: '5000',
    MAX_ROOMS: '2000',
  }),
  {
    observer: {
      tick: (code, _duration, startedAt) => {
        if (!recordRooms) return;
        const list = roomStarts.get(code) ?? [];
        list.push(startedAt);
        roomStarts.set(code, list);
      },
    },
  },
);
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

const root = fileURLToPath(new URL('../../..', import.meta.url));
const totalSeconds = runs * modes.length * (seconds + 2) + 30;
const bots =
  clients > 0 &&
  spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'packages/loadtest/src/main.ts',
      url,
      '-c',
      String(clients),
      '--ramp',
      '200',
      '-d',
      String(totalSeconds),
      '--no-metrics',
    ],
    { cwd: root, stdio: ['ignore', 'ignore', 'inherit'] },
  );
if (bots) await sleep((clients / 200) * 1000 + 4000);

type Row = { p50: number; p99: number; max: number };
const results = new Map<string, Row[]>(); // key: `${mode}|${rate}` or `${mode}|rooms`
const cpu = new Map<string, number[]>();
const delay = new Map<string, number[]>();
const eld = monitorEventLoopDelay({ resolution: 1 });
eld.enable();
const push = <T>(m: Map<string, T[]>, k: string, v: T) => m.set(k, [...(m.get(k) ?? []), v]);

console.log(
  `tick period under ${clients} clients (rooms of 16 at 30 Hz), probes at ${rates.join('/')} Hz doing ` +
    `${workUs} us per tick, ${runs} runs x ${seconds} s per mode (node ${process.version})`,
);
for (let run = 0; run < runs; run++) {
  const order = modes.map((_, i) => modes[(i + run) % modes.length] as string);
  for (const mode of order) {
    const options = modeOptions(mode);
    const starts = rates.map(() => [] as number[]);
    const loops = rates.map(
      (rate, i) =>
        new FixedLoop({
          rate,
          ...options,
          onTick: () => {
            starts[i]?.push(performance.now());
            work(workUs);
          },
        }),
    );
    for (const loop of loops) loop.start();
    await sleep(1000);
    for (const s of starts) s.length = 0;
    roomStarts.clear();
    recordRooms = true;
    eld.reset();
    const cpu0 = process.cpuUsage();
    const t0 = performance.now();
    await sleep(seconds * 1000);
    const used = process.cpuUsage(cpu0);
    const elapsed = performance.now() - t0;
    recordRooms = false;
    for (const loop of loops) loop.stop();
    push(delay, mode, eld.percentile(99) / 1e6);
    push(cpu, mode, ((used.user + used.system) / 1000 / elapsed) * 100);
    rates.forEach((rate, i) => push(results, `${mode}|${rate}`, periodStats(starts[i] ?? [], rate)));
    // Background rooms (default precision): pool the per-room percentiles by taking their median.
    const perRoom = [...roomStarts.values()].filter((s) => s.length > 2).map((s) => periodStats(s, 30));
    push(results, `${mode}|rooms`, {
      p50: median(perRoom.map((r) => r.p50)),
      p99: median(perRoom.map((r) => r.p99)),
      max: median(perRoom.map((r) => r.max)),
    });
    const line = rates.map((rate) => {
      const r = results.get(`${mode}|${rate}`)?.at(-1);
      return `${rate} Hz p99 ${r?.p99.toFixed(1)}%`;
    });
    console.log(
      `run ${run + 1} ${mode.padEnd(14)} ${line.join('  ')}  rooms p99 ${results.get(`${mode}|rooms`)?.at(-1)?.p99.toFixed(1)}%  process CPU ${cpu.get(mode)?.at(-1)?.toFixed(0)}%  loop delay p99 ${delay.get(mode)?.at(-1)?.toFixed(1)} ms`,
    );
  }
}

const f = (n: number) => `${n >= 0 ? '+' : ''}${n.toFixed(1)}%`.padStart(7);
console.log(
  `\nmedians of ${runs} runs; period off nominal (signed); CPU: whole server process, 100 = one core`,
);
console.log(
  `event-loop delay p99 (ms): ${modes.map((m) => `${m} ${median(delay.get(m) ?? []).toFixed(1)}`).join(', ')}`,
);
console.log('| mode           | loop                 | p50     | p99     | max     | process CPU |');
console.log('| -------------- | -------------------- | ------- | ------- | ------- | ----------- |');
for (const mode of modes) {
  for (const key of [...rates.map(String), ...(clients > 0 ? ['rooms'] : [])]) {
    const rows = results.get(`${mode}|${key}`) ?? [];
    const label = key === 'rooms' ? '30 Hz rooms (default)' : `${key} Hz probe`;
    console.log(
      `| ${mode.padEnd(14)} | ${label.padEnd(20)} | ${f(median(rows.map((r) => r.p50)))} | ${f(median(rows.map((r) => r.p99)))} | ${f(median(rows.map((r) => r.max)))} | ${median(
        cpu.get(mode) ?? [],
      )
        .toFixed(0)
        .padStart(10)}% |`,
    );
  }
}
if (bots) bots.kill('SIGTERM');
await app.close();
