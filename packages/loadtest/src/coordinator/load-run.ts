import { performance } from 'node:perf_hooks';
import { ErrorCode, Limits } from '@tick-arena/common';
import { LoadtestError, LoadtestErrorCode } from '../errors.js';
import type { RunOptions } from '../options.js';
import type { Figures } from '../report/figures.js';
import type { TimelinePoint } from '../report/timeline.js';
import {
  createHistogram,
  decodeHistogram,
  mergeInto,
  recordMs,
  summarize,
  type Histogram,
} from '../stats/hdr.js';
import type { BotEvent, BotSpec, FromWorker } from '../worker/protocol.js';
import type { RoomPlanning } from './room-planning.js';
import { ratesBetween, type ClientRates, type WorkerCounters } from './client-rates.js';
import { cpuBetween, readCpu, type CpuReading } from './cpu-meter.js';
import { RoomPlanner } from './room-planner.js';
import { MetricsScraper, serverFigures, type ServerScrape } from './server-scrape.js';
import { emptyHealth, testerFigures, worsen, type HealthMax } from './tester-verdict.js';
import { WorkerPool } from './worker-pool.js';

/** `left`: withdrawn by the coordinator (a scenario's drain), not a failure. */
type BotStatus = 'queued' | 'connecting' | 'joined' | 'failed' | 'gone' | 'left';

interface BotEntry {
  roomIndex: number;
  worker: number;
  status: BotStatus;
  creator: boolean;
}

export interface Histograms {
  gap: Histogram;
  age: Histogram;
  ack: Histogram;
}

const newHistograms = (): Histograms => ({
  gap: createHistogram(),
  age: createHistogram(),
  ack: createHistogram(),
});

interface OpenWindow {
  label: string;
  counters: Map<number, WorkerCounters>;
  hist: Histograms;
  health: HealthMax;
  cpu: CpuReading;
  scrapes: ServerScrape[];
  resume: Histogram;
  resumedBefore: number;
  resumeFailedBefore: number;
}

/** Knobs for tests and the benchmark; the CLI keeps the defaults. */
export interface LoadRunHooks {
  /** Called once a second with the newest timeline point. */
  onTick?: (point: TimelinePoint) => void;
  /** How often workers report. @default 1000 */
  reportIntervalMs?: number;
  /** Room plan instead of the one `options.rooms` describes (a scenario's room mix). */
  planner?: RoomPlanning;
  /** Per-bot settings (a scenario's behaviour mix). @default every bot a fighter */
  botSpec?: (id: number) => Pick<BotSpec, 'behaviour' | 'reconnectEveryMs'>;
  /** `performance.now()` the timeline counts from, so several runs (a sweep) share one time axis. */
  startedAt?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const FATAL_JOIN_CODES = new Set<string>([ErrorCode.ROOM_FULL, ErrorCode.ROOM_NOT_FOUND]);
/**
 * How long worker threads may take to load their modules before the ramp's stall clock starts anyway
 * (seconds on a busy machine: each worker compiles and imports the bots' code before it can connect one).
 */
const WORKER_START_BUDGET_MS = 60_000;

/**
 * One load test in progress: worker threads, the bots on them, and everything measured. `rampTo` adds
 * bots at the ramp rate, `measure` returns the figures of one window; the timeline runs the whole time.
 * A one-shot run and the capacity search are both sequences of these two calls.
 */
export class LoadRun {
  readonly timeline: TimelinePoint[] = [];
  readonly connectHistogram = createHistogram();
  connectOk = 0;
  connectFailed = 0;
  readonly connectFailures: Record<string, number> = {};
  readonly disconnectReasons: Record<string, number> = {};
  readonly serverErrors: Record<string, number> = {};
  /** Reconnecting bots that got their seat back, and those that did not. */
  resumed = 0;
  resumeFailed = 0;
  /** Set once any scrape of `/metrics` succeeded or failed. */
  readonly scraper: MetricsScraper | null;
  /** The raw material of the last window's figures, for merging with other testers' (`--agents`). */
  lastWindow: { hist: Histograms; rates: ClientRates } | null = null;

  private readonly pool: WorkerPool;
  private readonly planner: RoomPlanning;
  private readonly bots: BotEntry[] = [];
  private queue: number[] = [];
  private inflight = 0;
  private fatal: LoadtestError | null = null;
  private readonly latest = new Map<number, WorkerCounters>();
  private timelinePrev = new Map<number, WorkerCounters>();
  private timelineHist = newHistograms();
  private timelineHealth = emptyHealth();
  private window: OpenWindow | null = null;
  private cpuPrev = readCpu();
  private lastScrape: ServerScrape | null = null;
  private scraping = false;
  private readonly startedAt: number;
  private readonly timer: NodeJS.Timeout;
  private workerError: Error | null = null;
  private nextToken = 1;
  private readonly awaiting = new Map<number, { left: Set<number>; done: () => void }>();

  constructor(
    readonly options: RunOptions,
    private readonly hooks: LoadRunHooks = {},
  ) {
    this.planner = hooks.planner ?? new RoomPlanner(options.rooms, options.workers);
    this.startedAt = hooks.startedAt ?? performance.now();
    this.scraper = options.metricsUrl
      ? new MetricsScraper(options.metricsUrl, undefined, options.insecure === true)
      : null;
    this.pool = new WorkerPool(
      options.workers,
      hooks.reportIntervalMs ?? 1000,
      options.transport,
      options.netsim ?? null,
      (m) => this.onWorkerMessage(m),
      (err) => {
        this.workerError = err;
      },
    );
    this.timer = setInterval(() => void this.onTimelineTick(), 1000);
  }

  /** Bots currently in a room. */
  get connected(): number {
    let n = 0;
    for (const b of this.bots) if (b.status === 'joined') n += 1;
    return n;
  }

  /** Bots dispatched so far and not withdrawn. */
  get dispatched(): number {
    let n = 0;
    for (const b of this.bots) if (b.status !== 'queued' && b.status !== 'left') n += 1;
    return n;
  }

  /** Bots queued, connecting or in a room: what `setActive` counts. */
  get active(): number {
    let n = 0;
    for (const b of this.bots)
      if (b.status === 'queued' || b.status === 'connecting' || b.status === 'joined') n += 1;
    return n;
  }

  /**
   * Bring the number of active bots to `target`: add bots at `perSecond` (waiting as `rampTo` does), or
   * withdraw the newest ones at once (they leave their rooms politely, giving their seats up).
   */
  async setActive(target: number, perSecond = this.options.rampPerSecond): Promise<void> {
    const active = this.active;
    if (target > active) {
      await this.rampTo(this.bots.length + target - active, perSecond);
      return;
    }
    const byWorker = new Map<number, number[]>();
    let excess = active - target;
    for (let id = this.bots.length - 1; id >= 0 && excess > 0; id--) {
      const bot = this.bots[id];
      if (!bot || (bot.status !== 'queued' && bot.status !== 'connecting' && bot.status !== 'joined'))
        continue;
      if (bot.status === 'connecting') this.inflight -= 1;
      if (bot.status !== 'queued') byWorker.set(bot.worker, [...(byWorker.get(bot.worker) ?? []), id]);
      bot.status = 'left';
      this.planner.left?.(bot.roomIndex);
      excess -= 1;
    }
    this.queue = this.queue.filter((id) => this.bots[id]?.status === 'queued');
    for (const [worker, ids] of byWorker) this.pool.stop(worker, ids);
  }

  get roomCount(): number {
    return this.planner.roomCount;
  }

  /**
   * Add bots until `target` have been started, at the ramp rate, and wait until each is in a room or has
   * failed. Throws a LoadtestError when joining a given room is refused for good (full, not found).
   */
  async rampTo(target: number, perSecond = this.options.rampPerSecond): Promise<void> {
    for (let id = this.bots.length; id < target; id++) {
      const roomIndex = this.planner.roomIndexOf(id);
      this.bots.push({
        roomIndex,
        worker: this.planner.workerOf(roomIndex),
        status: 'queued',
        creator: false,
      });
      this.queue.push(id);
    }
    let budget = 1;
    let last = performance.now();
    let lastProgress = last;
    let lastPending = Infinity;
    while (this.queue.length > 0 || this.inflight > 0) {
      if (this.fatal) throw this.fatal;
      if (this.workerError) throw this.workerError;
      const now = performance.now();
      // At most one second's worth at once, so a stalled loop does not release a thundering herd.
      budget = Math.min(budget + ((now - last) / 1000) * perSecond, Math.max(1, perSecond));
      last = now;
      const sent = this.dispatch(Math.floor(budget));
      budget -= sent;
      const pending = this.queue.length + this.inflight;
      // Progress is a bot answered or a bot sent (a slow ramp, a scenario's, waits between bots by design);
      // a worker that has not reported yet is still starting: its bots have not had a chance to answer.
      const starting = this.latest.size < this.pool.size && now - this.startedAt < WORKER_START_BUDGET_MS;
      if (pending < lastPending || sent > 0 || starting) {
        lastPending = pending;
        lastProgress = now;
      } else if (now - lastProgress > this.options.connectTimeoutMs * 2 + 5000) {
        break; // bots that never answer: count them as connecting and go on
      }
      await sleep(20);
    }
    if (this.fatal) throw this.fatal;
  }

  /** Dispatch up to `max` queued bots whose room can be entered now. Returns how many. */
  private dispatch(max: number): number {
    if (max <= 0) return 0;
    const byWorker = new Map<number, BotSpec[]>();
    const rest: number[] = [];
    let sent = 0;
    for (const id of this.queue) {
      const bot = this.bots[id];
      if (!bot) continue;
      if (sent >= max) {
        rest.push(id);
        continue;
      }
      const entry = this.planner.entry(bot.roomIndex);
      if (entry === 'wait') {
        rest.push(id);
        continue;
      }
      if ('failed' in entry) {
        bot.status = 'failed';
        this.countFailure(`room not created: ${entry.failed}`);
        continue;
      }
      bot.status = 'connecting';
      bot.creator = entry.kind === 'create';
      this.inflight += 1;
      sent += 1;
      const spec: BotSpec = {
        id,
        url: this.options.url,
        name: `${this.options.namePrefix}-${id}`.slice(0, Limits.NAME_MAX),
        seed: (id * 2654435761) >>> 0,
        connectTimeoutMs: this.options.connectTimeoutMs,
        insecure: this.options.insecure === true,
        room: entry,
        ...this.hooks.botSpec?.(id),
      };
      const list = byWorker.get(bot.worker) ?? [];
      list.push(spec);
      byWorker.set(bot.worker, list);
    }
    this.queue = rest;
    for (const [worker, specs] of byWorker) this.pool.spawn(worker, specs);
    return sent;
  }

  private countFailure(reason: string): void {
    this.connectFailed += 1;
    this.connectFailures[reason] = (this.connectFailures[reason] ?? 0) + 1;
  }

  private onWorkerMessage(m: FromWorker): void {
    if (m.type === 'event') {
      this.onBotEvent(m.event);
      return;
    }
    if (m.type !== 'report') return;
    if (m.token !== undefined) {
      const wait = this.awaiting.get(m.token);
      wait?.left.delete(m.worker);
      if (wait && wait.left.size === 0) wait.done();
    }
    this.latest.set(m.worker, { at: m.at, bots: new Map(m.bots.map((b) => [b.id, b])) });
    const hist = {
      gap: decodeHistogram(m.histograms.gap),
      age: decodeHistogram(m.histograms.age),
      ack: decodeHistogram(m.histograms.ack),
    };
    for (const target of [this.timelineHist, this.window?.hist]) {
      if (!target) continue;
      mergeInto(target.gap, hist.gap);
      mergeInto(target.age, hist.age);
      mergeInto(target.ack, hist.ack);
    }
    mergeInto(this.connectHistogram, decodeHistogram(m.histograms.connect));
    for (const [code, n] of Object.entries(m.serverErrors))
      this.serverErrors[code] = (this.serverErrors[code] ?? 0) + n;
    const h = m.health;
    worsen(this.timelineHealth, h.elu, h.eventLoopDelayP99Ms, h.eventLoopDelayMaxMs);
    if (this.window) worsen(this.window.health, h.elu, h.eventLoopDelayP99Ms, h.eventLoopDelayMaxMs);
  }

  private onBotEvent(e: BotEvent): void {
    const bot = this.bots[e.id];
    // A withdrawn bot may still have had an event on its way.
    if (!bot || bot.status === 'left') return;
    switch (e.kind) {
      case 'joined':
        if (bot.status === 'connecting') this.inflight -= 1;
        bot.status = 'joined';
        this.connectOk += 1;
        if (bot.creator) this.planner.created(e.roomIndex, e.room.code);
        break;
      case 'connect-failed':
      case 'join-failed':
        if (bot.status === 'connecting') this.inflight -= 1;
        bot.status = 'failed';
        this.countFailure(e.reason);
        if (bot.creator) this.planner.createFailed(e.roomIndex, e.reason);
        if (e.reason === ErrorCode.PROTOCOL_MISMATCH) {
          this.fatal = new LoadtestError(
            LoadtestErrorCode.PROTOCOL_MISMATCH,
            `wrong protocol version: ${e.message}`,
          );
        } else if (this.options.rooms.kind === 'join' && FATAL_JOIN_CODES.has(e.reason)) {
          const code = this.planner.codeOf(e.roomIndex) ?? '?';
          const full = e.reason === ErrorCode.ROOM_FULL;
          this.fatal = new LoadtestError(
            full ? LoadtestErrorCode.ROOM_FULL : LoadtestErrorCode.ROOM_NOT_FOUND,
            full ? `room ${code} is full: ${e.message}` : `room ${code} does not exist: ${e.message}`,
          );
        }
        break;
      case 'disconnected':
        if (bot.status === 'connecting') this.inflight -= 1;
        bot.status = 'gone';
        this.disconnectReasons[e.reason] = (this.disconnectReasons[e.reason] ?? 0) + 1;
        break;
      case 'resumed':
        this.resumed += 1;
        if (this.window) recordMs(this.window.resume, e.ms);
        break;
      case 'resume-failed': {
        // The player lost its seat: a disconnect, by the reason the resume failed.
        this.resumeFailed += 1;
        bot.status = 'gone';
        const reason = `resume failed: ${e.reason}`;
        this.disconnectReasons[reason] = (this.disconnectReasons[reason] ?? 0) + 1;
        break;
      }
    }
  }

  private async onTimelineTick(): Promise<void> {
    const rates = ratesBetween(this.timelinePrev, this.latest);
    this.timelinePrev = new Map(this.latest);
    const cpu = readCpu();
    const cpuUse = cpuBetween(this.cpuPrev, cpu);
    this.cpuPrev = cpu;
    const hist = this.timelineHist;
    this.timelineHist = newHistograms();
    const health = this.timelineHealth;
    this.timelineHealth = emptyHealth();
    let server = null;
    if (this.scraper && !this.scraping) {
      this.scraping = true;
      const s = await this.scraper.scrape();
      this.scraping = false;
      if (s) {
        if (this.lastScrape) server = serverFigures(this.lastScrape, s, [s]);
        this.lastScrape = s;
        this.window?.scrapes.push(s);
      }
    }
    const gap = summarize(hist.gap);
    const age = summarize(hist.age);
    const ack = summarize(hist.ack);
    const point: TimelinePoint = {
      t: Math.round((performance.now() - this.startedAt) / 100) / 10,
      clients: this.connected,
      target: this.dispatched,
      nominalRate: rates.nominalRate,
      deliveredRate: rates.meanRate,
      gapP50: gap.p50,
      gapP99: gap.p99,
      ageP50: age.p50,
      ageP99: age.p99,
      ackP50: ack.p50,
      ackP99: ack.p99,
      downPerClient: rates.downPerClient,
      upPerClient: rates.upPerClient,
      bytesPerSnapshot: rates.bytesPerSnapshot,
      serverTickP50: server?.tickMs.p50 ?? null,
      serverTickP99: server?.tickMs.p99 ?? null,
      serverLoopDelayP99: server?.eventLoopDelayMs.p99 ?? null,
      serverCpuPercent: server?.cpuPercent ?? null,
      testerCpuPercent: cpuUse.processPercent,
      testerUtilisation: health.elu,
      testerLoopDelayP99: health.lagP99,
      window: this.window?.label ?? null,
    };
    this.timeline.push(point);
    this.hooks.onTick?.(point);
  }

  /**
   * True once every worker thread has answered, false after `timeoutMs`. Workers take a while to boot (each
   * loads its modules; tens of seconds on a busy machine): a distributed run waits for this on every
   * tester so that they start their bots together.
   */
  async workersReady(timeoutMs: number): Promise<boolean> {
    await this.freshReports(timeoutMs);
    return this.latest.size === this.pool.size;
  }

  /**
   * Fresh counters from every worker (each answers with a report), so a window starts and ends exactly
   * where it says rather than up to one report interval earlier. Gives up after `timeoutMs` on a worker
   * too busy to answer; its last periodic report stands in.
   */
  private async freshReports(timeoutMs = 2000): Promise<void> {
    const token = this.nextToken++;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(done, timeoutMs);
      function done() {
        clearTimeout(timer);
        resolve();
      }
      this.awaiting.set(token, { left: new Set(Array.from({ length: this.pool.size }, (_, i) => i)), done });
      this.pool.reportNow(token);
    });
    this.awaiting.delete(token);
  }

  /**
   * Resolves once every worker thread is up and answering (a worker boots in a second or more on a busy
   * machine), so that what follows is timed from a running tester.
   */
  async ready(timeoutMs = 30_000): Promise<void> {
    await this.freshReports(timeoutMs);
  }

  /**
   * Measure for `seconds` and return the figures of that window. With `until`, the window stays open until
   * that settles too (a scenario phase whose bots are still connecting).
   */
  async measure(seconds: number, label = 'measured', until?: Promise<unknown>): Promise<Figures> {
    const [open] = await Promise.all([this.scraper ? this.scraper.scrape() : null, this.freshReports()]);
    const w: OpenWindow = {
      label,
      counters: new Map(this.latest),
      hist: newHistograms(),
      health: emptyHealth(),
      cpu: readCpu(),
      scrapes: [],
      resume: createHistogram(),
      resumedBefore: this.resumed,
      resumeFailedBefore: this.resumeFailed,
    };
    this.window = w;
    const openedAt = performance.now();
    await Promise.all([sleep(seconds * 1000), until]);
    if (this.workerError) throw this.workerError;
    const [close] = await Promise.all([this.scraper ? this.scraper.scrape() : null, this.freshReports()]);
    this.window = null;
    const rates = ratesBetween(w.counters, this.latest);
    this.lastWindow = { hist: w.hist, rates };
    const cpu = cpuBetween(w.cpu, readCpu());
    const o = this.options;
    return {
      windowSeconds: Math.round((performance.now() - openedAt) / 100) / 10,
      clients: {
        target: this.bots.length,
        connected: this.connected,
        connectOk: this.connectOk,
        connectFailed: this.connectFailed,
        connectFailures: { ...this.connectFailures },
        disconnects: Object.values(this.disconnectReasons).reduce((a, b) => a + b, 0),
        disconnectReasons: { ...this.disconnectReasons },
        connectMs: summarize(this.connectHistogram),
      },
      snapshots: {
        nominalRate: rates.nominalRate,
        deliveredRate: rates.meanRate,
        deliveredRatio: rates.meanRatio,
        worstClientRate: rates.worstRate,
        missedPerClient: rates.missedPerClient,
        fullSnapshots: rates.fullSnapshots,
        decodeErrors: rates.decodeErrors,
        desyncs: rates.desyncs,
        missingBaselines: rates.missingBaselines,
      },
      gapMs: summarize(w.hist.gap),
      ageMs: summarize(w.hist.age),
      ackMs: summarize(w.hist.ack),
      bytes: {
        downPerClient: rates.downPerClient,
        upPerClient: rates.upPerClient,
        downTotal: rates.downTotal,
        upTotal: rates.upTotal,
        perSnapshot: rates.bytesPerSnapshot,
      },
      server: open && close ? serverFigures(open, close, [...w.scrapes, close]) : null,
      reconnects: {
        resumed: this.resumed - w.resumedBefore,
        failed: this.resumeFailed - w.resumeFailedBefore,
        resumeMs: summarize(w.resume),
      },
      tester: testerFigures(o.workers, w.health, cpu, {
        maxUtilisation: o.maxTesterUtilisation,
        maxLagMs: o.maxTesterLagMs,
      }),
    };
  }

  /** Disconnect every bot and end the workers. */
  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.pool.shutdown();
  }
}
