import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  RoundPhase,
  binaryParser,
  decodeInput,
  encodeSnapshotBody,
  encodeSnapshotTail,
  hashClientFrame,
  joinSnapshot,
  type ClientFrame,
  type ClientToServerEvents,
  type InputPacket,
  type ServerToClientEvents,
} from '@tick-arena/common';
import { Server } from 'socket.io';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startBaselineServer, type BaselineServer } from '../src/baseline/baseline-server.js';
import { BotClient, type BotSink, type Connector } from '../src/bot/bot-client.js';
import type { BotConnection } from '../src/bot/bot-connection.js';
import { EngineIoSocket } from '../src/bot/engine-io-socket.js';
import { InputScheduler } from '../src/bot/input-scheduler.js';
import { SocketIoConnection } from '../src/bot/socket-io-connection.js';
import type { BotEvent, BotRoom } from '../src/worker/protocol.js';
import { startGameServer, type GameServerFixture } from './support/game-server.js';

let game: GameServerFixture;
let baseline: BaselineServer;

beforeAll(async () => {
  game = await startGameServer('loadtest-bot-');
  baseline = await startBaselineServer({ payloadBytes: 60 });
});

afterAll(async () => {
  await game?.close();
  await baseline?.close();
});

/** What a bot told its sink, and every input packet it sent (decoded on the way out). */
interface Recorded {
  counts: { gap: number; age: number; ack: number };
  events: BotEvent[];
  inputs: InputPacket[];
  serverErrors: string[];
}

function recorder(): { sink: BotSink; rec: Recorded } {
  const rec: Recorded = { counts: { gap: 0, age: 0, ack: 0 }, events: [], inputs: [], serverErrors: [] };
  const sink: BotSink = {
    gap: () => (rec.counts.gap += 1),
    age: () => (rec.counts.age += 1),
    ack: () => (rec.counts.ack += 1),
    connected: () => {},
    serverError: (code) => rec.serverErrors.push(code),
    event: (e) => rec.events.push(e),
  };
  return { sink, rec };
}

/** A connector that decodes every input the bot emits before sending it on. */
function spying(open: Connector, rec: Recorded): Connector {
  return (o, h) => {
    const c: BotConnection = open(o, h);
    const emit = c.emit.bind(c);
    c.emit = ((name: 'input' | 'chat', ...args: [Uint8Array]) => {
      if (name === 'input') {
        const d = decodeInput(args[0]);
        if (d.ok) rec.inputs.push(d.value);
      }
      emit(name, ...args);
    }) as BotConnection['emit'];
    return c;
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const until = async (cond: () => boolean, ms = 5000) => {
  const end = Date.now() + ms;
  while (!cond() && Date.now() < end) await sleep(10);
};

/** Run two bots in one room of `url` for `ms`, the first creating it. */
async function runBots(url: string, connect: Connector, ms: number) {
  const scheduler = new InputScheduler();
  const bots: BotClient[] = [];
  const recs: Recorded[] = [];
  const spawn = (id: number, room: BotRoom) => {
    const { sink, rec } = recorder();
    const bot = new BotClient(
      { id, url, name: `bot-${id}`, seed: id * 7919, connectTimeoutMs: 5000, room },
      sink,
      scheduler,
      spying(connect, rec),
    );
    bots.push(bot);
    recs.push(rec);
    bot.start();
    return rec;
  };
  try {
    const first = spawn(0, {
      kind: 'create',
      index: 0,
      maxPlayers: 4,
      tickRate: 30,
      snapshotEvery: undefined,
    });
    await until(() => first.events.length > 0);
    const joined = first.events[0];
    if (joined?.kind !== 'joined') throw new Error(`the first bot did not join: ${JSON.stringify(joined)}`);
    spawn(1, { kind: 'join', index: 0, code: joined.room.code });
    await sleep(ms);
    return bots.map((b, i) => ({ counters: b.counters(), rec: recs[i] as Recorded }));
  } finally {
    for (const b of bots) b.stop();
    scheduler.stop();
  }
}

describe.each<[string, Connector]>([
  ['lean', (o, h) => new EngineIoSocket(o, h)],
  ['socket.io-client', (o, h) => new SocketIoConnection(o, h)],
])('a bot on the %s transport against the real game server', (_name, connect) => {
  it('decodes every snapshot as deltas against what it acknowledged, with no decode error', async () => {
    const results = await runBots(game.url, connect, 1500);
    for (const { counters: c, rec } of results) {
      expect(rec.events.map((e) => e.kind)).toEqual(['joined']);
      expect(rec.serverErrors).toEqual([]);
      // 30 Hz for over a second.
      expect(c.snapshots).toBeGreaterThan(20);
      expect(c).toMatchObject({ decodeErrors: 0, desyncs: 0, missingBaselines: 0 });
      // Full until the server hears the first ack, deltas after that.
      expect(c.fullSnapshots).toBeGreaterThanOrEqual(1);
      expect(c.fullSnapshots).toBeLessThan(c.snapshots / 4);
      // Payload bytes per snapshot: a small binary delta of two players, not JSON.
      const perSnapshot = c.snapshotBytes / c.snapshots;
      expect(perSnapshot).toBeGreaterThan(5);
      expect(perSnapshot).toBeLessThan(200);
      expect(c.bytesIn).toBeGreaterThan(c.snapshotBytes);

      // Every input acknowledges the newest snapshot held: -1 before the first, then ticks moving forward.
      const acks = rec.inputs.map((p) => p.ack);
      expect(rec.inputs.length).toBeGreaterThan(20);
      expect(rec.inputs.map((p) => p.seq)).toEqual(rec.inputs.map((_, i) => i));
      expect(rec.inputs.every((p) => !p.resync)).toBe(true);
      const held = acks.filter((a) => a >= 0);
      expect(held.length).toBeGreaterThan(acks.length - 5);
      for (let i = 1; i < held.length; i++) expect(held[i]).toBeGreaterThanOrEqual(held[i - 1] as number);
      expect(new Set(held).size).toBeGreaterThan(15);
      // A bot interpolates nothing: its shots are judged at the newest snapshot it holds (lag compensation).
      for (const p of rec.inputs) expect(p.view).toBe(p.ack < 0 ? -1 : p.ack * 256);

      // Measured from the decoded frames: gaps, ages (server time) and acks (owner lastSeq).
      expect(rec.counts.gap).toBeGreaterThan(20);
      expect(rec.counts.age).toBeGreaterThan(0);
      expect(rec.counts.ack).toBeGreaterThan(10);
    }
  });
});

describe('a bot against the bare socket.io baseline', () => {
  it('decodes its full snapshots of the chosen size, and the baseline decodes its inputs', async () => {
    expect(baseline.payload.players).toBeGreaterThan(1);
    expect(Math.abs(baseline.payload.bytes - 60)).toBeLessThanOrEqual(5);
    const inputsBefore = baseline.inputs.ok;
    const results = await runBots(baseline.url, (o, h) => new EngineIoSocket(o, h), 1000);
    for (const { counters: c, rec } of results) {
      expect(c.snapshots).toBeGreaterThan(15);
      expect(c).toMatchObject({ decodeErrors: 0, desyncs: 0, missingBaselines: 0 });
      // Broadcast to the whole room: every snapshot is full, of about the chosen size.
      expect(c.fullSnapshots).toBe(c.snapshots);
      expect(Math.abs(c.snapshotBytes / c.snapshots - baseline.payload.bytes)).toBeLessThanOrEqual(2);
      expect(rec.counts.gap).toBeGreaterThan(15);
      // No owner fields in a broadcast: nothing acknowledges an input.
      expect(rec.counts.ack).toBe(0);
    }
    expect(baseline.inputs.ok - inputsBefore).toBeGreaterThan(30);
    expect(baseline.inputs.bad).toBe(0);
  });
});

/** A full snapshot of `tick` for player 1, with `hash` in its tail (or none). */
function fullSnapshot(tick: number, lastSeq: number, hash: 'right' | 'wrong' | 'none'): Uint8Array {
  const frame: ClientFrame = {
    tick,
    serverTime: 1_700_000_000_000 + tick * 33.3,
    players: [{ id: 1, x: 100, y: 200, aim: 0, hp: 100, alive: true, protected: false }],
    round: { number: 1, phase: RoundPhase.PLAYING, endTick: -1, winner: -1 },
    owner: { lastSeq, cooldownTicks: 0, respawnTicks: 0 },
  };
  const h = hashClientFrame(frame);
  const tail = encodeSnapshotTail(
    null,
    frame.owner,
    hash === 'none' ? null : hash === 'right' ? h : (h ^ 1) >>> 0,
  );
  return joinSnapshot(encodeSnapshotBody(null, frame, []), tail);
}

describe('a bot fed bad snapshots', () => {
  it('counts a decode error and a desync, and asks for a full snapshot in its next input', async () => {
    const http = createServer();
    const io = new Server<ClientToServerEvents, ServerToClientEvents>(http, { parser: binaryParser });
    // One scripted tick per input: good, garbage, a frame whose hash does not match, then good again.
    const script: (Uint8Array | null)[] = [
      fullSnapshot(10, 0, 'right'),
      Uint8Array.from([0xee, 1, 2, 3]),
      fullSnapshot(12, 2, 'wrong'),
      null,
      fullSnapshot(14, 4, 'none'),
    ];
    io.on('connection', (socket) => {
      socket.on('time:sync', (clientTime, ack) => ack({ clientTime, serverTime: Date.now() }));
      socket.on('room:create', (_req, ack) =>
        ack({
          ok: true,
          data: {
            room: {
              code: 'SCRIPT',
              public: false,
              maxPlayers: 2,
              tickRate: 30,
              snapshotEvery: 1,
              bots: 0,
              players: 1,
              spectators: 0,
              mapId: 'arena-1',
            },
            playerId: 1,
            spectator: false,
            resumeToken: '',
            roster: [],
          },
        }),
      );
      let n = 0;
      socket.on('input', () => {
        const bytes = script[n++];
        if (bytes) socket.emit('tick', bytes);
      });
    });
    await new Promise<void>((resolve) => http.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(http.address() as AddressInfo).port}`;
    const { sink, rec } = recorder();
    const scheduler = new InputScheduler();
    const bot = new BotClient(
      {
        id: 0,
        url,
        name: 'bot',
        seed: 1,
        connectTimeoutMs: 5000,
        room: { kind: 'create', index: 0, maxPlayers: 2, tickRate: 30, snapshotEvery: undefined },
      },
      sink,
      scheduler,
      spying((o, h) => new EngineIoSocket(o, h), rec),
    );
    try {
      bot.start();
      await until(() => rec.inputs.some((p) => p.ack === 14));
      expect(bot.counters()).toMatchObject({
        snapshots: 4,
        fullSnapshots: 3,
        decodeErrors: 1,
        desyncs: 1,
        missingBaselines: 0,
      });
      // Each input carries what the bot held when it was sent: nothing; tick 10 (still after the garbage);
      // nothing and a resync request after the desync; tick 14 once a full snapshot came. (Runs of equal
      // flags merged: how many inputs go out between two ticks depends on the machine's load.)
      const flags = rec.inputs.map((p) => `${p.ack}${p.resync ? ' resync' : ''}`);
      expect(flags.filter((f, i) => f !== flags[i - 1])).toEqual(['-1', '10', '-1 resync', '14']);
    } finally {
      bot.stop();
      scheduler.stop();
      await new Promise<void>((resolve) => io.close(() => resolve()));
    }
  });
});
