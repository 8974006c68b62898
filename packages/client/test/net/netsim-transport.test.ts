import type { AddressInfo } from 'node:net';
import { performance } from 'node:perf_hooks';
import { PROTOCOL_VERSION, binaryParser, type NetsimSettings } from '@tick-arena/common';
import { NodeWebSocket, io } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { GameSocket } from '../../src/net/connection.js';
import { sendInput } from '../../src/net/messages.js';
import { netsimTransport } from '../../src/net/netsim-transport.js';
import { createRoom, joinRoom } from '../../src/net/requests.js';
import { SnapshotStream, type Snapshot } from '../../src/net/snapshot-stream.js';
// Tests may reach into another package's source to run a real server; application code may not.
import { buildApp, loadConfig } from '../../../server/src/index.js';

type App = Awaited<ReturnType<typeof buildApp>>;

/** A socket as the page opens it (connection.ts), in Node: `NodeWebSocket` stands in for the browser's. */
function connect(url: string, netsim: NetsimSettings | null): GameSocket {
  return io(url, {
    auth: { protocol: PROTOCOL_VERSION },
    parser: binaryParser,
    transports: [netsim ? netsimTransport(NodeWebSocket, netsim, 5) : NodeWebSocket],
    forceNew: true,
    reconnection: false,
  });
}

function connected(socket: GameSocket): Promise<void> {
  return new Promise((resolve, reject) => {
    socket.once('connect', resolve);
    socket.once('connect_error', reject);
  });
}

function timeSync(socket: GameSocket): Promise<number> {
  const sent = performance.now();
  return new Promise((resolve) =>
    socket.emit('time:sync', Date.now(), () => resolve(performance.now() - sent)),
  );
}

describe('the page socket behind the network simulator (real server, real socket.io-client)', () => {
  let app: App;
  let url: string;
  const sockets: GameSocket[] = [];
  const open = async (netsim: NetsimSettings | null) => {
    const s = connect(url, netsim);
    sockets.push(s);
    await connected(s);
    return s;
  };

  beforeAll(async () => {
    app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR: '' }));
    await app.listen({ port: 0, host: '127.0.0.1' });
    url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    for (const s of sockets) s.disconnect();
    await app?.close();
  });

  it('adds the simulated round trip to every request and delivers ticks intact and in order', async () => {
    const socket = await open({ rttMs: 200, jitterMs: 0, lossPercent: 0 });
    for (let i = 0; i < 3; i++) {
      // A lower bound only: the simulator adds 100 ms each way to whatever the real round trip takes.
      expect(await timeSync(socket)).toBeGreaterThanOrEqual(199.5);
    }
    const stream = new SnapshotStream(socket);
    const joined = await createRoom(socket, {
      name: 'Slow',
      public: false,
      maxPlayers: 4,
      tickRate: 30,
      bots: 0,
    });
    const ticks: number[] = [];
    await new Promise<void>((resolve) =>
      stream.attach(joined.room.tickRate, (s) => {
        ticks.push(s.tick);
        if (ticks.length === 20) resolve();
      }),
    );
    // Decoded (so the frames came through intact) and in order. (Not necessarily consecutive: a server loop
    // that ran late sends only the newest of the ticks it caught up on.)
    expect(ticks.slice(1).every((t, i) => t > (ticks[i] as number))).toBe(true);
  });

  it('loses state ticks only: requests are answered, inputs arrive, no tick gets through at 100% loss', async () => {
    const lossy = await open({ rttMs: 20, jitterMs: 5, lossPercent: 100 });
    const lossyStream = new SnapshotStream(lossy);
    const joined = await createRoom(lossy, {
      name: 'Lossy',
      public: false,
      maxPlayers: 4,
      tickRate: 30,
      bots: 0,
    });
    lossyStream.attach(joined.room.tickRate, () => undefined);
    const watcher = await open(null);
    const watcherStream = new SnapshotStream(watcher);
    await joinRoom(watcher, { code: joined.room.code, name: 'Watcher' });

    // The lossy player walks right; the watcher (on the real network) sees it move.
    let seq = 0;
    const walking = setInterval(() => {
      sendInput(lossy, { seq: seq++, mx: 1, my: 0, aim: 0, fire: false }, lossyStream);
    }, 1000 / 30);
    const seen: Snapshot[] = [];
    await new Promise<void>((resolve) =>
      watcherStream.attach(joined.room.tickRate, (s) => {
        seen.push(s);
        if (seen.length === 45) resolve();
      }),
    );
    clearInterval(walking);
    const xOf = (s: Snapshot | undefined) => s?.players.find((p) => p.id === joined.playerId)?.x ?? NaN;
    expect(xOf(seen.at(-1))).toBeGreaterThan(xOf(seen[0]) + 50);
    expect(lossyStream.stats.received).toBe(0);
  });
});
