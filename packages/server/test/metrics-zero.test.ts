import { afterEach, describe, expect, it } from 'vitest';
import { Violation } from '../src/net/guard.js';
import {
  collectTicks,
  connect,
  request,
  startServer,
  validCreate,
  type TestClient,
} from './support/harness.js';

/** Counter families of a Prometheus text page, each with its sample lines. */
function counters(text: string): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const m of text.matchAll(/^# TYPE (\S+) counter$/gm)) {
    const name = m[1] as string;
    out.set(
      name,
      text.split('\n').filter((l) => l.startsWith(`${name} `) || l.startsWith(`${name}{`)),
    );
  }
  return out;
}

/** Counters labelled by room: they can have no series before a room exists. */
const PER_ROOM = ['tick_arena_tick_overruns_total', 'tick_arena_ticks_dropped_total'];

describe('counters that are zero', () => {
  let close: (() => Promise<unknown>) | undefined;
  const clients: TestClient[] = [];
  afterEach(async () => {
    for (const c of clients.splice(0)) c.close();
    await close?.();
  });

  it('are exported as 0 on a fresh server, every known label value included', async () => {
    const { app } = await startServer();
    close = () => app.close();
    const page = counters((await app.inject({ method: 'GET', url: '/metrics' })).body);
    expect(page.size).toBeGreaterThan(10);
    for (const [name, samples] of page) {
      if (PER_ROOM.includes(name)) continue;
      expect(samples.length, name).toBeGreaterThan(0);
    }
    const rejected = page.get('tick_arena_messages_rejected_total') ?? [];
    for (const reason of Object.values(Violation)) {
      expect(rejected).toContain(`tick_arena_messages_rejected_total{reason="${reason}"} 0`);
    }
  });

  it('are exported as 0 for a room from its first tick', async () => {
    const { app, url } = await startServer();
    close = () => app.close();
    const c = await connect(url);
    clients.push(c);
    const created = await request<{ room: { code: string } }>(c, 'room:create', validCreate);
    if (!created.ok) throw new Error(created.error.message);
    await collectTicks(c, 3);
    const page = counters((await app.inject({ method: 'GET', url: '/metrics' })).body);
    for (const [name, samples] of page) expect(samples.length, name).toBeGreaterThan(0);
    const room = created.data.room.code;
    // A room on an idle test server ticks in time: both counters are there, at 0 (or a real count).
    for (const name of PER_ROOM) {
      expect(page.get(name)?.some((l) => l.startsWith(`${name}{room="${room}"} `))).toBe(true);
    }
  });
});
