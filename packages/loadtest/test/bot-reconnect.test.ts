import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BotBehaviour } from '../src/bot/bot-behaviours.js';
import { BotClient, type BotSink } from '../src/bot/bot-client.js';
import { EngineIoSocket } from '../src/bot/engine-io-socket.js';
import { InputScheduler } from '../src/bot/input-scheduler.js';
import type { BotCounters, BotEvent, BotSpec } from '../src/worker/protocol.js';
import { startGameServer, type GameServerFixture } from './support/game-server.js';

let game: GameServerFixture;

beforeAll(async () => {
  game = await startGameServer('loadtest-reconnect-');
});

afterAll(async () => {
  await game?.close();
});

/** A bot in a new 30 Hz room of the real server, with every event it reports and a way to await them. */
function bot(extra: Partial<BotSpec> = {}) {
  const events: BotEvent[] = [];
  const waiters: { ready: () => boolean; resolve: () => void }[] = [];
  const sink: BotSink = {
    gap: () => {},
    age: () => {},
    ack: () => {},
    connected: () => {},
    serverError: () => {},
    event: (e) => {
      events.push(e);
      for (const w of waiters.splice(0)) {
        if (w.ready()) w.resolve();
        else waiters.push(w);
      }
    },
  };
  const scheduler = new InputScheduler();
  const client = new BotClient(
    {
      id: 1,
      url: game.url,
      name: 'reconnector',
      seed: 99,
      connectTimeoutMs: 10_000,
      room: { kind: 'create', index: 0, maxPlayers: 4, tickRate: 30, snapshotEvery: undefined },
      ...extra,
    },
    sink,
    scheduler,
    (o, h) => new EngineIoSocket(o, h),
  );
  /** The `n`-th event of this kind, once it has been reported. */
  const nth = (kind: BotEvent['kind'], n = 1) =>
    new Promise<BotEvent>((resolve) => {
      const of = () => events.filter((e) => e.kind === kind);
      const ready = () => of().length >= n;
      const done = () => resolve(of()[n - 1] as BotEvent);
      if (ready()) done();
      else waiters.push({ ready, resolve: done });
    });
  return {
    client,
    events,
    nth,
    stop() {
      client.stop();
      scheduler.stop();
    },
  };
}

/** Counters after `n` more snapshots have arrived (the server ticks at 30 Hz). */
async function afterSnapshots(client: BotClient, n: number): Promise<BotCounters> {
  const target = client.counters().snapshots + n;
  while (client.counters().snapshots < target) await new Promise((r) => setTimeout(r, 20));
  return client.counters();
}

describe('a reconnecting bot against the real game server', () => {
  it('drops its connection and gets the same seat back with its resume token', async () => {
    const b = bot();
    try {
      b.client.start();
      const joined = await b.nth('joined');
      if (joined.kind !== 'joined') throw new Error('not joined');
      const room = game.app.rooms.get(joined.room.code);
      const before = await afterSnapshots(b.client, 10);

      b.client.reconnect();
      const resumed = await b.nth('resumed');
      expect(resumed).toMatchObject({ kind: 'resumed', id: 1, roomIndex: 0 });
      expect(resumed.kind === 'resumed' && resumed.ms).toBeGreaterThan(0);

      // Still one player in the room, the same seat, connected: the resume replaced the old connection.
      expect(room?.humanCount).toBe(1);
      expect(room?.roster()).toEqual([expect.objectContaining({ id: joined.playerId, connected: true })]);
      const after = await afterSnapshots(b.client, 10);
      // The resumed seat starts from a full snapshot, then deltas decode again against what it acknowledges.
      expect(after.fullSnapshots).toBeGreaterThan(before.fullSnapshots);
      expect(after).toMatchObject({ decodeErrors: 0, desyncs: 0, joined: true });
      // Traffic of both connections counts: the counters never go backwards.
      expect(after.bytesIn).toBeGreaterThan(before.bytesIn);
      expect(after.bytesOut).toBeGreaterThan(before.bytesOut);
      expect(b.events.map((e) => e.kind)).toEqual(['joined', 'resumed']);
    } finally {
      b.stop();
    }
  });

  it('reconnects on its own every reconnectEveryMs when its behaviour is reconnecting', async () => {
    const b = bot({ behaviour: BotBehaviour.RECONNECTING, reconnectEveryMs: 300 });
    try {
      b.client.start();
      await b.nth('joined');
      await b.nth('resumed', 3);
      expect(b.events.filter((e) => e.kind !== 'resumed').map((e) => e.kind)).toEqual(['joined']);
      expect((await afterSnapshots(b.client, 5)).decodeErrors).toBe(0);
    } finally {
      b.stop();
    }
  });
});
