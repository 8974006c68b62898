/**
 * Measures the real period between tick starts of one room, as the drift-corrected loop delivers it.
 * Usage: pnpm --filter @tick-arena/server bench:tick-period [seconds=10] [rates=30,60]
 * A real server on 127.0.0.1:0, one real socket.io client in a room with 7 bots (16 players would be
 * the same loop cost order; the point here is the clock, not capacity: see the load tester for that).
 * Percentiles are computed exactly from the sorted samples: at most a few thousand of them.
 */
import type { AddressInfo } from 'node:net';
import { PROTOCOL_VERSION, type ClientToServerEvents, type ServerToClientEvents } from '@tick-arena/common';
import { io, type Socket } from 'socket.io-client';
import { buildApp, loadConfig } from '../src/index.js';

const seconds = Number(process.argv[2] ?? 10);
const rates = (process.argv[3] ?? '30,60').split(',').map(Number);

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

const starts = new Map<string, number[]>();
const app = await buildApp(loadConfig({ LOG_LEVEL: 'warn', CLIENT_DIR: '' }), {
  observer: {
    tick: (code, _duration, startedAt) => {
      const list = starts.get(code) ?? [];
      list.push(startedAt);
      starts.set(code, list);
    },
  },
});
await app.listen({ port: 0, host: '127.0.0.1' });
const url = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}`;

console.log(`tick period of one room over ${seconds} s (node ${process.version})`);
console.log('rate  ticks  expected(ms)  mean(ms)  p50(ms)  p99(ms)  max(ms)  achieved(Hz)');
for (const rate of rates) {
  const client: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    auth: { protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
  });
  const code = await new Promise<string>((resolve, reject) => {
    client.on('connect', () =>
      client.emit(
        'room:create',
        { name: 'bench', public: false, maxPlayers: 8, tickRate: rate, bots: 7 },
        (r) => (r.ok ? resolve(r.data.room.code) : reject(new Error(r.error.message))),
      ),
    );
  });
  starts.set(code, []);
  await new Promise((r) => setTimeout(r, seconds * 1000));
  client.close();
  const s = starts.get(code) ?? [];
  const periods = s.slice(1).map((t, i) => t - (s[i] as number));
  const sorted = [...periods].sort((a, b) => a - b);
  const mean = periods.reduce((a, b) => a + b, 0) / periods.length;
  const f = (n: number) => n.toFixed(2).padStart(8);
  console.log(
    `${String(rate).padStart(4)}  ${String(s.length).padStart(5)}  ${f(1000 / rate)}     ${f(mean)}  ${f(pct(sorted, 50))} ${f(pct(sorted, 99))} ${f(sorted[sorted.length - 1] ?? NaN)}  ${f(1000 / mean)}`,
  );
}
await app.close();
