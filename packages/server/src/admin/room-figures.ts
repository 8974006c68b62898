import { percentile } from '@tick-arena/common';
import type { TickObserver } from '../rooms/types.js';
import type { GameServer } from '../socket-io.js';
import { WindowedRate } from './windowed-rate.js';

/** Tick durations kept per room for its p99: the last 512 ticks (17 s at 30 Hz, 4 s at 128 Hz). */
const TICK_SAMPLES = 512;
/** Seconds the admin page's bytes/s is averaged over. */
const TRAFFIC_WINDOW_SECONDS = 5;

interface Figures {
  /** The newest TICK_SAMPLES tick durations, ms, as a ring. */
  readonly ticks: Float64Array;
  ticksSeen: number;
  readonly sent: WindowedRate;
}

/**
 * Per-room figures for the admin page: tick p99 over the last ticks and bytes/s written to the room's
 * clients. Exact per room, unlike `/metrics` whose tick histogram has fixed buckets. Recording is a ring
 * write per tick and an addition per packet (no clock read: the tick's own start time paces the byte
 * rate); percentiles are computed only when the page asks.
 */
export class RoomFigures {
  private readonly rooms = new Map<string, Figures>();

  /** Pass to the room manager (next to the metrics observer): receives every tick's duration. */
  readonly observer: TickObserver = {
    tick: (code, durationMs, startedAt) => {
      const f = this.of(code);
      f.ticks[f.ticksSeen % TICK_SAMPLES] = durationMs;
      f.ticksSeen += 1;
      f.sent.sample(startedAt);
    },
  };

  /** `bytes` were queued to a client of room `code`. */
  sent(code: string, bytes: number): void {
    this.of(code).sent.add(bytes);
  }

  /** Tick p99 (ms; null before the first tick) and bytes/s of room `code`. */
  figures(code: string): { tickP99Ms: number | null; bytesPerSecond: number } {
    const f = this.rooms.get(code);
    if (!f || f.ticksSeen === 0) return { tickP99Ms: null, bytesPerSecond: f?.sent.rate() ?? 0 };
    const samples = Array.from(f.ticks.subarray(0, Math.min(f.ticksSeen, TICK_SAMPLES)));
    return { tickP99Ms: percentile(samples, 0.99), bytesPerSecond: f.sent.rate() };
  }

  /** The room is gone. */
  forget(code: string): void {
    this.rooms.delete(code);
  }

  /** Drop the figures of every room `live` says is gone (a packet counted just after a room closed). */
  prune(live: (code: string) => boolean): void {
    for (const code of this.rooms.keys()) if (!live(code)) this.rooms.delete(code);
  }

  private of(code: string): Figures {
    let f = this.rooms.get(code);
    if (!f) {
      f = {
        ticks: new Float64Array(TICK_SAMPLES),
        ticksSeen: 0,
        sent: new WindowedRate(TRAFFIC_WINDOW_SECONDS),
      };
      this.rooms.set(code, f);
    }
    return f;
  }
}

/** What engine.io hands to `packetCreate` listeners (its packet, before framing). */
interface EnginePacket {
  type: string;
  data?: unknown;
}

/**
 * Count what every socket is sent against the room it is in: engine.io's `packetCreate`, the hook the
 * `/metrics` message counter uses too, sees every packet engine.io writes; the snapshots the replication
 * writes straight to the TCP socket reach `RoomFigures.sent` through its `onDirectWrite` instead. Payload
 * bytes: WebSocket and TCP framing are not counted (`tick_arena_bytes_sent_total` has them, for the whole
 * process).
 */
export function countRoomTraffic(io: GameServer, figures: RoomFigures): void {
  io.on('connection', (socket) => {
    const conn = socket.conn as unknown as { on(ev: 'packetCreate', fn: (p: EnginePacket) => void): void };
    conn.on('packetCreate', (packet) => {
      const code = socket.data.roomCode;
      if (code === null || packet.type !== 'message') return;
      const data = packet.data;
      // JSON events are strings of mostly ASCII; their length is their size closely enough here.
      const bytes = typeof data === 'string' ? data.length : ArrayBuffer.isView(data) ? data.byteLength : 0;
      figures.sent(code, bytes);
    });
  });
}
