#!/usr/bin/env node
// Medians of the runs written by scripts/bench-replication.sh: node scripts/bench-replication-summary.mjs DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const dir = process.argv[2] ?? '/tmp/bench-replication';
const runs = { before: [], after: [] };
for (const f of readdirSync(dir)) {
  const m = f.match(/^(before|after)-\d+\.json$/);
  if (m) runs[m[1]].push(JSON.parse(readFileSync(join(dir, f), 'utf8')).figures);
}
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const mid = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[mid] : (s[mid - 1] + s[mid]) / 2;
};
const rows = [
  ['runs', () => 1, (_v, n) => String(n)],
  ['down per client, kB/s (TCP)', (f) => f.bytes.downPerClient / 1000, (v) => v.toFixed(2)],
  ['up per client, kB/s (TCP)', (f) => f.bytes.upPerClient / 1000, (v) => v.toFixed(2)],
  [
    'server bytes out per client, kB/s',
    (f) => f.server.bytesSentPerSec / f.clients.connected / 1000,
    (v) => v.toFixed(2),
  ],
  [
    'snapshot payload, bytes',
    (f) => f.bytes.perSnapshot ?? NaN,
    (v) => (Number.isNaN(v) ? 'n/a' : v.toFixed(1)),
  ],
  ['delivered snapshot rate', (f) => f.snapshots.deliveredRatio * 100, (v) => `${v.toFixed(1)}%`],
  ['gap p99, ms', (f) => f.gapMs.p99, (v) => v.toFixed(1)],
  ['server tick p99, ms', (f) => f.server.tickMs.p99, (v) => v.toFixed(2)],
  ['server event-loop delay p99, ms', (f) => f.server.eventLoopDelayMs.p99, (v) => v.toFixed(1)],
  ['server CPU, % of a core', (f) => f.server.cpuPercent, (v) => v.toFixed(1)],
  [
    'server CPU per 100 clients, %',
    (f) => (f.server.cpuPercent * 100) / f.clients.connected,
    (v) => v.toFixed(1),
  ],
  ['server RSS, MB', (f) => f.server.rssBytes / 1e6, (v) => v.toFixed(0)],
  ['tester CPU, %', (f) => f.tester.cpuPercent, (v) => v.toFixed(1)],
];
console.log(`| figure (median of runs) | before | after | after / before |`);
console.log(`| --- | --- | --- | --- |`);
for (const [name, get, fmt] of rows) {
  const b = median(runs.before.map(get));
  const a = median(runs.after.map(get));
  const ratio = name === 'runs' || !Number.isFinite(a / b) ? '' : (a / b).toFixed(2);
  console.log(`| ${name} | ${fmt(b, runs.before.length)} | ${fmt(a, runs.after.length)} | ${ratio} |`);
}
