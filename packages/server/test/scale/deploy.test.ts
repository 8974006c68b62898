import { execFile, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startServer } from '../support/harness.js';
import { SITE_FILE } from './support/nginx.js';
import { startRedis, waitForLine, type RedisProcess } from './support/processes.js';

const ROOT = fileURLToPath(new URL('../../../../', import.meta.url));
const UNIT = join(ROOT, 'deploy/systemd/tick-arena@.service');
const ENV_EXAMPLE = join(ROOT, 'deploy/systemd/tick-arena.env');
const DASHBOARD = join(ROOT, 'deploy/grafana/tick-arena.json');
const PROMETHEUS = join(ROOT, 'deploy/prometheus/prometheus.yml');
/** The instance the test plays: `tick-arena@0`, port 0 (any free port). */
const INSTANCE = '0';

/** `KEY=VALUE` lines of a systemd unit's [Service] section, in order, specifiers of the test's instance. */
function unitEntries(unit: string): Array<[string, string]> {
  return unit
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l !== '' && !l.startsWith('#') && !l.startsWith('[') && l.includes('='))
    .map((l) => {
      const at = l.indexOf('=');
      const value = l
        .slice(at + 1)
        .replaceAll('%i', INSTANCE)
        .replaceAll('%H', hostname());
      return [l.slice(0, at), value];
    });
}

/** An EnvironmentFile: `KEY=VALUE` lines, `#` comments. */
function envFile(text: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const line of text.split('\n')) {
    const l = line.trim();
    if (l === '' || l.startsWith('#')) continue;
    const at = l.indexOf('=');
    out[l.slice(0, at)] = l.slice(at + 1);
  }
  return out;
}

describe('deploy/systemd: the unit', () => {
  let redis: RedisProcess;
  const unit = readFileSync(UNIT, 'utf8');
  const entries = unitEntries(unit);
  const all = (key: string) => entries.filter(([k]) => k === key).map(([, v]) => v);

  beforeAll(async () => {
    redis = await startRedis();
  });

  afterAll(async () => {
    await redis?.stop();
  });

  it('is hardened and restarts on failure', () => {
    const settings = Object.fromEntries(entries);
    expect(settings).toMatchObject({
      DynamicUser: 'yes',
      NoNewPrivileges: 'yes',
      ProtectSystem: 'strict',
      ProtectHome: 'yes',
      PrivateTmp: 'yes',
      Restart: 'on-failure',
      CapabilityBoundingSet: '',
      KillSignal: 'SIGTERM',
    });
    expect(all('EnvironmentFile')).toEqual([
      '/etc/tick-arena/tick-arena.env',
      `-/etc/tick-arena/${INSTANCE}.env`,
    ]);
  });

  it('passes `systemd-analyze verify` (with this machine’s node and this checkout)', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tick-arena-unit-'));
    try {
      // verify checks that ExecStart's program exists: point it at the node running this test.
      const local = unit
        .replace('/usr/bin/node', process.execPath)
        .replace('WorkingDirectory=/opt/tick-arena', `WorkingDirectory=${ROOT}`);
      const path = join(dir, `tick-arena@${INSTANCE}.service`);
      writeFileSync(path, local);
      const { stdout, stderr } = await promisify(execFile)('systemd-analyze', ['verify', path]);
      expect(stdout + stderr).toBe('');
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('runs the built server with plain node from its ExecStart and environment, and stops cleanly on SIGTERM', async () => {
    const [program, ...args] = (all('ExecStart')[0] ?? '').split(/\s+/);
    expect(program).toBe('/usr/bin/node');
    const main = join(ROOT, args.at(-1) ?? '');
    if (!existsSync(main)) throw new Error(`${main} is missing: build first (pnpm build, or tsc -b)`);

    // The unit's environment, in systemd's order: Environment= lines, then each EnvironmentFile. The
    // shared file is the example (HOST and REDIS_URL of a made-up network), the instance's file the test's.
    const env: Record<string, string> = {};
    for (const e of all('Environment')) Object.assign(env, envFile(e));
    Object.assign(env, envFile(readFileSync(ENV_EXAMPLE, 'utf8')));
    Object.assign(env, { HOST: '127.0.0.1', REDIS_URL: redis.url, NODE_ID: 'unit-test', CLIENT_DIR: '' });
    expect(env).toMatchObject({ PORT: '0', NODE_ENV: 'production', TRUST_PROXY: '1' });

    // Nothing of the test's own environment (no NODE_OPTIONS, no tsx), as under systemd.
    const child = spawn(process.execPath, args, { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'inherit'] });
    const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    try {
      const url = await waitForLine(child, /Server listening at (http:\/\/127\.0\.0\.1:\d+)/, 'the unit');
      const ready = await fetch(`${url}/readyz`);
      expect(ready.status).toBe(200);
      expect(await ready.json()).toMatchObject({ node: 'unit-test' });
      const cmdline = readFileSync(`/proc/${child.pid}/cmdline`, 'utf8').split('\0');
      expect(cmdline).toContain('--conditions=tick-arena-dist');
      expect(cmdline.join(' ')).not.toMatch(/tsx/);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exited).toBe(0);
  });
});

describe('deploy/grafana and deploy/prometheus', () => {
  let node: { app: FastifyInstance; url: string };

  beforeAll(async () => {
    node = await startServer();
  });

  afterAll(async () => {
    await node?.app.close();
  });

  it('builds every dashboard panel on series GET /metrics serves', async () => {
    const text = await (await fetch(`${node.url}/metrics`)).text();
    const types = new Map<string, string>();
    for (const m of text.matchAll(/^# TYPE (\S+) (\S+)$/gm)) types.set(m[1] ?? '', m[2] ?? '');
    const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as {
      panels: Array<{ title: string; targets?: Array<{ expr: string }> }>;
    };
    const exprs = dashboard.panels.flatMap((p) => (p.targets ?? []).map((t) => t.expr));
    const used = new Set<string>();
    for (const expr of exprs) {
      for (const [name] of expr.matchAll(/\b(?:tick_arena|process|nodejs)_[a-z_]+\b/g)) {
        const base = name.replace(/_(bucket|sum|count)$/, '');
        used.add(types.has(name) ? name : base);
        if (!types.has(name)) expect(types.get(base), `${name} in the dashboard`).toBe('histogram');
      }
    }
    // What the dashboard is for: tick p99 per room, players, bytes/s, dropped ticks, event-loop delay.
    for (const name of [
      'tick_arena_tick_duration_seconds',
      'tick_arena_players',
      'tick_arena_bytes_sent_total',
      'tick_arena_ticks_dropped_total',
      'tick_arena_event_loop_delay_seconds',
    ]) {
      expect(used).toContain(name);
    }
    const perRoom = (e: string) =>
      e.includes('tick_arena_tick_duration_seconds_bucket') && e.includes('room, le');
    expect(exprs.some(perRoom)).toBe(true);
  });

  it('scrapes /metrics of the very nodes the nginx site proxies to, under the job the dashboard selects', () => {
    const prometheus = readFileSync(PROMETHEUS, 'utf8');
    const upstream = /upstream tick_arena \{([^}]*)\}/.exec(readFileSync(SITE_FILE, 'utf8'))?.[1] ?? '';
    const nodes = [...upstream.matchAll(/server (\S+);/g)].map((m) => m[1]);
    const targets = [...prometheus.matchAll(/^\s+- (\d+\.\d+\.\d+\.\d+:\d+)$/gm)].map((m) => m[1]);
    expect(nodes.length).toBeGreaterThan(1);
    expect(targets).toEqual(nodes);
    expect(prometheus).toMatch(/job_name: tick-arena\n/);
    expect(prometheus).toMatch(/metrics_path: \/metrics\n/);
    expect(readFileSync(DASHBOARD, 'utf8')).toContain('job=\\"tick-arena\\"');
  });

  it('shows the nginx site in docs/self-hosting.md exactly as the tests run it', () => {
    const docs = readFileSync(join(ROOT, 'docs/self-hosting.md'), 'utf8');
    expect(docs).toContain(`\`\`\`nginx\n${readFileSync(SITE_FILE, 'utf8')}\`\`\``);
  });
});
