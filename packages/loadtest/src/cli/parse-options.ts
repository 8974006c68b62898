import { Limits, NetsimBounds, ROOM_CODE_PATTERN, type NetsimSettings } from '@tick-arena/common';
import type { AgentsOptions } from '../agents/distributed-run.js';
import { BotTransport } from '../bot/bot-connection.js';
import { LoadtestError, LoadtestErrorCode } from '../errors.js';
import type { CapacityOptions, RoomSource, RunOptions } from '../options.js';
import { parseThresholds, type Threshold } from '../stats/thresholds.js';
import type { RawFlags } from './program.js';

/** What the CLI does besides the run itself. */
export interface CliPlan {
  run: RunOptions;
  capacity: CapacityOptions | null;
  thresholds: Threshold[] | null;
  jsonFile: string | null;
  htmlFile: string | null;
  progress: boolean;
  /** Share of the bots that may fail to connect and join before the run fails (exit 1). @default 0 */
  allowConnectFailures: number;
  /** `--sweep-tick-rates`: run once per rate. */
  sweepTickRates: number[] | null;
  /** `--scenario`: the file to load (read and validated before the run starts). */
  scenarioFile: string | null;
  /** `--compare-to`: an earlier report for the HTML report to compare with. */
  compareTo: string | null;
  /** `--agents N --redis URL`, or null for a single-tester run. */
  agents: AgentsOptions | null;
}

const bad = (message: string) => new LoadtestError(LoadtestErrorCode.BAD_FLAGS, message);

function int(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isInteger(n) || n < min || n > max)
    throw bad(`${flag} must be a whole number from ${min} to ${max} (got "${raw}")`);
  return n;
}

function real(flag: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (raw.trim() === '' || !Number.isFinite(n) || n < min || n > max)
    throw bad(`${flag} must be a number from ${min} to ${max} (got "${raw}")`);
  return n;
}

/** http(s) base URL; ws(s):// is accepted and mapped, since people paste socket URLs. */
function baseUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw.replace(/^ws(s?):\/\//, 'http$1://'));
  } catch {
    throw bad(`"${raw}" is not a URL (expected e.g. http://127.0.0.1:3000)`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:')
    throw bad(`"${raw}": only http(s) and ws(s) URLs are supported`);
  return u.origin;
}

/** Turn commander's strings into validated options. Throws BAD_FLAGS (exit 2) naming the flag. */
export function planFromFlags(url: string, f: RawFlags): CliPlan {
  const base = baseUrl(url);
  const capacityMode = f.findCapacity === true;
  const sweepTickRates = f.sweepTickRates === undefined ? null : tickRates(f.sweepTickRates);
  if (sweepTickRates) {
    if (f.join !== undefined)
      throw bad('--sweep-tick-rates creates its own rooms; it cannot be combined with --join');
    if (f.assert !== undefined)
      throw bad(
        '--assert applies to one set of figures; a sweep has one per rate (use compare --fail-on-regression)',
      );
  }
  if (f.scenario !== undefined) {
    const other = capacityMode
      ? '--find-capacity'
      : sweepTickRates
        ? '--sweep-tick-rates'
        : f.join !== undefined
          ? '--join'
          : null;
    if (other) throw bad(`--scenario plays its own phases and rooms; it cannot be combined with ${other}`);
  }
  if (f.compareTo !== undefined && f.html === undefined)
    throw bad('--compare-to needs --html (the comparison is drawn in the HTML report)');
  let rooms: RoomSource;
  const clients = int('--clients', f.clients, 1, 100_000);
  if (f.join !== undefined) {
    if (capacityMode) throw bad('--find-capacity creates its own rooms; it cannot be combined with --join');
    const codes = f.join
      .split(',')
      .map((c) => c.trim().toUpperCase())
      .filter((c) => c !== '');
    const pattern = new RegExp(ROOM_CODE_PATTERN);
    const wrong = codes.find((c) => !pattern.test(c));
    if (codes.length === 0 || wrong !== undefined)
      throw bad(
        `--join: "${wrong ?? f.join}" is not a room code (${Limits.ROOM_CODE_LENGTH} letters and digits)`,
      );
    rooms = { kind: 'join', codes };
  } else {
    const roomSize = int('--room-size', f.roomSize, Limits.MIN_PLAYERS, Limits.MAX_PLAYERS);
    const count = f.rooms === undefined ? undefined : int('--rooms', f.rooms, 1, 100_000);
    if (count !== undefined && !capacityMode && count * roomSize < clients) {
      throw bad(`--clients ${clients} do not fit in --rooms ${count} of --room-size ${roomSize}`);
    }
    rooms = {
      kind: 'create',
      rooms: capacityMode ? undefined : count,
      roomSize,
      tickRate: int('--tick-rate', f.tickRate, Limits.MIN_TICK_RATE, Limits.MAX_TICK_RATE),
      snapshotEvery:
        f.snapshotEvery === undefined ? undefined : int('--snapshot-every', f.snapshotEvery, 1, 8),
    };
  }
  const run: RunOptions = {
    url: base,
    clients,
    rooms,
    rampPerSecond: real('--ramp', f.ramp, 0.1, 100_000),
    warmupSeconds: real('--warmup', f.warmup, 0, 3600),
    durationSeconds: real('--duration', f.duration, 1, 86_400),
    workers: int('--workers', f.workers, 1, 256),
    metricsUrl:
      f.metrics === false ? null : f.metricsUrl !== undefined ? metricsUrl(f.metricsUrl) : `${base}/metrics`,
    connectTimeoutMs: int('--connect-timeout', f.connectTimeout, 100, 600_000),
    insecure: f.insecure === true,
    namePrefix: f.namePrefix.trim() || 'lt',
    maxTesterLagMs: real('--max-tester-lag', f.maxTesterLag, 0.1, 10_000),
    maxTesterUtilisation: real('--max-tester-busy', f.maxTesterBusy, 0.05, 1),
    transport: transport(f.transport),
    netsim: netsim(f),
  };
  let capacity: CapacityOptions | null = null;
  if (capacityMode) {
    const step = int('--step', f.step, 1, 100_000);
    capacity = {
      step,
      start: f.start === undefined ? step : int('--start', f.start, 1, 1_000_000),
      max: int('--max-clients', f.maxClients, 1, 1_000_000),
      repeats: int('--step-repeats', f.stepRepeats, 1, 100),
      windowSeconds: real('--step-duration', f.stepDuration, 1, 3600),
      settleSeconds: real('--settle', f.settle, 0, 3600),
      minDeliveredRatio: real('--min-delivered', f.minDelivered, 0, 1),
      maxTickBudgetFraction: real('--max-tick-budget', f.maxTickBudget, 0.01, 10),
    };
    if (capacity.start > capacity.max)
      throw bad(`--start ${capacity.start} is above --max-clients ${capacity.max}`);
  }
  return {
    run,
    capacity,
    thresholds: f.assert === undefined ? null : parseThresholds(f.assert),
    jsonFile: f.json ?? null,
    htmlFile: f.html ?? null,
    progress: f.progress,
    allowConnectFailures: real('--allow-connect-failures', f.allowConnectFailures, 0, 1),
    sweepTickRates,
    scenarioFile: f.scenario ?? null,
    compareTo: f.compareTo ?? null,
    agents: agents(f),
  };
}

/** `20,30,60,128`: distinct tick rates a room may have, in the order given. */
export function tickRates(raw: string): number[] {
  const parts = raw
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  const rates = parts.map((p) => int('--sweep-tick-rates', p, Limits.MIN_TICK_RATE, Limits.MAX_TICK_RATE));
  if (rates.length === 0) throw bad('--sweep-tick-rates needs at least one tick rate, e.g. 20,30,60,128');
  const twice = rates.find((r, i) => rates.indexOf(r) !== i);
  if (twice !== undefined) throw bad(`--sweep-tick-rates lists ${twice} Hz twice`);
  return rates;
}

/** `--agents N --redis URL [--agents-wait s] [--agent-timeout s]`, or null without --agents. */
export function agents(
  f: Pick<RawFlags, 'agents' | 'redis' | 'agentsWait' | 'agentTimeout'>,
): AgentsOptions | null {
  if (f.agents === undefined) {
    if (f.redis !== undefined) throw bad('--redis is for --agents: give both, or neither');
    return null;
  }
  if (f.redis === undefined) throw bad('--agents needs --redis URL: the Redis the agents wait on');
  return {
    count: int('--agents', f.agents, 1, 256),
    redisUrl: redisUrl(f.redis),
    waitMs: real('--agents-wait', f.agentsWait, 0.5, 3600) * 1000,
    lostAfterMs: real('--agent-timeout', f.agentTimeout, 1, 600) * 1000,
  };
}

/** A redis:// or rediss:// URL. */
export function redisUrl(raw: string): string {
  let u: URL;
  try {
    u = new URL(raw);
  } catch {
    throw bad(`--redis: "${raw}" is not a URL (expected e.g. redis://127.0.0.1:6379)`);
  }
  if (u.protocol !== 'redis:' && u.protocol !== 'rediss:')
    throw bad(`--redis: "${raw}" is not a redis:// or rediss:// URL`);
  return raw;
}

/**
 * The simulated network of `--latency` (round trip, ms), `--jitter` (ms), `--loss` (% of state ticks) and
 * `--bandwidth` (KB/s per direction), or null when none is given. Any one of them turns the simulator on;
 * the others default to 0 (no cap for the bandwidth). The bounds are those of the browser's `?netsim=`.
 */
export function netsim(
  f: Pick<RawFlags, 'latency' | 'jitter' | 'loss' | 'bandwidth'>,
): NetsimSettings | null {
  if (f.latency === undefined && f.jitter === undefined && f.loss === undefined && f.bandwidth === undefined)
    return null;
  const B = NetsimBounds;
  return {
    rttMs: f.latency === undefined ? 0 : real('--latency', f.latency, 0, B.MAX_RTT_MS),
    jitterMs: f.jitter === undefined ? 0 : real('--jitter', f.jitter, 0, B.MAX_JITTER_MS),
    lossPercent: f.loss === undefined ? 0 : real('--loss', f.loss, 0, B.MAX_LOSS_PERCENT),
    bandwidthKBps:
      f.bandwidth === undefined
        ? undefined
        : real('--bandwidth', f.bandwidth, B.MIN_BANDWIDTH_KBPS, B.MAX_BANDWIDTH_KBPS),
  };
}

/** `lean` or `socket.io`. */
export function transport(raw: string): BotTransport {
  const known = Object.values(BotTransport);
  const t = known.find((k) => k === raw);
  if (t === undefined) throw bad(`--transport must be one of ${known.join(', ')} (got "${raw}")`);
  return t;
}

function metricsUrl(raw: string): string {
  try {
    return new URL(raw).toString();
  } catch {
    throw bad(`--metrics-url: "${raw}" is not a URL`);
  }
}
