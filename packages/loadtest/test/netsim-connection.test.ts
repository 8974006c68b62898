import type { NetsimSettings, NetsimTimers } from '@tick-arena/common';
import { describe, expect, it } from 'vitest';
import type { Connector } from '../src/bot/bot-client.js';
import type { BotConnection, ConnectionHandlers } from '../src/bot/bot-connection.js';
import { NetsimConnection } from '../src/bot/netsim-connection.js';

/** A virtual clock with one-shot timers: `advance` runs every timer due, in time order. */
class VirtualTimers implements NetsimTimers {
  time = 0;
  private nextId = 1;
  private readonly pending = new Map<number, { at: number; fn: () => void }>();
  now = () => this.time;
  setTimeout = (fn: () => void, ms: number): unknown => {
    const id = this.nextId++;
    this.pending.set(id, { at: this.time + ms, fn });
    return id;
  };
  clearTimeout = (handle: unknown): void => {
    this.pending.delete(handle as number);
  };
  advance(to: number): void {
    for (;;) {
      const due = [...this.pending].filter(([, t]) => t.at <= to).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.pending.delete(due[0]);
      this.time = due[1].at;
      due[1].fn();
    }
    this.time = to;
  }
}

/** The inner transport: records what reaches the "wire" (with the time), and lets the test play the server. */
function fakeTransport(timers: VirtualTimers) {
  const sent: { at: number; what: string }[] = [];
  const replies: ((reply: unknown) => void)[] = [];
  let server: ConnectionHandlers | null = null;
  let closed = false;
  const connect: Connector = (_o, h) => {
    server = h;
    const conn: BotConnection = {
      bytesIn: 0,
      bytesOut: 0,
      emit: (name, ...args) => {
        const a = args[0] as unknown;
        sent.push({ at: timers.now(), what: a instanceof Uint8Array ? `${name}:${[...a].join('.')}` : name });
      },
      request: (name, _args, _timeout, cb) => {
        sent.push({ at: timers.now(), what: name });
        replies.push((reply) => cb(null, reply as never));
      },
      close: () => {
        closed = true;
      },
    };
    return conn;
  };
  return {
    connect,
    sent,
    replies,
    get server(): ConnectionHandlers {
      if (!server) throw new Error('not connected');
      return server;
    },
    get closed() {
      return closed;
    },
  };
}

/** What the bot hears, with the time. */
function botHandlers(timers: VirtualTimers, log: string[]): ConnectionHandlers {
  const at = (s: string) => log.push(`${timers.now()} ${s}`);
  return {
    connected: () => at('connected'),
    connectFailed: (reason) => at(`failed ${reason}`),
    disconnected: (reason) => at(`disconnected ${reason}`),
    tick: (s) => at(`tick ${[...s].join('.')}`),
    serverError: (e) => at(`error ${e.code}`),
    kicked: (k) => at(`kicked ${k.reason}`),
  };
}

const OPTIONS = { url: 'http://x', auth: { protocol: 1 }, connectTimeoutMs: 1000 };

function setup(settings: NetsimSettings) {
  const timers = new VirtualTimers();
  const wire = fakeTransport(timers);
  const log: string[] = [];
  const conn = new NetsimConnection(wire.connect, OPTIONS, botHandlers(timers, log), settings, 9, timers);
  return { timers, wire, log, conn };
}

describe('NetsimConnection (a bot behind the simulated network)', () => {
  it('delays what the bot sends and receives by half the round trip each way, in order', () => {
    const { timers, wire, log, conn } = setup({ rttMs: 100, jitterMs: 0, lossPercent: 0 });
    wire.server.connected();
    timers.advance(49);
    expect(log).toEqual([]);
    timers.advance(50);
    expect(log).toEqual(['50 connected']);

    let reply: unknown = null;
    conn.request('time:sync', [1], 0, (_err, r) => (reply = r));
    conn.emit('input', new Uint8Array([2, 7]));
    timers.advance(99);
    expect(wire.sent).toEqual([]);
    timers.advance(100);
    expect(wire.sent).toEqual([
      { at: 100, what: 'time:sync' },
      { at: 100, what: 'input:2.7' },
    ]);
    wire.replies[0]?.({ serverTime: 5 });
    wire.server.tick(new Uint8Array([1, 2, 3]));
    timers.advance(149);
    expect(reply).toBeNull();
    timers.advance(150);
    expect(reply).toEqual({ serverTime: 5 });
    expect(log).toEqual(['50 connected', '150 tick 1.2.3']);
  });

  it('holds a copy of a tick: the transport may reuse its read buffer at once', () => {
    const { timers, wire, log } = setup({ rttMs: 20, jitterMs: 0, lossPercent: 0 });
    // A view of a Buffer, as the lean transport hands ticks over (whose `slice` is no copy).
    const buffer = Buffer.from([7, 1, 1, 1, 7]);
    wire.server.tick(buffer.subarray(1, 4));
    buffer.fill(9);
    timers.advance(100);
    expect(log).toEqual(['10 tick 1.1.1']);
  });

  it('loses state ticks only, and delivers the disconnect after what was on its way', () => {
    const { timers, wire, log } = setup({ rttMs: 20, jitterMs: 0, lossPercent: 100 });
    wire.server.connected();
    wire.server.tick(new Uint8Array([1]));
    wire.server.serverError({ code: 'E_BAD_PAYLOAD', message: 'x' } as never);
    wire.server.kicked({ reason: 'slow', message: 'x' } as never);
    wire.server.disconnected('io server disconnect');
    timers.advance(100);
    expect(log).toEqual([
      '10 connected',
      '10 error E_BAD_PAYLOAD',
      '10 kicked slow',
      '10 disconnected io server disconnect',
    ]);
  });

  it('reports a failed connection at once', () => {
    const { wire, log } = setup({ rttMs: 500, jitterMs: 0, lossPercent: 0 });
    wire.server.connectFailed('ECONNREFUSED', 'refused');
    expect(log).toEqual(['0 failed ECONNREFUSED']);
  });

  it('after close: nothing more is sent, no handler runs, the transport is closed', () => {
    const { timers, wire, log, conn } = setup({ rttMs: 40, jitterMs: 0, lossPercent: 0 });
    wire.server.connected();
    conn.emit('input', new Uint8Array([2]));
    wire.server.tick(new Uint8Array([1]));
    conn.close();
    expect(wire.closed).toBe(true);
    conn.emit('input', new Uint8Array([3]));
    let failed: Error | null = null;
    conn.request('time:sync', [1], 0, (err) => (failed = err));
    timers.advance(1000);
    expect(wire.sent).toEqual([]);
    expect(log).toEqual([]);
    expect(failed).toBeInstanceOf(Error);
  });
});
