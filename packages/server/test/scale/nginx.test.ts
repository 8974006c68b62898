import { ErrorCode, type JoinedRoom } from '@tick-arena/common';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { collectTicks, request, startServer, type TestClient } from '../support/harness.js';
import { connectFrom, tryConnect, type ClientOptions } from './support/clients.js';
import { httpsGet, startNginx, type NginxProcess } from './support/nginx.js';
import { freePort, startNode, startRedis, type NodeProcess, type RedisProcess } from './support/processes.js';

const MAX_CONNECTIONS_PER_IP = 2;

/** `http://127.0.0.1:PORT` -> `127.0.0.1:PORT`, an upstream address for the site file. */
const hostPort = (url: string) => new URL(url).host;

const room = { name: 'Host', public: false, maxPlayers: 4, tickRate: 30, bots: 0 };

/**
 * Debian's nginx with the site file of docs/self-hosting.md (deploy/nginx/tick-arena.conf: TLS, sticky
 * upstream, routing by ?node=, WebSocket upgrade, X-Forwarded-For) in front of two server processes on
 * one redis-server. Each node's PUBLIC_URL is the proxy's address with its ?node=, as the docs say.
 */
describe('two nodes behind nginx', () => {
  let redis: RedisProcess;
  let a: NodeProcess;
  let b: NodeProcess;
  let nginx: NginxProcess;
  let proxy: string;
  const clients: TestClient[] = [];
  const via = (opts: ClientOptions = {}) => ({ ca: nginx.ca, ...opts });
  const readyzNode = async (query = '') =>
    (JSON.parse((await httpsGet(`${proxy}/readyz${query}`, nginx.ca)).body) as { node: string }).node;

  beforeAll(async () => {
    redis = await startRedis();
    const httpsPort = await freePort();
    proxy = `https://127.0.0.1:${httpsPort}`;
    const env = (id: string) => ({
      REDIS_URL: redis.url,
      NODE_ID: id,
      PUBLIC_URL: `${proxy}/?node=${id}`,
      TRUST_PROXY: '1',
      MAX_CONNECTIONS_PER_IP: String(MAX_CONNECTIONS_PER_IP),
    });
    [a, b] = await Promise.all([startNode(env('eu1')), startNode(env('eu2'))]);
    nginx = await startNginx({ nodeA: hostPort(a.url), nodeB: hostPort(b.url), httpsPort });
  });

  afterAll(async () => {
    for (const c of clients) c.disconnect();
    await nginx?.stop();
    await Promise.all([a?.stop(), b?.stop()]);
    await redis?.stop();
  });

  it('routes by ?node=, keeps one client address on one node, redirects HTTP and hides /metrics', async () => {
    expect(await readyzNode('?node=eu1')).toBe('eu1');
    expect(await readyzNode('?node=eu2')).toBe('eu2');
    const first = await readyzNode();
    for (let i = 0; i < 4; i++) expect(await readyzNode()).toBe(first);

    const metrics = await httpsGet(`${proxy}/metrics`, nginx.ca);
    expect(metrics.status).toBe(404);
    expect(metrics.body).not.toContain('tick_arena_');
    // The nodes still serve it on their own addresses, for Prometheus.
    expect((await fetch(`${a.url}/metrics`)).status).toBe(200);

    const plain = await fetch(`${nginx.httpUrl}/r/ABCDEF`, { redirect: 'manual' });
    expect(plain.status).toBe(301);
    expect(plain.headers.get('location')).toBe('https://127.0.0.1/r/ABCDEF');
  });

  it('lets a socket.io client join by code a room on the other node, through the proxy, and get its ticks', async () => {
    const landing = await readyzNode();
    const other = landing === 'eu1' ? 'eu2' : 'eu1';
    const host = await connectFrom(proxy, via({ query: { node: other }, localAddress: '127.0.0.2' }));
    clients.push(host);
    const made = await request<JoinedRoom>(host, 'room:create', room);
    if (!made.ok) throw new Error(made.error.message);
    const code = made.data.room.code;

    const guest = await connectFrom(proxy, via({ localAddress: '127.0.0.3' }));
    clients.push(guest);
    const wrong = await request<JoinedRoom>(guest, 'room:join', { code, name: 'Guest' });
    expect(!wrong.ok && wrong.error).toMatchObject({
      code: ErrorCode.ROOM_ELSEWHERE,
      url: `${proxy}/?node=${other}`,
    });
    if (wrong.ok || !wrong.error.url) return;

    // What the browser client does (client/src/net/follow-node.ts): reconnect to that URL, ask again.
    guest.disconnect();
    const followed = await connectFrom(wrong.error.url, via({ localAddress: '127.0.0.3' }));
    clients.push(followed);
    const joined = await request<JoinedRoom>(followed, 'room:join', { code, name: 'Guest' });
    expect(joined.ok && joined.data.room.code).toBe(code);
    const ticks = await collectTicks(followed, 5);
    expect(ticks.at(-1)?.players).toHaveLength(2);
    expect(ticks.every((t, i) => i === 0 || t.t > (ticks[i - 1]?.t ?? 0))).toBe(true);
  });

  it('keeps a long-polling session on one node (no WebSocket at all) and delivers its ticks', async () => {
    const polling = await connectFrom(proxy, via({ transports: ['polling'] }));
    clients.push(polling);
    expect(polling.io.engine.transport.name).toBe('polling');
    const made = await request<JoinedRoom>(polling, 'room:create', room);
    expect(made.ok).toBe(true);
    // Each tick is a separate HTTP request through nginx: all must reach the node holding the session.
    const ticks = await collectTicks(polling, 30);
    expect(ticks).toHaveLength(30);
  });

  it('caps sockets per client address as nginx saw it (TRUST_PROXY=1), across nodes; a forged X-Forwarded-For does not help', async () => {
    const open: TestClient[] = [];
    const from = (localAddress: string, extra: ClientOptions = {}) => via({ localAddress, ...extra });
    expect(await tryConnect(proxy, from('127.0.0.20', { query: { node: 'eu1' } }), open)).toBe('ok');
    expect(await tryConnect(proxy, from('127.0.0.20', { query: { node: 'eu2' } }), open)).toBe('ok');
    expect(await tryConnect(proxy, from('127.0.0.20'), open)).toBe(ErrorCode.TOO_MANY_CONNECTIONS);
    const forged = from('127.0.0.20', { headers: { 'X-Forwarded-For': '198.51.100.7' } });
    expect(await tryConnect(proxy, forged, open)).toBe(ErrorCode.TOO_MANY_CONNECTIONS);
    // Another client address has its own allowance, though every socket reaches the nodes from nginx.
    expect(await tryConnect(proxy, from('127.0.0.21'), open)).toBe('ok');
    for (const c of open) c.disconnect();
  });
});

describe('a node behind nginx without TRUST_PROXY', () => {
  let node: { app: FastifyInstance; url: string };
  let nginx: NginxProcess;

  beforeAll(async () => {
    node = await startServer({ MAX_CONNECTIONS_PER_IP: String(MAX_CONNECTIONS_PER_IP) });
    nginx = await startNginx({ nodeA: hostPort(node.url), nodeB: hostPort(node.url) });
  });

  afterAll(async () => {
    await nginx?.stop();
    await node?.app.close();
  });

  it("counts every client as nginx's own address, so distinct clients share one allowance", async () => {
    const open: TestClient[] = [];
    const from = (localAddress: string) => ({ ca: nginx.ca, localAddress });
    expect(await tryConnect(nginx.url, from('127.0.0.30'), open)).toBe('ok');
    expect(await tryConnect(nginx.url, from('127.0.0.31'), open)).toBe('ok');
    expect(await tryConnect(nginx.url, from('127.0.0.32'), open)).toBe(ErrorCode.TOO_MANY_CONNECTIONS);
    for (const c of open) c.disconnect();
  });
});
