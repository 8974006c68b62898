import { randomUUID } from 'node:crypto';
import { performance } from 'node:perf_hooks';
import type { LoadDriver } from '../coordinator/load-driver.js';
import { LoadRun, type LoadRunHooks } from '../coordinator/load-run.js';
import type { MetricsScraper } from '../coordinator/server-scrape.js';
import { LoadtestError, LoadtestErrorCode } from '../errors.js';
import type { RunOptions } from '../options.js';
import type { Figures, TesterFigures } from '../report/figures.js';
import type { TimelinePoint } from '../report/timeline.js';
import {
  mergeWindows,
  type LostShare,
  type TesterIdentity,
  type WindowShare,
} from '../stats/merge-figures.js';
import { mergeTimelinePoints } from '../stats/merge-timeline.js';
import {
  AGENT_PROTOCOL_VERSION,
  AgentKeys,
  AgentTiming,
  envelope,
  parseEnvelope,
  type AgentRecord,
  type Envelope,
  type FromAgent,
  type ToAgent,
} from './protocol.js';
import { RedisLink, redactUrl, sleep } from './redis-link.js';
import { Recruiter } from './recruit.js';
import { listAgents } from './registry.js';
import { shareClients, shareRooms } from './share.js';
import { startWatchdog } from './watchdog.js';
import { identity, windowShareOf } from './window-share.js';

/** `--agents N --redis URL`: the tester agents of a run and how they are watched. */
export interface AgentsOptions {
  count: number;
  redisUrl: string;
  /** How long to wait for `count` agents to join, ms. @default 10000 */
  waitMs: number;
  /** An agent silent for this long (no heartbeat) is lost, ms. @default 5000 */
  lostAfterMs: number;
}

/** A distributed run as its report describes it. */
export interface DistributedSummary {
  redis: string;
  runId: string;
  testers: (TesterIdentity & { workers: number })[];
  /** Agents that stopped answering during the run, and why they count as lost. */
  lost: { name: string; host: string; pid: number; reason: string }[];
}

type Answer = Envelope<FromAgent>;

/** One agent of the run, as the coordinator knows it. */
interface Peer {
  record: AgentRecord;
  /** Its tester index (the coordinator is 0). */
  index: number;
  lastHeard: number;
  lost: string | null;
  latest: { point: TimelinePoint | null; target: number; connected: number };
  /** Bots it was last asked to have started. */
  target: number;
  rooms: number;
  serverErrors: Record<string, number>;
  tester: TesterFigures | null;
  /** Answers awaited, by `ramped:<seq>` / `window:<seq>`; resolved with null if it is lost first. */
  waits: Map<string, (m: Answer | null) => void>;
}

/** How often the registry is read while agents are being gathered, ms. */
const RECRUIT_POLL_MS = 200;

/** Longest a window's answer may take beyond the window itself before its agent counts as lost, ms. */
const WINDOW_GRACE_MS = 10_000;

/**
 * A load test spread over this process (tester 0) and N tester agents coordinated through Redis. It drives
 * them like one LoadRun: `rampTo(total)` gives each tester its share of the bots (share.ts) from a start
 * time on Redis's clock; `measure` opens every tester's window at one instant and merges what they
 * measured (histograms exactly, counts summed: merge-figures.ts), with each tester's own saturation.
 *
 * Never a hang: an agent silent for `lostAfterMs` is lost (its bots count as dropped, which fails a capacity
 * step, and the CLI exits 1); an agent that cannot go on says so and the run stops with its message.
 */
export class DistributedRun implements LoadDriver {
  readonly timeline: TimelinePoint[] = [];
  private readonly peers = new Map<string, Peer>();
  private readonly timers: NodeJS.Timeout[] = [];
  private local: LoadRun | null = null;
  private fatal: LoadtestError | null = null;
  private seq = 0;
  private readonly me = identity('coordinator', 'coordinator');
  private readonly recruiter: Recruiter;

  private constructor(
    private readonly options: RunOptions,
    private readonly agents: AgentsOptions,
    private readonly link: RedisLink,
    readonly runId: string,
    private readonly hooks: LoadRunHooks,
  ) {
    this.recruiter = new Recruiter(
      agents.count,
      (record, index) => this.invite(record, index),
      AgentTiming.INVITE_TIMEOUT_MS + options.connectTimeoutMs,
    );
  }

  /**
   * Connect to Redis, recruit `agents.count` idle agents (each checks the server from its side), then start
   * this process's own share. Throws REDIS_UNREACHABLE or AGENTS_MISSING (exit 2) without starting a bot.
   */
  static async start(
    options: RunOptions,
    agents: AgentsOptions,
    hooks: LoadRunHooks = {},
  ): Promise<DistributedRun> {
    const link = await RedisLink.connect(agents.redisUrl, options.connectTimeoutMs);
    const runId = randomUUID().slice(0, 8);
    const d = new DistributedRun(options, agents, link, runId, hooks);
    try {
      await link.subscribe(AgentKeys.run(runId), (raw) => d.onMessage(raw));
      d.timers.push(
        setInterval(() => d.heartbeat(), AgentTiming.HEARTBEAT_MS),
        startWatchdog(AgentTiming.HEARTBEAT_MS / 4, (now) => d.watchdog(now)),
      );
      await d.recruit();
    } catch (err) {
      await d.stop();
      throw err;
    }
    d.local = new LoadRun(d.shareOptions(0), { ...hooks, onTick: (p) => d.onLocalTick(p) });
    try {
      await d.allReady();
    } catch (err) {
      await d.stop();
      throw err;
    }
    return d;
  }

  /** Testers in the run: this process and its agents. */
  get testers(): number {
    return this.agents.count + 1;
  }

  get scraper(): MetricsScraper | null {
    return this.local?.scraper ?? null;
  }

  get roomCount(): number {
    let n = this.local?.roomCount ?? 0;
    for (const p of this.peers.values()) n += p.rooms;
    return n;
  }

  get serverErrors(): Record<string, number> {
    const out: Record<string, number> = { ...(this.local?.serverErrors ?? {}) };
    for (const p of this.peers.values())
      for (const [k, n] of Object.entries(p.serverErrors)) out[k] = (out[k] ?? 0) + n;
    return out;
  }

  summary(): DistributedSummary {
    const peers = [...this.peers.values()].sort((a, b) => a.index - b.index);
    return {
      redis: redactUrl(this.agents.redisUrl),
      runId: this.runId,
      testers: [
        { ...this.me, workers: this.options.workers },
        ...peers.map((p) => ({
          name: p.record.name,
          role: 'agent' as const,
          host: p.record.host,
          pid: p.record.pid,
          workers: p.record.workers,
        })),
      ],
      lost: peers
        .filter((p) => p.lost !== null)
        .map((p) => ({ name: p.record.name, host: p.record.host, pid: p.record.pid, reason: p.lost ?? '' })),
    };
  }

  /**
   * Wait until every tester's worker threads are up (an agent says `ready`), so that the shared start of
   * the first ramp is when bots really start everywhere. A lost agent stops the wait like any other.
   */
  private async allReady(): Promise<void> {
    const local = this.requireLocal();
    const answers = this.live().map((p) => this.expect(p, 'ready', null));
    const [ok] = await Promise.all([local.workersReady(AgentTiming.WORKERS_BOOT_MS), ...answers]);
    if (!ok)
      throw new LoadtestError(
        LoadtestErrorCode.AGENT_FAILED,
        `this tester's worker threads did not start within ${AgentTiming.WORKERS_BOOT_MS / 1000} s`,
      );
    this.throwIfFatal();
  }

  /** Tester `index`'s run: its rooms, its part of the ramp rate, bot names of its own. */
  private shareOptions(index: number): RunOptions {
    const o = this.options;
    return {
      ...o,
      rooms: shareRooms(o.rooms, index, this.testers),
      rampPerSecond: o.rampPerSecond / this.testers,
      namePrefix: index === 0 ? o.namePrefix : `${o.namePrefix}${index}`,
      metricsUrl: index === 0 ? o.metricsUrl : null,
    };
  }

  /** Invite idle agents until `count` joined, or throw AGENTS_MISSING naming who was found, after `waitMs`. */
  private async recruit(): Promise<void> {
    const deadline = performance.now() + this.agents.waitMs;
    while (!this.recruiter.done && performance.now() < deadline) {
      this.recruiter.step(await listAgents(this.link.client), performance.now());
      await sleep(RECRUIT_POLL_MS);
    }
    if (!this.recruiter.done)
      throw this.recruiter.shortfall(redactUrl(this.agents.redisUrl), this.agents.waitMs);
  }

  private invite(record: AgentRecord, index: number): void {
    this.send(record.id, {
      type: 'invite',
      coordinator: { host: this.me.host, pid: this.me.pid },
      share: { index, of: this.testers },
      run: this.shareOptions(index),
    });
  }

  private send(agentId: string, m: ToAgent): void {
    this.link.publish(AgentKeys.inbox(agentId), envelope(this.runId, 'coordinator', m)).catch(() => {});
  }

  /** Agents still answering, in tester order. */
  private live(): Peer[] {
    return [...this.peers.values()].filter((p) => p.lost === null).sort((a, b) => a.index - b.index);
  }

  private heartbeat(): void {
    for (const p of this.live()) this.send(p.record.id, { type: 'heartbeat' });
  }

  private watchdog(now: number): void {
    for (const p of this.live()) {
      const silent = now - p.lastHeard;
      if (silent > this.agents.lostAfterMs) this.lose(p, `no heartbeat for ${(silent / 1000).toFixed(1)} s`);
    }
  }

  private lose(p: Peer, reason: string): void {
    if (p.lost !== null) return;
    p.lost = reason;
    for (const resolve of p.waits.values()) resolve(null);
    p.waits.clear();
  }

  private onMessage(raw: string): void {
    const m = parseEnvelope<FromAgent>(raw);
    if (!m || m.runId !== this.runId) return;
    if (m.type === 'accept' || m.type === 'decline' || m.v !== AGENT_PROTOCOL_VERSION) {
      this.onAnswer(m);
      return;
    }
    const p = this.peers.get(m.from);
    if (!p || p.lost !== null) return;
    p.lastHeard = performance.now();
    switch (m.type) {
      case 'heartbeat':
        p.latest = { point: m.point, target: m.target, connected: m.connected };
        break;
      case 'ready':
        p.waits.get('ready')?.(m);
        break;
      case 'ramped':
        p.rooms = m.rooms;
        p.serverErrors = m.serverErrors;
        p.waits.get(`ramped:${m.seq}`)?.(m);
        break;
      case 'window':
        p.tester = m.window.figures.tester;
        p.serverErrors = m.serverErrors;
        p.waits.get(`window:${m.seq}`)?.(m);
        break;
      case 'failed': {
        const known = Object.values(LoadtestErrorCode).find((c) => c === m.code);
        this.fatal ??= new LoadtestError(
          known ?? LoadtestErrorCode.AGENT_FAILED,
          `agent ${p.record.name}: ${m.message}`,
        );
        for (const q of this.peers.values()) {
          for (const resolve of q.waits.values()) resolve(null);
          q.waits.clear();
        }
        break;
      }
    }
  }

  /** An agent's answer to its invitation. */
  private onAnswer(m: Answer): void {
    const record = m.type === 'accept' || m.type === 'decline' ? m.agent : null;
    if (!record || record.id !== m.from) return;
    const ok = m.type === 'accept' && m.v === AGENT_PROTOCOL_VERSION;
    const reason =
      m.v !== AGENT_PROTOCOL_VERSION
        ? `speaks agent protocol ${m.v}, this coordinator ${AGENT_PROTOCOL_VERSION}`
        : m.type === 'decline'
          ? m.reason
          : '';
    const index = this.recruiter.answer(record, ok, reason);
    if (index === null) {
      // Too late (its invitation was given up) or not needed: send it back to waiting.
      if (ok) this.send(record.id, { type: 'end', reason: 'not needed' });
      return;
    }
    this.peers.set(record.id, {
      record,
      index,
      lastHeard: performance.now(),
      lost: null,
      latest: { point: null, target: 0, connected: 0 },
      target: 0,
      rooms: 0,
      serverErrors: {},
      tester: null,
      waits: new Map(),
    });
  }

  /** The answer `key` of `p`, or null if it is lost first (or does not answer within `timeoutMs`). */
  private expect(p: Peer, key: string, timeoutMs: number | null): Promise<Answer | null> {
    return new Promise((resolve) => {
      let timer: NodeJS.Timeout | undefined;
      const done = (m: Answer | null) => {
        clearTimeout(timer);
        p.waits.delete(key);
        resolve(m);
      };
      p.waits.set(key, done);
      if (timeoutMs !== null)
        timer = setTimeout(
          () => this.lose(p, `did not answer ${key.split(':')[0]} within ${timeoutMs / 1000} s`),
          timeoutMs,
        );
    });
  }

  private onLocalTick(own: TimelinePoint): void {
    const fresh = performance.now() - AgentTiming.HEARTBEAT_MS * 2;
    const others = this.live()
      .filter((p) => p.latest.point !== null && p.lastHeard >= fresh)
      .map((p) => p.latest.point as TimelinePoint);
    const point = mergeTimelinePoints(own, others);
    this.timeline.push(point);
    this.hooks.onTick?.(point);
  }

  private throwIfFatal(): void {
    if (this.fatal) throw this.fatal;
  }

  async rampTo(total: number): Promise<void> {
    const local = this.requireLocal();
    this.throwIfFatal();
    const seq = ++this.seq;
    const startAt = this.link.redisNow() + AgentTiming.START_LEAD_MS;
    const answers = this.live().map((p) => {
      const answer = this.expect(p, `ramped:${seq}`, null);
      const clients = shareClients(this.options.rooms, p.index, this.testers, total);
      p.target = clients;
      this.send(p.record.id, { type: 'ramp', seq, clients, startAt });
      return answer;
    });
    await sleep(this.link.msUntil(startAt));
    await local.rampTo(shareClients(this.options.rooms, 0, this.testers, total));
    await Promise.all(answers);
    this.throwIfFatal();
  }

  async measure(seconds: number, label = 'measured'): Promise<Figures> {
    const local = this.requireLocal();
    this.throwIfFatal();
    const seq = ++this.seq;
    const at = this.link.redisNow() + AgentTiming.START_LEAD_MS;
    const answers = this.live().map((p) => {
      const answer = this.expect(
        p,
        `window:${seq}`,
        seconds * 1000 + AgentTiming.START_LEAD_MS + WINDOW_GRACE_MS,
      );
      this.send(p.record.id, { type: 'measure', seq, at, seconds, label });
      return answer;
    });
    await sleep(this.link.msUntil(at));
    const own = await local.measure(seconds, label);
    const shares: WindowShare[] = [windowShareOf(local, own, this.me)];
    for (const a of await Promise.all(answers)) if (a?.type === 'window') shares.push(a.window);
    this.throwIfFatal();
    const lost: LostShare[] = [...this.peers.values()]
      .filter((p) => p.lost !== null)
      .map((p) => ({
        who: { name: p.record.name, role: 'agent', host: p.record.host, pid: p.record.pid },
        target: p.target,
        reason: p.lost ?? '',
        tester: p.tester,
      }));
    return mergeWindows(shares, lost, own.server, own.windowSeconds);
  }

  private requireLocal(): LoadRun {
    if (!this.local) throw new Error('DistributedRun used before it started');
    return this.local;
  }

  /** End the run on every agent still there, stop this process's bots, leave Redis. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    // Lost agents too: one that was only cut off for a while must not keep its bots running.
    const ends = [...this.peers.keys(), ...this.recruiter.invited];
    await Promise.all(
      ends.map((id) =>
        this.link
          .publish(
            AgentKeys.inbox(id),
            envelope(this.runId, 'coordinator', { type: 'end', reason: 'finished' }),
          )
          .catch(() => {}),
      ),
    );
    await this.local?.stop();
    await this.link.unsubscribe(AgentKeys.run(this.runId)).catch(() => {});
    await this.link.close();
  }
}
