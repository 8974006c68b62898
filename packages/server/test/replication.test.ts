import {
  EXPANSE,
  encodeInput,
  inInterest,
  nextRandom,
  type JoinedRoom,
  type NetPlayer,
  type PlayerState,
} from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Room } from '../src/rooms/room.js';
import {
  collectTicks,
  connect,
  onSnapshot,
  request,
  sendInput,
  startServer,
  tapOf,
  validCreate,
  waitForTick,
  type TestClient,
  type TestSnapshot,
} from './support/harness.js';

/** What a client should hold of a server player (the wire's view of it). */
function expected(p: PlayerState): NetPlayer {
  return { id: p.id, x: p.x, y: p.y, aim: p.aim, hp: p.hp, alive: p.alive, protected: p.protectedFor > 0 };
}

function serverPlayers(room: Room, tick: number): NetPlayer[] | undefined {
  return room.frames.at(tick)?.state.players.map(expected);
}

/** Move a player between ticks, for tests only (the engine's state is otherwise changed only by ticks). */
function teleport(room: Room, id: number, x: number, y: number): void {
  const engine = (room as unknown as { engine: { current: typeof room.state } }).engine;
  const s = engine.current;
  engine.current = { ...s, players: s.players.map((p) => (p.id === id ? { ...p, x, y } : p)) };
}

describe('per-client replication', () => {
  let app: FastifyInstance;
  let url: string;
  const clients: TestClient[] = [];

  beforeAll(async () => {
    ({ app, url } = await startServer({ DESYNC_CHECK_TICKS: '5' }));
  });
  afterAll(async () => {
    for (const c of clients) c.close();
    await app?.close();
  });

  async function player(
    req: object = { ...validCreate, bots: 3 },
  ): Promise<{ c: TestClient; joined: JoinedRoom; room: Room }> {
    const c = await connect(url);
    clients.push(c);
    const res = await request<JoinedRoom>(c, 'room:create', req);
    if (!res.ok) throw new Error(res.error.message);
    return { c, joined: res.data, room: app.rooms.get(res.data.room.code)! };
  }

  it('sends one full snapshot, then deltas against what the client acknowledged, equal to the server state', async () => {
    const { c, room } = await player();
    const snaps: TestSnapshot[] = [];
    const off = onSnapshot(c, (s) => {
      snaps.push(s);
      expect(s.players).toEqual(serverPlayers(room, s.t));
      sendInput(c, { seq: snaps.length, mx: 1, my: 0.5, aim: 1, fire: snaps.length % 7 === 0 });
    });
    await waitForTick(c, () => snaps.length >= 40);
    off();
    expect(snaps[0]!.delta).toBe(false);
    const deltas = snaps.filter((s) => s.delta);
    expect(deltas.length).toBeGreaterThan(30);
    const avgDelta = deltas.reduce((n, s) => n + s.bytes, 0) / deltas.length;
    expect(avgDelta).toBeLessThan(snaps[0]!.bytes);
    expect(tapOf(c).decodeErrors).toBe(0);
  });

  it('converges to the exact server state for a client that loses 30% of its snapshots', async () => {
    const { c, room } = await player({ ...validCreate, maxPlayers: 8, bots: 7 });
    let rng = 0xc0ffee;
    let seq = 0;
    let kept = 0;
    let dropped = 0;
    let mismatches = 0;
    const receiver = tapOf(c).receiver;
    // Replace the harness's decoding with one that loses snapshots before the receiver sees them.
    c.off('tick');
    c.on('tick', (bytes) => {
      const [r, next] = nextRandom(rng);
      rng = next;
      if (r < 0.3 && receiver.ackTick >= 0) {
        dropped += 1;
      } else {
        const res = receiver.receive(bytes);
        expect(res.ok).toBe(true);
        if (res.ok) {
          kept += 1;
          const f = res.value.snapshot.frame;
          if (JSON.stringify(f.players) !== JSON.stringify(serverPlayers(room, f.tick))) mismatches += 1;
        }
      }
      const ack = receiver.ackTick < 0 ? -1 : receiver.ackTick & 0xffff;
      c.emit(
        'input',
        encodeInput({
          seq: ++seq,
          mx: 0,
          my: 1,
          aim: 0,
          fire: false,
          ack,
          resync: receiver.needsResync,
          view: -1,
        }),
      );
    });
    await new Promise<void>((resolve) => {
      const check = setInterval(() => {
        if (kept + dropped < 150) return;
        clearInterval(check);
        resolve();
      }, 20);
    });
    expect(dropped).toBeGreaterThan(25);
    expect(mismatches).toBe(0);
    expect(receiver.stats.deltas).toBeGreaterThan(kept / 2);
    expect(receiver.stats.missingBaseline).toBe(0);
  });

  it('sends a full snapshot when the acknowledged baseline has fallen out of the ring', async () => {
    const { c, room } = await player();
    const receiver = tapOf(c).receiver;
    const [first] = await collectTicks(c, 1);
    const staleAck = first!.t & 0xffff;
    // Acknowledge tick `first` only, for longer than the ring holds, while still sending inputs.
    let seq = 0;
    const snaps: TestSnapshot[] = [];
    const off = onSnapshot(c, (s) => {
      snaps.push(s);
      c.emit(
        'input',
        encodeInput({
          seq: ++seq,
          mx: 0,
          my: 0,
          aim: 0,
          fire: false,
          ack: staleAck,
          resync: false,
          view: -1,
        }),
      );
    });
    const ringTicks = room.frames.capacity;
    await waitForTick(c, () => snaps.length > ringTicks + 10, 10_000);
    off();
    const early = snaps.filter((s) => s.t - first!.t < ringTicks - 2);
    const late = snaps.filter((s) => s.t - first!.t > ringTicks + 1);
    expect(early.some((s) => s.delta)).toBe(true);
    expect(late.length).toBeGreaterThan(0);
    expect(late.every((s) => !s.delta)).toBe(true);
    expect(receiver.stats.decodeErrors).toBe(0);
  });

  it('sends each client only the players in its view on a large map, and adds and removes them as they move', async () => {
    const { c, joined, room } = await player({ ...validCreate, map: 'expanse', bots: 0 });
    const b = await connect(url);
    clients.push(b);
    const jb = await request<JoinedRoom>(b, 'room:join', { code: joined.room.code, name: 'Far' });
    if (!jb.ok) throw new Error(jb.error.message);
    const me = joined.playerId;
    const other = jb.data.playerId;
    await waitForTick(c, (s) => room.state.players.length === 2 && s.t > room.frames.oldestTick);
    const pos = room.state.players.find((p) => p.id === me)!;
    const keepAcking = (s: TestSnapshot) => sendInput(c, { seq: s.t, mx: 0, my: 0, aim: 0, fire: false });
    const offAck = onSnapshot(c, keepAcking);

    // Far away (other side of the map): not sent.
    const far = { x: pos.x < EXPANSE.width / 2 ? EXPANSE.width - 100 : 100, y: pos.y };
    teleport(room, other, far.x, far.y);
    const without = await waitForTick(c, (s) => !s.players.some((p) => p.id === other));
    expect(without.players.map((p) => p.id)).toEqual([me]);
    expect(inInterest(pos.x, pos.y, far)).toBe(false);

    // Next to us: enters the view with its real state.
    teleport(room, other, pos.x + 300, pos.y);
    const entered = await waitForTick(c, (s) => s.players.some((p) => p.id === other));
    expect(entered.players.find((p) => p.id === other)).toEqual(
      serverPlayers(room, entered.t)?.find((p) => p.id === other),
    );

    // And leaves it again.
    teleport(room, other, far.x, far.y);
    const left = await waitForTick(c, (s) => !s.players.some((p) => p.id === other));
    expect(left.players.map((p) => p.id)).toEqual([me]);
    offAck();
    expect(tapOf(c).decodeErrors).toBe(0);
  });

  it('gives owner-only fields to their owner alone', async () => {
    const { c, joined } = await player({ ...validCreate, maxPlayers: 2, bots: 0 });
    const b = await connect(url);
    clients.push(b);
    const jb = await request<JoinedRoom>(b, 'room:join', { code: joined.room.code, name: 'Bo' });
    if (!jb.ok) throw new Error(jb.error.message);
    const spectator = await connect(url);
    clients.push(spectator);
    await request(spectator, 'room:join', { code: joined.room.code, name: 'Eye', spectate: true });
    // A sends seq 500+, B sends seq 9000+: each must only ever see its own.
    const seen = { a: new Set<number>(), b: new Set<number>() };
    const offA = onSnapshot(c, (s) => {
      seen.a.add(s.owner?.lastSeq ?? -2);
      sendInput(c, { seq: 500 + s.t, mx: 1, my: 0, aim: 0, fire: false });
    });
    const offB = onSnapshot(b, (s) => {
      seen.b.add(s.owner?.lastSeq ?? -2);
      sendInput(b, { seq: 9000 + s.t, mx: -1, my: 0, aim: 0, fire: false });
    });
    await collectTicks(c, 30);
    offA();
    offB();
    expect([...seen.a].some((q) => q >= 500)).toBe(true);
    expect([...seen.a].every((q) => q < 9000)).toBe(true);
    expect([...seen.b].some((q) => q >= 9000)).toBe(true);
    expect([...seen.b].every((q) => q === -1 || q >= 9000)).toBe(true);
    // Spectators hold no seat and get no owner fields at all.
    const [watched] = await collectTicks(spectator, 1);
    expect(watched!.owner).toBeNull();
  });

  it('detects a corrupted client state by its hash, resends a full snapshot and recovers', async () => {
    // No bots: a player who dies and respawns is sent absolute coordinates, which would heal the corruption
    // before a hash could catch it.
    const { c, room } = await player({ ...validCreate, bots: 0 });
    const receiver = tapOf(c).receiver;
    let seq = 0;
    const offAck = onSnapshot(c, () => sendInput(c, { seq: ++seq, mx: 0, my: 0, aim: 0, fire: false }));
    await waitForTick(c, (s) => s.delta);
    const desyncsBefore = (await metric('tick_arena_desyncs_total')) ?? 0;
    // Corrupt what the client holds (every held frame, whichever the server picks as the baseline): every
    // later delta builds on the wrong value.
    const corrupted = new Set<object>();
    for (let t = receiver.ackTick; t > receiver.ackTick - 256 && t >= 0; t--) {
      const victim = receiver.held(t)?.players[0] as { x: number } | undefined;
      if (victim && !corrupted.has(victim)) {
        corrupted.add(victim);
        victim.x += 5;
      }
    }
    expect(corrupted.size).toBeGreaterThan(0);
    const after: TestSnapshot[] = [];
    const offCollect = onSnapshot(c, (s) => after.push(s));
    await waitForTick(c, () => receiver.stats.desyncs === 1 && after.some((s) => !s.delta));
    // Recovered: snapshots after the full one are deltas again and match the server exactly.
    const recovered = await waitForTick(c, (s) => s.delta && after.filter((a) => !a.delta).length > 0);
    expect(recovered.players).toEqual(serverPlayers(room, recovered.t));
    offCollect();
    offAck();
    expect(receiver.stats.desyncs).toBe(1);
    expect(await metric('tick_arena_desyncs_total')).toBe(desyncsBefore + 1);
  });

  it('after a late timer sends each client only the newest tick, and counts the ones it skipped', async () => {
    // A server of its own: the count must be this one client's.
    const own = await startServer();
    const c = await connect(own.url);
    clients.push(c);
    const created = await request<JoinedRoom>(c, 'room:create', { ...validCreate, bots: 1 });
    expect(created.ok).toBe(true);
    const metric = async (name: string, labels: string) => {
      const text = (await own.app.inject({ method: 'GET', url: '/metrics' })).body;
      const line = text.split('\n').find((l) => l.startsWith(`${name}{${labels}} `));
      return line ? Number(line.split(' ')[1]) : undefined;
    };
    const ticks: number[] = [];
    const off = onSnapshot(c, (s) => ticks.push(s.t));
    await collectTicks(c, 5);
    const before = (await metric('tick_arena_snapshots_skipped_total', 'reason="superseded"')) ?? 0;
    // Block the event loop for five tick periods: the room's loop wakes late and runs the due ticks back
    // to back, but publishes once, the newest, whose delta covers the rest.
    const until = performance.now() + 5 * (1000 / 30);
    while (performance.now() < until) {
      // busy
    }
    await collectTicks(c, 5);
    off();
    const gaps = ticks.slice(1).map((t, i) => t - ticks[i]!);
    expect(Math.max(...gaps)).toBeGreaterThanOrEqual(3);
    const skipped =
      ((await metric('tick_arena_snapshots_skipped_total', 'reason="superseded"')) ?? 0) - before;
    // Every tick the client did not get is counted (this client is the room's only member).
    const missing = gaps.reduce((n, g) => n + g - 1, 0);
    expect(skipped).toBe(missing);
    expect(tapOf(c).decodeErrors).toBe(0);
    c.close();
    await own.app.close();
  });

  async function metric(name: string, labels?: string): Promise<number | undefined> {
    const text = (await app.inject({ method: 'GET', url: '/metrics' })).body;
    const prefix = labels ? `${name}{${labels}} ` : `${name} `;
    const line = text.split('\n').find((l) => l.startsWith(prefix));
    return line ? Number(line.split(' ')[1]) : undefined;
  }
});
