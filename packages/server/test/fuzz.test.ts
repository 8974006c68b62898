import { BinaryEvent, PROTOCOL_VERSION, nextRandom, type JoinedRoom } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { LogCapture } from './support/log-capture.js';
import { RawSocket } from './support/raw-socket.js';
import {
  connect,
  drive,
  request,
  sleep,
  startServer,
  validCreate,
  type TestClient,
} from './support/harness.js';

/** Seeded so a failure replays exactly. */
let rng = 0x5eed;
function rand(): number {
  const [v, next] = nextRandom(rng);
  rng = next;
  return v;
}
const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rand() * xs.length)] as T;

function nested(depth: number): unknown {
  let v: unknown = 0;
  for (let i = 0; i < depth; i++) v = rand() < 0.5 ? [v] : { a: v };
  return v;
}

const EVENTS = [
  'input',
  'chat',
  'room:create',
  'room:join',
  'room:resume',
  'time:sync',
  'room:leave',
  'room:list',
];
const VALUES: (() => unknown)[] = [
  () => null,
  () => rand() * 1e308,
  () => -1,
  () => 'x'.repeat(Math.floor(rand() * 3000)),
  () => ({ seq: rand() * 1e9, mx: 2, my: 'a', aim: null, fire: 1 }),
  () => ({ __proto__: { polluted: true }, constructor: { prototype: { bad: 1 } } }),
  () => Array.from({ length: 400 }, () => 1),
  () => nested(300),
  () => ({ code: 'AAAAAA', name: '\u0000\u202e' }),
  () => true,
];

const bytes = (n: number) => Array.from({ length: n }, () => Math.floor(rand() * 256));

/**
 * Malformed binary of every shape the one-frame parser can meet: empty, a lone code byte, the input code
 * with a payload too short, too long, of the right length but garbage (bad version, out-of-range values),
 * a server-to-client code sent by a client, unknown codes, and frames past the size limit.
 */
function garbageBinary(): Buffer {
  const code = pick([BinaryEvent.input.code, BinaryEvent.tick.code, 0, 3, 0x42, 0xff]);
  switch (Math.floor(rand() * 6)) {
    case 0:
      return Buffer.alloc(0);
    case 1:
      return Buffer.from([code]);
    case 2:
      return Buffer.from([BinaryEvent.input.code, ...bytes(Math.floor(rand() * 11))]);
    case 3:
      return Buffer.from([BinaryEvent.input.code, ...bytes(11)]);
    case 4:
      return Buffer.from([code, ...bytes(12 + Math.floor(rand() * 300))]);
    default:
      return Buffer.from([code, ...bytes(5000)]);
  }
}

/** One malformed frame, from the Engine.IO layer up to socket.io payloads. */
function garbageFrame(): string | Buffer {
  switch (Math.floor(rand() * 12)) {
    case 0:
      return garbageBinary();
    case 1:
      return String.fromCharCode(...Array.from({ length: 40 }, () => Math.floor(rand() * 0xffff)));
    case 2:
      return `4${pick(['', '9', '2[', '5', '3{}', '0{"x":'])}`; // bad socket.io packet types
    case 3:
      return `42[${JSON.stringify(pick(VALUES)())}]`; // non-string event names
    case 4:
      return `42${JSON.stringify([pick(EVENTS), pick(VALUES)(), pick(VALUES)(), pick(VALUES)()])}`; // wrong arity
    case 5:
      return `42${JSON.stringify([pick(EVENTS), pick(VALUES)()])}`; // wrong types
    case 6:
      return `451-["input",{"_placeholder":true,"num":0}]`; // unexpected binary attachment header
    case 7:
      return `42["input",${JSON.stringify(nested(1500))}]`; // deep nesting
    case 8:
      return `42["chat",{"text":"${'y'.repeat(5000)}"}]`; // oversized frame
    case 9:
      return `42${Math.floor(rand() * 1e6)}["time:sync","soon"]`; // ack id with bad payload
    case 10:
      return `42["${'z'.repeat(30)}",1]`; // unknown event
    default:
      return pick(['', '6', '1', '5', '40', '41', '2probe', '42', '42[]', '42{}', '42["__proto__"]']);
  }
}

describe('fuzzing the socket boundary', () => {
  let app: FastifyInstance;
  let url: string;
  const logs = new LogCapture();
  const processErrors: unknown[] = [];
  const onProcessError = (err: unknown) => processErrors.push(err);

  beforeAll(async () => {
    process.on('unhandledRejection', onProcessError);
    process.on('uncaughtException', onProcessError);
    ({ app, url } = await startServer({ LOG_LEVEL: 'info' }, { logStream: logs }));
  });

  afterAll(async () => {
    process.off('unhandledRejection', onProcessError);
    process.off('uncaughtException', onProcessError);
    await app?.close();
  });

  it('keeps serving a normal player at its tick rate while thousands of malformed packets arrive', async () => {
    const player: TestClient = await connect(url);
    const joined = await request<JoinedRoom>(player, 'room:create', { ...validCreate, bots: 3 });
    expect(joined.ok).toBe(true);
    let ticks = 0;
    player.on('tick', () => ticks++);
    const play = (n: number, seq: number) =>
      drive(player, n, seq, { mx: rand() * 2 - 1, my: rand() * 2 - 1, fire: true });

    // Baseline: delivered ticks over 2 s with nobody attacking.
    const t0 = performance.now();
    ticks = 0;
    await Promise.all([play(30, 1), sleep(2000)]);
    const baseline = ticks / ((performance.now() - t0) / 1000);

    // Attack: 8 raw connections, each sending garbage frames, reconnecting whenever the server drops it.
    let sent = 0;
    let reconnects = 0;
    const attack = async (deadline: number) => {
      while (performance.now() < deadline) {
        const raw = new RawSocket(url);
        try {
          await raw.connect(rand() < 0.8 ? { protocol: PROTOCOL_VERSION } : pick(VALUES)());
        } catch {
          raw.close();
          reconnects++;
          continue;
        }
        while (!raw.closed && performance.now() < deadline) {
          for (let i = 0; i < 40 && !raw.closed; i++) {
            raw.sendFrame(garbageFrame());
            sent++;
          }
          await sleep(2);
        }
        raw.close();
        reconnects++;
      }
    };
    const t1 = performance.now();
    ticks = 0;
    const deadline = t1 + 4000;
    await Promise.all([...Array.from({ length: 8 }, () => attack(deadline)), play(60, 100)]);
    await sleep(Math.max(0, deadline - performance.now()));
    const underAttack = ticks / ((performance.now() - t1) / 1000);

    expect(sent).toBeGreaterThan(3000);
    expect(reconnects).toBeGreaterThan(0);
    // The normal player's delivered rate dropped by at most 5%.
    expect(underAttack).toBeGreaterThanOrEqual(baseline * 0.95);
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
    expect(player.connected).toBe(true);
    expect(processErrors).toEqual([]);
    expect(logs.errors()).toEqual([]);
    player.close();
    console.log(
      `fuzz: ${sent} frames over ${reconnects} connections; player ticks/s baseline ${baseline.toFixed(1)}, under attack ${underAttack.toFixed(1)}`,
    );
  });
});
