import type { ServerFigures } from '../report/figures.js';
import {
  bucketQuantile,
  bucketsOf,
  diffBuckets,
  bucketTotal,
  type Buckets,
} from '../stats/prom-histogram.js';
import { parsePrometheusText, sumOf, valueOf } from '../stats/prometheus-text.js';
import { getText } from './http-get.js';

/** The parts of a Tick Arena server's `/metrics` the tester reads, at one moment. */
export interface ServerScrape {
  /** Local epoch ms when the answer arrived. */
  at: number;
  tickBuckets: Buckets | null;
  loopBuckets: Buckets | null;
  tickMaxSec: number | null;
  loopMaxSec: number | null;
  overruns: number | null;
  dropped: number | null;
  cpuSeconds: number | null;
  rssBytes: number | null;
  bytesSent: number | null;
  bytesReceived: number | null;
  messagesSent: number | null;
  messagesReceived: number | null;
  rooms: number | null;
  players: number | null;
}

export function readScrape(text: string, at: number): ServerScrape {
  const s = parsePrometheusText(text);
  const humans = valueOf(s, 'tick_arena_players', { kind: 'human' });
  const bots = valueOf(s, 'tick_arena_players', { kind: 'bot' });
  const tickBuckets = bucketsOf(s, 'tick_arena_tick_duration_seconds');
  // Per-room counters have no series until a room first overruns: on a Tick Arena server, absent means 0.
  const zero = tickBuckets ? 0 : null;
  return {
    at,
    tickBuckets,
    loopBuckets: bucketsOf(s, 'tick_arena_event_loop_delay_seconds'),
    tickMaxSec: valueOf(s, 'tick_arena_tick_duration_max_seconds'),
    loopMaxSec: valueOf(s, 'tick_arena_event_loop_delay_max_seconds'),
    overruns: sumOf(s, 'tick_arena_tick_overruns_total') ?? zero,
    dropped: sumOf(s, 'tick_arena_ticks_dropped_total') ?? zero,
    cpuSeconds: valueOf(s, 'process_cpu_seconds_total'),
    rssBytes: valueOf(s, 'process_resident_memory_bytes'),
    bytesSent: valueOf(s, 'tick_arena_bytes_sent_total'),
    bytesReceived: valueOf(s, 'tick_arena_bytes_received_total'),
    messagesSent: valueOf(s, 'tick_arena_messages_sent_total'),
    messagesReceived: valueOf(s, 'tick_arena_messages_received_total'),
    rooms: valueOf(s, 'tick_arena_rooms'),
    players: humans === null && bots === null ? null : (humans ?? 0) + (bots ?? 0),
  };
}

const ms = (sec: number | null) => (sec === null ? null : Math.round(sec * 1e6) / 1000);
const perSec = (a: number | null, b: number | null, dt: number) =>
  a === null || b === null || dt <= 0 ? null : Math.max(0, b - a) / dt;

/**
 * Server figures between two scrapes: percentiles from the histogram buckets observed in between (so the
 * ramp before the window does not count), rates from counter differences, and the worst `*_max` gauge of
 * any scrape in the window (`maxima`; those gauges cover the server's last 5 s, so the first one may reach
 * a little before the window).
 */
export function serverFigures(
  first: ServerScrape,
  last: ServerScrape,
  maxima: readonly ServerScrape[],
): ServerFigures | null {
  if (!last.tickBuckets && last.cpuSeconds === null) return null;
  const dt = (last.at - first.at) / 1000;
  const tick = last.tickBuckets ? diffBuckets(last.tickBuckets, first.tickBuckets) : null;
  const loop = last.loopBuckets ? diffBuckets(last.loopBuckets, first.loopBuckets) : null;
  const worst = (pick: (s: ServerScrape) => number | null) => {
    const vals = maxima.map(pick).filter((v): v is number => v !== null);
    return vals.length > 0 ? Math.max(...vals) : null;
  };
  const q = (b: Buckets | null, p: number) => (b && bucketTotal(b) > 0 ? ms(bucketQuantile(b, p)) : null);
  const diff = (a: number | null, b: number | null) => (a === null || b === null ? null : Math.max(0, b - a));
  const cpu = perSec(first.cpuSeconds, last.cpuSeconds, dt);
  return {
    tickMs: { p50: q(tick, 0.5), p99: q(tick, 0.99), max: ms(worst((s) => s.tickMaxSec)) },
    eventLoopDelayMs: { p50: q(loop, 0.5), p99: q(loop, 0.99), max: ms(worst((s) => s.loopMaxSec)) },
    tickOverruns: diff(first.overruns, last.overruns),
    ticksDropped: diff(first.dropped, last.dropped),
    rooms: last.rooms,
    players: last.players,
    cpuPercent: cpu === null ? null : Math.round(cpu * 1000) / 10,
    rssBytes: last.rssBytes,
    bytesSentPerSec: perSec(first.bytesSent, last.bytesSent, dt),
    bytesReceivedPerSec: perSec(first.bytesReceived, last.bytesReceived, dt),
    messagesSentPerSec: perSec(first.messagesSent, last.messagesSent, dt),
    messagesReceivedPerSec: perSec(first.messagesReceived, last.messagesReceived, dt),
  };
}

/** Fetches `/metrics`; remembers whether the server has answered at all. */
export class MetricsScraper {
  /** `true` once a scrape succeeded, `false` once one failed and none has succeeded. */
  reachable: boolean | null = null;
  lastError: string | null = null;

  constructor(
    readonly url: string,
    private readonly timeoutMs = 2000,
    /** Accept a self-signed certificate (`--insecure`). */
    private readonly insecure = false,
  ) {}

  async scrape(): Promise<ServerScrape | null> {
    try {
      const res = await getText(this.url, this.timeoutMs, this.insecure);
      if (res.status < 200 || res.status > 299) throw new Error(`HTTP ${res.status}`);
      const text = res.body;
      const scrape = readScrape(text, Date.now());
      if (!scrape.tickBuckets && scrape.cpuSeconds === null)
        throw new Error('no Tick Arena metrics in the answer');
      this.reachable = true;
      return scrape;
    } catch (err) {
      this.lastError = (err as Error).message;
      if (this.reachable === null) this.reachable = false;
      return null;
    }
  }
}
