// Cold start and idle memory of the server: the built JavaScript under plain node (what `pnpm start` runs)
// against the TypeScript sources through tsx (what `pnpm start` ran before, and `pnpm dev` still does).
// Alternating runs, medians. Each run starts the server on 127.0.0.1 port 0, times spawn → "listening" log
// line → first `/healthz` answer, then reads its resident memory (VmRSS) after `--idle` seconds.
//
//   node scripts/bench-cold-start.mjs [--runs 7] [--idle 3]      (run `pnpm build` first)
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { performance } from 'node:perf_hooks';
/* global fetch */

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: { runs: { type: 'string', default: '7' }, idle: { type: 'string', default: '3' } },
});
const runs = Number(values.runs);
const idleMs = Number(values.idle) * 1000;

const MODES = {
  'built JS (node)': ['--conditions=tick-arena-dist', 'packages/server/dist/src/main.js'],
  'sources (tsx)': ['--import', 'tsx', 'packages/server/src/main.ts'],
};

function once(args) {
  return new Promise((resolve, reject) => {
    const started = performance.now();
    const child = spawn(process.execPath, args, {
      cwd: root,
      env: { ...process.env, PORT: '0', HOST: '127.0.0.1', LOG_LEVEL: 'info', CLIENT_DIR: '' },
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    let seen = '';
    child.once('exit', (code) => reject(new Error(`server exited with ${code}`)));
    child.stdout.on('data', async (chunk) => {
      if (seen === null) return;
      seen += chunk.toString();
      const m = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(seen);
      if (!m) return;
      seen = null;
      const listening = performance.now() - started;
      await fetch(`${m[1]}/healthz`);
      const healthy = performance.now() - started;
      await new Promise((r) => setTimeout(r, idleMs));
      const rss = Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1]);
      child.removeAllListeners('exit');
      child.once('exit', () => resolve({ listening, healthy, rssMb: rss / 1024 }));
      child.kill('SIGTERM');
    });
  });
}

const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const results = Object.fromEntries(Object.keys(MODES).map((k) => [k, []]));
for (let i = 0; i < runs; i++) {
  for (const [name, args] of Object.entries(MODES)) {
    const r = await once(args);
    results[name].push(r);
    process.stderr.write(
      `run ${i + 1}/${runs} ${name}: healthy after ${r.healthy.toFixed(0)} ms, RSS ${r.rssMb.toFixed(1)} MB\n`,
    );
  }
}
console.log(`| server | listening (ms) | first /healthz (ms) | idle RSS (MB) |`);
console.log(`|---|---|---|---|`);
for (const [name, rs] of Object.entries(results)) {
  console.log(
    `| ${name} | ${median(rs.map((r) => r.listening)).toFixed(0)} | ${median(rs.map((r) => r.healthy)).toFixed(0)} | ${median(rs.map((r) => r.rssMb)).toFixed(1)} |`,
  );
}
console.log(`\nmedians of ${runs} alternating runs each; RSS read ${idleMs / 1000} s after start`);
