/**
 * What the way of waiting costs: process CPU of N idle rooms' loops at each rate, per mode.
 * Usage: node --import tsx packages/server/bench/loop-cpu.ts [--rooms 1,16,64] [--rates 30,60,128]
 *   [--modes coarse,exact] [--seconds 5] [--runs 5] [--work-us 20]
 *
 * No server and no sockets: only the loops, each tick busy-waiting --work-us (an idle room's tick), so
 * the figure is the loop's own overhead where it is largest (a busy process polls for free: its event
 * loop turns anyway). Rooms start 5 ms apart, so their due times are spread over the period as real
 * rooms' are. Each run measures every mode in turn (order rotating), 1 s warm-up then --seconds of
 * process.cpuUsage(); the table shows medians over runs, in % of one core (the process at rest, with no
 * loop, is measured the same way and shown as the baseline).
 */
import { parseArgs } from 'node:util';
import { FixedLoop } from '../src/loop/fixed-loop.js';
import { modeOptions } from './loop-modes.js';
import { median, sleep, work } from './stats.js';

const { values: args } = parseArgs({
  options: {
    rooms: { type: 'string', default: '1,16,64' },
    rates: { type: 'string', default: '30,60,128' },
    modes: { type: 'string', default: 'coarse,exact' },
    seconds: { type: 'string', default: '5' },
    runs: { type: 'string', default: '5' },
    'work-us': { type: 'string', default: '20' },
  },
});
const roomCounts = args.rooms.split(',').map(Number);
const rates = args.rates.split(',').map(Number);
const modes = ['none', ...args.modes.split(',')];
const seconds = Number(args.seconds);
const runs = Number(args.runs);
const workUs = Number(args['work-us']);

async function measure(mode: string, rooms: number, rate: number): Promise<number> {
  const loops: FixedLoop[] = [];
  if (mode !== 'none') {
    const options = modeOptions(mode);
    for (let i = 0; i < rooms; i++) {
      const loop = new FixedLoop({ rate, ...options, onTick: () => work(workUs) });
      loops.push(loop);
      loop.start();
      await sleep(5);
    }
  }
  await sleep(1000);
  const cpu0 = process.cpuUsage();
  const t0 = performance.now();
  await sleep(seconds * 1000);
  const used = process.cpuUsage(cpu0);
  const elapsed = performance.now() - t0;
  for (const loop of loops) loop.stop();
  return ((used.user + used.system) / 1000 / elapsed) * 100;
}

console.log(`process CPU (% of a core) with N idle rooms, ${workUs} us per tick, medians of ${runs} runs`);
const header = modes.map((m) => m.padStart(12)).join(' |');
console.log(`| rooms | rate   |${header} |`);
console.log(`| ----- | ------ |${modes.map(() => ' -----------').join(' |')} |`);
for (const rooms of roomCounts) {
  for (const rate of rates) {
    const got = new Map<string, number[]>();
    for (let run = 0; run < runs; run++) {
      for (let i = 0; i < modes.length; i++) {
        const mode = modes[(i + run) % modes.length] as string;
        got.set(mode, [...(got.get(mode) ?? []), await measure(mode, rooms, rate)]);
      }
    }
    const cells = modes
      .map((m) =>
        median(got.get(m) ?? [])
          .toFixed(1)
          .padStart(12),
      )
      .join(' |');
    console.log(`| ${String(rooms).padStart(5)} | ${`${rate} Hz`.padStart(6)} |${cells} |`);
  }
}
