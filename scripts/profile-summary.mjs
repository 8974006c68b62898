#!/usr/bin/env node
// Summarise a V8 .cpuprofile (from `node --cpu-prof`) by where the time goes: self time grouped by
// package / area, and the top functions. Usage: node scripts/profile-summary.mjs file.cpuprofile [top]
import { readFileSync } from 'node:fs';

const [file, topArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: node scripts/profile-summary.mjs <file.cpuprofile> [top N functions]');
  process.exit(2);
}
const top = Number(topArg ?? 25);
const prof = JSON.parse(readFileSync(file, 'utf8'));
const byId = new Map(prof.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = prof.timeDeltas;
for (let i = 0; i < prof.samples.length; i++) {
  const id = prof.samples[i];
  self.set(id, (self.get(id) ?? 0) + (dt[i] ?? 0));
}
const total = [...self.values()].reduce((a, b) => a + b, 0);

function area(cf) {
  const url = cf.url ?? '';
  const name = cf.functionName;
  if (name === '(idle)') return 'idle';
  if (name === '(garbage collector)') return 'gc';
  if (name === '(program)') return 'program (native, unattributed)';
  if (
    name === 'writev' ||
    name === 'writeBuffer' ||
    name === 'writeUtf8String' ||
    name === 'writeLatin1String'
  )
    return 'syscalls: write';
  if (name === 'onStreamRead' || name === 'onread') return 'syscalls: read';
  const m = url.match(/node_modules\/(?:\.pnpm\/[^/]+\/node_modules\/)?((?:@[^/]+\/)?[^/]+)/);
  if (m) return `pkg ${m[1]}`;
  if (url.includes('/packages/common/'))
    return `ours: common ${url.split('/packages/common/src/')[1]?.split('/')[0] ?? ''}`;
  if (url.includes('/packages/server/'))
    return `ours: server ${url.split('/packages/server/src/')[1]?.split('/')[0] ?? ''}`;
  if (url.startsWith('node:') || url === '') return `node ${url.replace('node:', '') || name}`;
  return url;
}

const areas = new Map();
const funcs = new Map();
for (const [id, t] of self) {
  const n = byId.get(id);
  const a = area(n.callFrame);
  areas.set(a, (areas.get(a) ?? 0) + t);
  const key = `${n.callFrame.functionName || '(anon)'}  ${(n.callFrame.url ?? '').split('/').slice(-2).join('/')}:${n.callFrame.lineNumber}`;
  funcs.set(key, (funcs.get(key) ?? 0) + t);
}
const busy = total - (areas.get('idle') ?? 0);
const pct = (t) => ((100 * t) / total).toFixed(1).padStart(5);
const pctBusy = (t) => ((100 * t) / busy).toFixed(1).padStart(5);
console.log(
  `profile ${(total / 1e6).toFixed(1)} s, busy ${(busy / 1e6).toFixed(1)} s (${pct(busy)}% of wall)`,
);
console.log('\n% wall  % busy  area');
for (const [a, t] of [...areas].sort((x, y) => y[1] - x[1])) console.log(`${pct(t)}  ${pctBusy(t)}  ${a}`);
console.log(`\ntop ${top} functions by self time (% of busy)`);
for (const [f, t] of [...funcs]
  .filter(([f]) => !f.startsWith('(idle)'))
  .sort((x, y) => y[1] - x[1])
  .slice(0, top))
  console.log(`${pctBusy(t)}  ${f}`);
