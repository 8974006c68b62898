import { afterEach, describe, expect, it } from 'vitest';
import { RollingMax } from '../src/metrics/rolling-max.js';
import { combineObservers } from '../src/metrics/combine-observers.js';
import {
  ask,
  collectTicks,
  connect,
  request,
  startServer,
  validCreate,
  type TestClient,
} from './support/harness.js';

/** Value of the first sample line of `name` (with an optional label fragment) in Prometheus text. */
function sample(text: string, name: string, labels = ''): number | null {
  for (const line of text.split('\n')) {
    if (!line.startsWith(name)) continue;
    const rest = line.slice(name.length);
    if (!(rest.startsWith(' ') || rest.startsWith('{')) || !rest.includes(labels)) continue;
    return Number(line.split(' ').pop());
  }
  return null;
}

describe('GET /metrics', () => {
  let close: (() => Promise<unknown>) | undefined;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await close?.();
  });

  it('counts messages refused at the boundary by reason', async () => {
    const { app, url } = await startServer();
    close = () => app.close();
    const c = await connect(url);
    clients.push(c);
    const raw = c as unknown as { emit(ev: string, ...a: unknown[]): void };
    raw.emit('no-such-event', 1);
    raw.emit('input', { seq: 'x' });
    raw.emit('input', { seq: 1, mx: 0, my: 0, aim: 0, fire: false });
    raw.emit('input', new Uint8Array([9, 9, 9]));
    // Packets are handled in order: once a later request is answered, the ones before it were counted.
    await ask(c, 'room:list');
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(text, 'tick_arena_messages_rejected_total', 'reason="unknown_event"')).toBe(1);
    expect(sample(text, 'tick_arena_messages_rejected_total', 'reason="bad_payload"')).toBe(3);
    expect(sample(text, 'tick_arena_forced_disconnects_total', 'reason="abuse"')).toBe(0);
  });

  it('serves Prometheus text with process, event-loop, room and traffic metrics', async () => {
    const { app } = await startServer();
    close = () => app.close();
    const res = await app.inject({ method: 'GET', url: '/metrics' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    for (const name of [
      'tick_arena_tick_duration_seconds',
      'tick_arena_tick_overruns_total',
      'tick_arena_ticks_dropped_total',
      'tick_arena_event_loop_delay_seconds',
      'tick_arena_rooms',
      'tick_arena_players',
      'tick_arena_bytes_sent_total',
      'tick_arena_messages_sent_total',
      'process_cpu_seconds_total',
      'process_resident_memory_bytes',
      'nodejs_heap_size_used_bytes',
    ]) {
      expect(res.body).toContain(`# TYPE ${name} `);
    }
    expect(sample(res.body, 'tick_arena_rooms')).toBe(0);
    expect(sample(res.body, 'process_resident_memory_bytes')).toBeGreaterThan(0);
  });

  it('counts room ticks per room, players, and the bytes and messages sent to them', async () => {
    const { app, url } = await startServer();
    close = () => app.close();
    const c = await connect(url);
    clients.push(c);
    const joined = await request<{ room: { code: string } }>(c, 'room:create', { ...validCreate, bots: 2 });
    expect(joined.ok).toBe(true);
    const code = joined.ok ? joined.data.room.code : '';
    await collectTicks(c, 10);
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(sample(body, 'tick_arena_tick_duration_seconds_count', `room="${code}"`)).toBeGreaterThanOrEqual(
      10,
    );
    expect(
      sample(body, 'tick_arena_tick_duration_seconds_bucket', `le="+Inf",room="${code}"`),
    ).toBeGreaterThanOrEqual(10);
    expect(sample(body, 'tick_arena_rooms')).toBe(1);
    expect(sample(body, 'tick_arena_players', 'kind="human"')).toBe(1);
    expect(sample(body, 'tick_arena_players', 'kind="bot"')).toBe(2);
    expect(sample(body, 'tick_arena_sockets')).toBe(1);
    expect(sample(body, 'tick_arena_messages_sent_total')).toBeGreaterThanOrEqual(10);
    // Snapshots written straight to the TCP socket (no engine.io packet) are messages all the same.
    expect(sample(body, 'tick_arena_snapshots_sent_total')).toBeGreaterThanOrEqual(10);
    expect(sample(body, 'tick_arena_messages_sent_total')).toBeGreaterThanOrEqual(
      sample(body, 'tick_arena_snapshots_sent_total') ?? Infinity,
    );
    expect(sample(body, 'tick_arena_bytes_sent_total')).toBeGreaterThan(1000);
    expect(sample(body, 'tick_arena_event_loop_delay_seconds_count')).toBeGreaterThan(0);
  });

  it('forgets the series of a room once it is gone', async () => {
    const { app, url } = await startServer();
    close = () => app.close();
    const c = await connect(url);
    const joined = await request<{ room: { code: string } }>(c, 'room:create', validCreate);
    const code = joined.ok ? joined.data.room.code : '';
    await collectTicks(c, 3);
    // The room closes when its last human leaves (a deliberate leave gives the seat up at once).
    await ask(c, 'room:leave');
    c.close();
    expect(app.rooms.size).toBe(0);
    // One scrape prunes, the next shows it gone.
    await app.inject({ method: 'GET', url: '/metrics' });
    const body = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    expect(body).not.toContain(`room="${code}"`);
  });
});

describe('metrics helpers', () => {
  it('RollingMax keeps the largest value of the window and forgets older ones', () => {
    let now = 0;
    const m = new RollingMax(5000, 5, () => now);
    m.record(3);
    now = 1500;
    m.record(9);
    now = 2500;
    m.record(4);
    expect(m.value()).toBe(9);
    now = 6000; // the slice holding 9 (1000..2000) has left the 5 s window
    expect(m.value()).toBe(4);
    now = 20_000;
    expect(m.value()).toBe(0);
  });

  it('combineObservers forwards ticks and overruns to every observer given', () => {
    const seen: string[] = [];
    const o = combineObservers(
      { tick: (code) => seen.push(`a:${code}`), overrun: (code, n) => seen.push(`a:${code}:${n}`) },
      undefined,
      { tick: (code) => seen.push(`b:${code}`) },
    );
    o.tick('R', 1, 0);
    o.overrun?.('R', 2);
    expect(seen).toEqual(['a:R', 'b:R', 'a:R:2']);
  });
});
