import { availableParallelism, hostname } from 'node:os';
import { performance } from 'node:perf_hooks';
import { LoadRun } from '../coordinator/load-run.js';
import { preflight } from '../coordinator/preflight.js';
import { LoadtestError, LoadtestErrorCode } from '../errors.js';
import type { TimelinePoint } from '../report/timeline.js';
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
import { registerAgent, unregisterAgent } from './registry.js';
import { startWatchdog } from './watchdog.js';
import { identity, windowShareOf } from './window-share.js';

export interface AgentOptions {
  redisUrl: string;
  /** Shown in reports and used as its id on Redis. @default `<hostname>-<pid>` */
  name?: string;
  /** Worker threads running its bots. */
  workers: number;
  /** One line per event (waiting, run started, abandoned...). */
  log: (line: string) => void;
  /** A run whose coordinator has been silent this long is abandoned, ms. @default 5000 */
  coordinatorTimeoutMs?: number;
  /** For Redis and for checking the server of an invitation, ms. @default 10000 */
  connectTimeoutMs?: number;
}

/** The run an agent is in. */
interface Active {
  runId: string;
  /** The coordinator's `from`, for logs. */
  coordinator: string;
  /** Created once the server answered the agent's own preflight. */
  run: LoadRun | null;
  lastHeard: number;
  /** Commands run one after the other (a measure waits for the ramp before it). */
  chain: Promise<void>;
  point: TimelinePoint | null;
}

/**
 * `tick-arena-loadtest agent`: a tester that waits on Redis for a coordinator's invitation, runs its share
 * of the bots on its own worker threads (an ordinary LoadRun), and answers with its measurements. It takes
 * one run at a time. If the coordinator goes silent (no heartbeat for `coordinatorTimeoutMs`) the agent
 * stops its bots and waits for the next run, so a killed coordinator never leaves bots behind.
 */
export class TesterAgent {
  private active: Active | null = null;
  private readonly timers: NodeJS.Timeout[] = [];
  private readonly record: AgentRecord;

  private constructor(
    private readonly o: AgentOptions,
    private readonly link: RedisLink,
    id: string,
  ) {
    this.record = {
      id,
      name: id,
      host: hostname(),
      pid: process.pid,
      workers: o.workers,
      cores: availableParallelism(),
      state: 'idle',
      runId: null,
    };
  }

  /** Connect, register and wait for work. Throws LoadtestError when Redis is away or the name is taken. */
  static async start(o: AgentOptions): Promise<TesterAgent> {
    let lastComplaint = 0;
    const link = await RedisLink.connect(o.redisUrl, o.connectTimeoutMs ?? 10_000, (message) => {
      if (Date.now() - lastComplaint < 5000) return;
      lastComplaint = Date.now();
      o.log(`redis: ${message}; reconnecting`);
    });
    const id = o.name ?? `${hostname()}-${process.pid}`;
    const agent = new TesterAgent(o, link, id);
    try {
      await link.subscribe(AgentKeys.inbox(id), (m) => agent.onMessage(m));
      const holder = await registerAgent(link.client, agent.record, true);
      if (holder) {
        throw new LoadtestError(
          LoadtestErrorCode.BAD_FLAGS,
          `an agent named "${id}" is already waiting on ${redactUrl(o.redisUrl)} (pid ${holder.pid} on ${holder.host}); choose another --name`,
        );
      }
    } catch (err) {
      await link.close();
      throw err;
    }
    agent.timers.push(
      setInterval(() => void agent.heartbeat(), AgentTiming.HEARTBEAT_MS),
      startWatchdog(AgentTiming.HEARTBEAT_MS / 4, (now) => agent.watchdog(now)),
    );
    agent.o.log(`agent ${id} waiting for work on ${redactUrl(o.redisUrl)} (${o.workers} workers)`);
    return agent;
  }

  get name(): string {
    return this.record.name;
  }

  /** Leave any run, unregister, disconnect. */
  async stop(): Promise<void> {
    for (const t of this.timers) clearInterval(t);
    await this.leave('the agent is stopping', false);
    await unregisterAgent(this.link.client, this.record.id).catch(() => {});
    await this.link.close();
  }

  private send(runId: string, m: FromAgent): void {
    this.link.publish(AgentKeys.run(runId), envelope(runId, this.record.id, m)).catch(() => {
      // Redis away: the coordinator will see the heartbeats stop, which is the truth.
    });
  }

  private async heartbeat(): Promise<void> {
    const a = this.active;
    this.record.state = a ? 'busy' : 'idle';
    this.record.runId = a?.runId ?? null;
    await registerAgent(this.link.client, this.record).catch(() => {});
    if (a?.run) {
      this.send(a.runId, {
        type: 'heartbeat',
        point: a.point,
        target: a.run.dispatched,
        connected: a.run.connected,
      });
    }
  }

  private watchdog(now: number): void {
    const a = this.active;
    const timeout = this.o.coordinatorTimeoutMs ?? 5000;
    if (a && now - a.lastHeard > timeout) {
      void this.leave(`its coordinator (${a.coordinator}) was silent for ${(timeout / 1000).toFixed(1)} s`);
    }
  }

  private onMessage(raw: string): void {
    const m = parseEnvelope<ToAgent>(raw);
    if (!m) return;
    if (m.v !== AGENT_PROTOCOL_VERSION) {
      if (m.type === 'invite')
        this.decline(
          m.runId,
          `it speaks agent protocol ${AGENT_PROTOCOL_VERSION}, the coordinator ${m.v}: run the same tick-arena-loadtest version everywhere`,
        );
      return;
    }
    if (m.type === 'invite') {
      void this.accept(m as Envelope<Extract<ToAgent, { type: 'invite' }>>);
      return;
    }
    const a = this.active;
    if (!a || a.runId !== m.runId) return; // a run this agent left, or another coordinator's
    a.lastHeard = performance.now();
    switch (m.type) {
      case 'ramp':
        this.enqueue(a, async (run) => {
          await sleep(this.link.msUntil(m.startAt));
          await run.rampTo(m.clients);
          return { type: 'ramped', seq: m.seq, rooms: run.roomCount, serverErrors: run.serverErrors };
        });
        break;
      case 'measure':
        this.enqueue(a, async (run) => {
          await sleep(this.link.msUntil(m.at));
          const figures = await run.measure(m.seconds, m.label);
          const window = windowShareOf(run, figures, identity(this.record.name, 'agent'));
          return { type: 'window', seq: m.seq, window, serverErrors: run.serverErrors };
        });
        break;
      case 'end':
        void this.leave(`the run ended (${m.reason})`);
        break;
      case 'heartbeat':
        break;
    }
  }

  private decline(runId: string, reason: string): void {
    this.send(runId, { type: 'decline', agent: this.record, reason });
  }

  private async accept(m: Envelope<Extract<ToAgent, { type: 'invite' }>>): Promise<void> {
    if (this.active) {
      if (this.active.runId !== m.runId) this.decline(m.runId, `busy with run ${this.active.runId}`);
      return;
    }
    const a: Active = {
      runId: m.runId,
      coordinator: `pid ${m.coordinator.pid} on ${m.coordinator.host}`,
      run: null,
      lastHeard: performance.now(),
      chain: Promise.resolve(),
      point: null,
    };
    this.active = a;
    // The agent may sit on another network than the coordinator: check the server from here first.
    try {
      await preflight(m.run.url, m.run.connectTimeoutMs);
    } catch (err) {
      this.active = null;
      this.decline(m.runId, (err as Error).message);
      this.o.log(`declined run ${m.runId}: ${(err as Error).message}`);
      return;
    }
    if (this.active !== a) return; // ended while checking
    a.run = new LoadRun(
      { ...m.run, workers: this.o.workers, metricsUrl: null },
      { onTick: (p) => (a.point = p) },
    );
    this.record.state = 'busy';
    this.record.runId = m.runId;
    this.send(m.runId, { type: 'accept', agent: this.record });
    this.o.log(
      `run ${m.runId}: tester ${m.share.index} of ${m.share.of} for ${a.coordinator}, against ${m.run.url}`,
    );
    const run = a.run;
    this.enqueue(a, async () => {
      if (!(await run.workersReady(AgentTiming.WORKERS_BOOT_MS)))
        throw new LoadtestError(
          LoadtestErrorCode.AGENT_FAILED,
          `its worker threads did not start within ${AgentTiming.WORKERS_BOOT_MS / 1000} s`,
        );
      return { type: 'ready' };
    });
  }

  /** Queue a command of the active run; its answer is sent unless the run was left meanwhile. */
  private enqueue(a: Active, step: (run: LoadRun) => Promise<FromAgent>): void {
    a.chain = a.chain.then(async () => {
      if (this.active !== a || !a.run) return;
      try {
        const answer = await step(a.run);
        if (this.active === a) this.send(a.runId, answer);
      } catch (err) {
        if (this.active !== a) return;
        const code = err instanceof LoadtestError ? err.code : LoadtestErrorCode.AGENT_FAILED;
        this.send(a.runId, { type: 'failed', code, message: (err as Error).message });
        this.o.log(`run ${a.runId} failed here: ${(err as Error).message}`);
      }
    });
  }

  /** Stop the bots of the active run (if any) and wait for the next. */
  private async leave(why: string, announce = true): Promise<void> {
    const a = this.active;
    if (!a) return;
    this.active = null;
    this.record.state = 'idle';
    this.record.runId = null;
    await a.run?.stop();
    if (announce) {
      await registerAgent(this.link.client, this.record).catch(() => {});
      this.o.log(`left run ${a.runId}: ${why}; waiting for work`);
    }
  }
}
