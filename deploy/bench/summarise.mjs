// Summarises deploy/bench/cluster-bench.sh: one line per run, then the median of the rounds per client
// count and node count. Several OUT directories (sessions of the same bench) are pooled: their rounds are
// numbered on. Usage: node deploy/bench/summarise.mjs <OUT directory> [<OUT directory>...]
import { readFileSync, readdirSync } from 'node:fs';

const dirs = process.argv.slice(2);
if (dirs.length === 0) {
  console.error(
    'usage: node deploy/bench/summarise.mjs <directory written by cluster-bench.sh> [<directory>...]',
  );
  process.exit(2);
}

/** Redis's total_commands_processed, sampled every 0.5 s by the bench, of one OUT directory. */
function redisSamples(dir) {
  return readFileSync(`${dir}/redis-samples.txt`, 'utf8')
    .trim()
    .split('\n')
    .map((line) => line.split(' ').map(Number))
    .filter((s) => s.length === 2 && Number.isFinite(s[1]));
}

/** Redis commands per second between two instants, without the sampler's own INFO calls. */
function redisRate(samples, from, to) {
  const inside = samples.filter(([t]) => t >= from && t <= to);
  if (inside.length < 2) return NaN;
  const [t0, c0] = inside[0];
  const [t1, c1] = inside[inside.length - 1];
  return (c1 - c0 - (inside.length - 1)) / ((t1 - t0) / 1000);
}

/** The instants when a tester's measured window was open with all its clients in a room. */
function steadySpan(report) {
  const start = Date.parse(report.startedAt);
  const points = report.timeline.filter(
    (p) => p.window !== null && p.clients === p.target && p.target === report.config.clients,
  );
  if (points.length === 0) return [NaN, NaN];
  return [start + points[0].t * 1000, start + points[points.length - 1].t * 1000];
}

const median = (xs) => {
  const s = xs.filter(Number.isFinite).sort((a, b) => a - b);
  const mid = Math.floor(s.length / 2);
  if (s.length === 0) return NaN;
  return s.length % 2 === 1 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const fmt = (x, digits = 1) => (Number.isFinite(x) ? x.toFixed(digits) : '-');

const rows = [];
let roundsBefore = 0;
for (const dir of dirs) {
  const samples = redisSamples(dir);
  let lastRound = 0;
  for (const line of readFileSync(`${dir}/runs.txt`, 'utf8').trim().split('\n')) {
    const [clients, nodes, dirRound, load] = line.split(' ').map(Number);
    const round = roundsBefore + dirRound;
    lastRound = Math.max(lastRound, dirRound);
    const reports = readdirSync(dir)
      .filter((f) => f.startsWith(`n${clients}-nodes${nodes}-r${dirRound}-`) && f.endsWith('.json'))
      .map((f) => JSON.parse(readFileSync(`${dir}/${f}`, 'utf8')));
    const figures = reports.map((r) => r.figures).filter(Boolean);
    const spans = reports.map(steadySpan);
    const from = Math.max(...spans.map((s) => s[0]));
    const to = Math.min(...spans.map((s) => s[1]));
    const connected = figures.reduce((a, f) => a + f.clients.connected, 0);
    const max = (get) => Math.max(...figures.map((f) => get(f)).filter(Number.isFinite));
    const sum = (get) => figures.reduce((a, f) => a + (get(f) ?? NaN), 0);
    const redis = redisRate(samples, from, to);
    rows.push({
      clients,
      nodes,
      round,
      load,
      connected,
      delivered:
        (100 * figures.reduce((a, f) => a + (f.snapshots.deliveredRatio ?? 0) * f.clients.connected, 0)) /
        connected,
      tickP99: max((f) => f.server?.tickMs.p99),
      loopP99: max((f) => f.server?.eventLoopDelayMs.p99),
      serverCpu: sum((f) => f.server?.cpuPercent),
      testerCpu: sum((f) => f.tester.cpuPercent),
      machine: max((f) => f.tester.machineCpuPercent),
      redis,
      redisPerPlayer: redis / connected,
    });
  }
  roundsBefore += lastRound;
}

const columns = [
  ['clients', 0],
  ['nodes', 0],
  ['round', 0],
  ['load', 2],
  ['connected', 0],
  ['delivered', 1],
  ['tickP99', 2],
  ['loopP99', 1],
  ['serverCpu', 0],
  ['testerCpu', 0],
  ['machine', 0],
  ['redis', 1],
  ['redisPerPlayer', 3],
];
console.log(columns.map(([c]) => c).join('\t'));
for (const r of rows) console.log(columns.map(([c, d]) => fmt(r[c], d)).join('\t'));
console.log('\nmedians of the rounds');
console.log(
  columns
    .filter(([c]) => c !== 'round')
    .map(([c]) => c)
    .join('\t'),
);
for (const key of [...new Set(rows.map((r) => `${r.clients} ${r.nodes}`))]) {
  const group = rows.filter((r) => `${r.clients} ${r.nodes}` === key);
  console.log(
    columns
      .filter(([c]) => c !== 'round')
      .map(([c, d]) => fmt(median(group.map((r) => r[c])), d))
      .join('\t'),
  );
}
