import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createClient } from 'redis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AgentKeys } from '../src/agents/protocol.js';
import type { Report } from '../src/report/report.js';
import { lostReason } from '../src/stats/merge-figures.js';
import { startGameServer, type GameServerFixture } from './support/game-server.js';
import { startAgent, startCli, startRedis, type Watched } from './support/processes.js';
import { runCliProcess, type CliResult } from './support/run-cli.js';

/**
 * Distributed runs for real: a redis-server, a game server, tester agents and the coordinator each in
 * their own process (the agents and the coordinator are the CLI itself), on loopback ports of their own.
 */
let redis: { url: string; stop(): Promise<void> };
let fixture: GameServerFixture;
const agents: Watched[] = [];

beforeAll(async () => {
  [redis, fixture] = await Promise.all([startRedis(), startGameServer('loadtest-agents-')]);
});

afterAll(async () => {
  await Promise.all(agents.map((a) => a.stop()));
  await fixture?.close();
  await redis?.stop();
});

async function agent(name: string, ...extra: string[]): Promise<Watched> {
  const a = await startAgent(redis.url, name, ...extra);
  agents.push(a);
  return a;
}

/**
 * Each test starts several Node processes that compile TypeScript as they start and boot worker threads:
 * a minute or more on two cores shared with other suites.
 */
const TEST_TIMEOUT_MS = 240_000;

/** Rooms of 4 at 20 Hz: 24 bots make 6 rooms, two for each of the three testers. */
const RUN = ['--room-size', '4', '--tick-rate', '20', '--workers', '1', '--no-progress']
  // A bot that waits long for its join ack on a starved machine is slow, not refused.
  .concat(['--connect-timeout', '60000']);

async function players(): Promise<number> {
  const r = await fetch(`${fixture.url}/healthz`);
  return ((await r.json()) as { players: number }).players;
}

/** Resolves once the server has `n` players; rejects with `run`'s output if that run ends first. */
async function untilPlayers(n: number, run?: Promise<CliResult>, timeoutMs = 120_000): Promise<void> {
  let ended: CliResult | null = null;
  void run?.then((r) => (ended = r));
  const deadline = Date.now() + timeoutMs;
  while ((await players()) !== n) {
    if (ended) throw new Error(`the run ended before the server had ${n} players:\n${JSON.stringify(ended)}`);
    if (Date.now() > deadline) throw new Error(`the server never had ${n} players (now ${await players()})`);
    await new Promise((r) => setTimeout(r, 200));
  }
}

describe('tick-arena-loadtest --agents', () => {
  it(
    'splits the bots between two agents and itself and merges what they measured',
    async () => {
      const [a1] = await Promise.all([agent('a1'), agent('a2')]);
      const json = join(fixture.dir, 'agents.json');
      const run = runCliProcess(
        [
          fixture.url,
          '-c',
          '24',
          ...RUN,
          '--warmup',
          '1',
          '--duration',
          '3',
          '--agents',
          '2',
          '--redis',
          redis.url,
          '--json',
          json,
        ],
        150_000,
      );
      // The server sees every tester's bots at once.
      await untilPlayers(24, run);
      const r = await run;
      expect(r.stderr).toBe('');
      expect(r.code).toBe(0);
      expect(r.stdout).toMatch(/3 testers \(this one and 2 agents via redis:\/\/127\.0\.0\.1:\d+\)/);
      expect(r.stdout).toMatch(/^ {4}coordinator +8 of 8 bots, delivered/m);
      expect(r.stdout).toMatch(/^ {4}agent a1 +8 of 8 bots, delivered .*1 workers, CPU/m);
      expect(r.stdout).toMatch(/^ {4}agent a2 +8 of 8 bots, delivered/m);
      const rep = JSON.parse(readFileSync(json, 'utf8')) as Report;
      const f = rep.figures!;
      // Each tester ran its share: two whole rooms of four.
      expect(f.agents?.map((a) => [a.name, a.role, a.clients.target, a.clients.connected, a.lost])).toEqual([
        ['coordinator', 'coordinator', 8, 8, null],
        ['a1', 'agent', 8, 8, null],
        ['a2', 'agent', 8, 8, null],
      ]);
      // Merged counts add up, in six rooms.
      expect(f.clients).toMatchObject({
        target: 24,
        connected: 24,
        connectOk: 24,
        connectFailed: 0,
        disconnects: 0,
      });
      expect(f.clients.connectMs.count).toBe(24);
      expect(rep.config.roomsUsed).toBe(6);
      // The merged histograms hold every tester's samples, and every tester's bots received snapshots
      // (how many depends on what else the two cores are doing).
      expect(f.gapMs.count).toBe((f.agents ?? []).reduce((n, a) => n + a.gapSamples, 0));
      for (const a of f.agents ?? []) {
        expect(a.gapSamples).toBeGreaterThan(0);
        expect(a.deliveredRatio).toBeGreaterThan(0);
      }
      expect(f.snapshots.nominalRate).toBe(20);
      expect(f.tester.workers).toBe(3);
      expect(rep.agents).toMatchObject({
        lost: [],
        testers: [{ name: 'coordinator' }, { name: 'a1' }, { name: 'a2' }],
      });
      // The agents went back to waiting.
      await a1.waitFor(/left run \w+: the run ended/);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'fails at once, naming what it found, when fewer agents than --agents are waiting',
    async () => {
      const a2 = agents.find((a) => a.what.includes('--name a2'));
      await a2?.stop(); // a graceful stop takes it off the registry: only a1 waits now
      await untilPlayers(0);
      const a1 = agents.find((a) => a.what.includes('--name a1')) as Watched;
      const mark = a1.lines.length;
      const r = await runCliProcess(
        [fixture.url, '-c', '8', ...RUN, '--agents', '2', '--agents-wait', '2', '--redis', redis.url],
        60_000,
      );
      expect(r.code).toBe(2);
      expect(r.stdout).toBe('');
      expect(r.stderr).toMatch(
        /^tick-arena-loadtest: --agents 2: 1 of 2 tester agents joined within 2 s on redis:\/\/127\.0\.0\.1:\d+; 1 found; joined: a1\. Start agents with: pnpm loadtest agent --redis redis:\/\/127\.0\.0\.1:\d+\n$/,
      );
      // The one that had joined was sent back to waiting.
      await a1.waitFor(/left run \w+: the run ended \(finished\)/, mark);
      // No tester started a bot.
      expect(await players()).toBe(0);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'reports an agent killed mid-run as lost and exits 1',
    async () => {
      const a3 = await agent('a3');
      const json = join(fixture.dir, 'lost.json');
      const run = runCliProcess(
        [
          fixture.url,
          '-c',
          '24',
          ...RUN,
          '--warmup',
          '1',
          '--duration',
          '6',
          '--agents',
          '2',
          '--redis',
          redis.url,
        ].concat(['--agent-timeout', '3', '--json', json]),
        150_000,
      );
      // Once every bot is in (each tester's share joined), kill an agent without a word.
      await a3.waitFor(/run \w+: tester \d of 3/);
      await untilPlayers(24, run);
      await a3.stop('SIGKILL');
      const r = await run;
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(
        /^tick-arena-loadtest: 1 agent\(s\) lost mid-run, their bots counted as dropped: a3 \(pid \d+ on [^)]+\): no heartbeat for \d+\.\d s\n$/,
      );
      expect(r.stdout).toMatch(/agent a3 +LOST: no heartbeat/);
      expect(r.stdout).toMatch(/^! Agent a3 was lost/m);
      const rep = JSON.parse(readFileSync(json, 'utf8')) as Report;
      expect(rep.agents?.lost.map((l) => l.name)).toEqual(['a3']);
      const f = rep.figures!;
      const lost = f.agents?.find((a) => a.name === 'a3');
      expect(lost?.lost).toMatch(/no heartbeat/);
      // Its bots still count in the total, as dropped; the other testers' bots were measured.
      expect(f.clients.target).toBe(24);
      expect(f.clients.disconnectReasons[lostReason('a3')]).toBe(8);
      expect(f.clients.connected).toBe(16);
      expect(f.agents?.filter((a) => a.lost === null).map((a) => a.clients.connected)).toEqual([8, 8]);
    },
    TEST_TIMEOUT_MS,
  );

  it(
    'sends its agents back to waiting when the coordinator dies',
    async () => {
      // Only the agent of this test waits, so that it is the one invited.
      await Promise.all(agents.map((a) => a.stop()));
      const a4 = await agent('a4', '--coordinator-timeout', '2');
      const coordinator = startCli([
        fixture.url,
        '-c',
        '8',
        ...RUN,
        '--duration',
        '60',
        '--agents',
        '1',
        '--redis',
        redis.url,
      ]);
      try {
        await a4.waitFor(/run \w+: tester 1 of 2/);
        await untilPlayers(8);
      } finally {
        await coordinator.stop('SIGKILL');
      }
      await a4.waitFor(
        /left run \w+: its coordinator \(pid \d+ on .+\) was silent for 2\.0 s; waiting for work/,
      );
      // Its bots are gone (the coordinator's died with it) and it is idle on the registry again.
      await untilPlayers(0);
      const client = createClient({ url: redis.url });
      await client.connect();
      try {
        const record = JSON.parse((await client.get(AgentKeys.record('a4'))) ?? '{}') as { state?: string };
        expect(record.state).toBe('idle');
      } finally {
        await client.close();
      }
    },
    TEST_TIMEOUT_MS,
  );
});
