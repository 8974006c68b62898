/**
 * `pnpm bench:first-load`: how long a friend waits from opening a share link to being in the game, on a
 * throttled connection. A real server (its own process) serves the built client; a socket creates a private
 * room; a fresh headless Chromium context (empty cache) opens `/r/CODE` behind Chromium's own network
 * emulation (CDP `Network.emulateNetworkConditions`: --mbps both ways, --latency ms added to every request),
 * types a name and presses Enter the moment the name field appears (a script in the page, so no automation
 * round trip is timed; it finds the field by its label, "Your name"), and the clock stops when the game scene first draws the friend's own player
 * (`window.__tickArena.rendered()`, timed by the page from its navigation start). Then the same context opens
 * the link again (a return visit: what the HTTP cache saves).
 *
 * With --before DIR (a worktree of an older commit, `pnpm install` and `pnpm build:client` run in it) the
 * same is measured against that checkout's server and build, in alternating runs, and the medians of both are
 * printed side by side.
 *
 *   pnpm bench:first-load [--before DIR] [--runs 5] [--mbps 10] [--latency 40] [--json FILE] [--help]
 */
import { existsSync, readFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import {
  binaryParser,
  median,
  type ClientToServerEvents,
  type JoinedRoom,
  type ServerToClientEvents,
  type AckResult,
} from '@tick-arena/common';
import { chromium, type Browser } from 'playwright-core';
import { io, type Socket } from 'socket.io-client';
// Brings in the typing of `window.__tickArena`.
import type {} from '../src/debug/debug-hook.js';
import { startServer, type ServerProcess } from './server-process.js';

const USAGE = `usage: pnpm bench:first-load [--before DIR] [--runs 5] [--mbps 10] [--latency 40] [--json FILE] [--help]

Share link -> in game (the scene draws your player) in a fresh headless Chromium behind its network emulation
(--mbps down and up, --latency ms per request), then again as a return visit with a warm cache. --before DIR
measures an older checkout too (its client built), alternating with this one, --runs times each; medians.
`;

const OPTIONS = {
  before: { type: 'string' },
  runs: { type: 'string', default: '5' },
  mbps: { type: 'string', default: '10' },
  latency: { type: 'string', default: '40' },
  json: { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

const THIS_ROOT = fileURLToPath(new URL('../../../', import.meta.url));
const CHROMIUM = '/usr/bin/chromium';
/** The flags the e2e tests use (test/e2e/support/stack.ts): headless, and nothing that calls home. */
const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];
/** Longest a load may take before the run is counted as failed. */
const LOAD_TIMEOUT_MS = 60_000;

interface Variant {
  readonly name: string;
  readonly root: string;
  /** The checkout's protocol version: its server refuses any other in the handshake. */
  readonly protocol: number;
  server?: ServerProcess;
}

/** One visit: link to in game, and what went over the wire. */
interface Visit {
  /** Link opened (navigation start) to the first frame that draws the player. */
  readonly ms: number;
  /** Navigation start to the last file of the page received. */
  readonly assetsMs: number;
  /** Enter pressed on the name to that first frame (socket, join, game boot, first snapshot: no downloads). */
  readonly joinMs: number;
  /** Bytes received for the page's HTTP requests (headers and bodies as sent, i.e. compressed). */
  readonly bytes: number;
  readonly requests: number;
}

interface Run {
  readonly variant: string;
  readonly first: Visit;
  readonly again: Visit;
}

function protocolOf(root: string): number {
  const text = readFileSync(join(root, 'packages/common/src/protocol/version.ts'), 'utf8');
  const m = /PROTOCOL_VERSION\s*=\s*(\d+)/.exec(text);
  if (!m?.[1]) throw new Error(`no PROTOCOL_VERSION in ${root}`);
  return Number(m[1]);
}

/** A private room with no bots, held open by a socket until `close`. */
async function openRoom(url: string, protocol: number): Promise<{ code: string; close(): void }> {
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    auth: { protocol },
    parser: binaryParser,
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
  });
  const result = await new Promise<AckResult<JoinedRoom>>((resolve, reject) => {
    socket.once('connect_error', reject);
    socket.emit(
      'room:create',
      { name: 'Host', public: false, maxPlayers: 8, tickRate: 30, bots: 0 },
      resolve,
    );
  });
  if (!result.ok) throw new Error(`room:create failed: ${result.error.message}`);
  return { code: result.data.room.code, close: () => socket.close() };
}

/**
 * Page script: as soon as the name field exists, fill it and submit its form (Enter), noting the time in
 * `window.benchEnterAt`. A string, not a function: tsx would wrap a function's inner functions in a helper
 * the page does not have.
 */
function joinAtOnce(name: string): string {
  return `(() => {
    const join = () => {
      const label = [...document.querySelectorAll('label')].find((l) => l.textContent === 'Your name');
      const input = label ? document.getElementById(label.htmlFor) : null;
      if (!(input instanceof HTMLInputElement) || !input.form) return false;
      input.value = ${JSON.stringify(name)};
      input.dispatchEvent(new Event('input', { bubbles: true }));
      window.benchEnterAt = performance.now();
      input.form.requestSubmit();
      return true;
    };
    const watch = new MutationObserver(() => {
      if (join()) watch.disconnect();
    });
    watch.observe(document, { childList: true, subtree: true });
  })();`;
}

/** Open the link in a new page, join as `name`, and time the first frame that shows us (from navigation). */
async function visit(
  context: Awaited<ReturnType<Browser['newContext']>>,
  link: string,
  name: string,
  net: { mbps: number; latencyMs: number },
): Promise<Visit> {
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  const bytesPerSecond = (net.mbps * 1e6) / 8;
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: net.latencyMs,
    downloadThroughput: bytesPerSecond,
    uploadThroughput: bytesPerSecond,
  });
  let bytes = 0;
  let requests = 0;
  cdp.on('Network.loadingFinished', (e) => {
    bytes += e.encodedDataLength;
    requests += 1;
  });
  // A player who has the name typed the instant the field appears and presses Enter at once: timed inside the
  // page, so the figure is the page's and the server's, not the automation's round trips.
  await page.addInitScript({ content: joinAtOnce(name) });
  await page.goto(link, { waitUntil: 'commit' });
  const drawn = await page.waitForFunction(
    () => {
      const hook = window.__tickArena;
      const me = hook?.snapshot()?.playerId;
      const frame = hook?.rendered();
      return me !== undefined && frame?.players.some((p) => p.id === me) === true ? frame.time : false;
    },
    undefined,
    { polling: 'raf', timeout: LOAD_TIMEOUT_MS },
  );
  const ms = (await drawn.jsonValue()) as number;
  const enterMs = await page.evaluate(() => (window as unknown as { benchEnterAt: number }).benchEnterAt);
  // The network's part: when the page's last file (the Phaser chunk, fetched while the name is asked) was in.
  const assetsMs = await page.evaluate(() =>
    Math.max(
      0,
      ...(performance.getEntriesByType('resource') as PerformanceResourceTiming[]).map((r) => r.responseEnd),
    ),
  );
  await cdp.detach();
  await page.close();
  return { ms, assetsMs, joinMs: ms - enterMs, bytes, requests };
}

async function measure(browser: Browser, v: Variant, net: { mbps: number; latencyMs: number }): Promise<Run> {
  const server = v.server;
  if (!server) throw new Error(`${v.name}: server not started`);
  const room = await openRoom(server.url, v.protocol);
  const context = await browser.newContext({ viewport: { width: 1280, height: 720 } });
  try {
    const link = `${server.url}/r/${room.code}`;
    const first = await visit(context, link, 'Bob', net);
    const again = await visit(context, link, 'Cy', net);
    return { variant: v.name, first, again };
  } finally {
    await context.close();
    room.close();
  }
}

const kb = (bytes: number) => `${(bytes / 1024).toFixed(0)} KB`;
const line = (v: Visit) =>
  `${v.ms.toFixed(0)} ms in game (files in at ${v.assetsMs.toFixed(0)}, Enter -> in game ${v.joinMs.toFixed(0)}), ` +
  `${kb(v.bytes)} in ${v.requests} requests`;

async function main(): Promise<void> {
  const { values } = parseArgs({ options: OPTIONS, allowPositionals: false });
  if (values.help) {
    process.stdout.write(USAGE);
    return;
  }
  const runs = Number(values.runs);
  const net = { mbps: Number(values.mbps), latencyMs: Number(values.latency) };
  if (!(runs >= 1) || !(net.mbps > 0) || !(net.latencyMs >= 0)) throw new Error(USAGE);
  const variants: Variant[] = [{ name: 'this checkout', root: THIS_ROOT, protocol: protocolOf(THIS_ROOT) }];
  if (values.before) {
    variants.unshift({ name: 'before', root: values.before, protocol: protocolOf(values.before) });
  }
  for (const v of variants) {
    if (!existsSync(join(v.root, 'packages/client/dist/index.html'))) {
      throw new Error(`${v.root} has no client build: run \`pnpm build:client\` there`);
    }
  }
  if (!existsSync(CHROMIUM)) throw new Error('Chromium missing: apt-get install -y chromium');

  const browser = await chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_ARGS });
  const results: Run[] = [];
  try {
    for (const v of variants) {
      v.server = await startServer({ CLIENT_DIR: join(v.root, 'packages/client/dist') }, v.root);
    }
    // Alternate the order every round, so a drift in machine load falls on both alike.
    for (let r = 0; r < runs; r++) {
      const order = r % 2 === 0 ? variants : [...variants].reverse();
      for (const v of order) {
        const run = await measure(browser, v, net);
        results.push(run);
        process.stdout.write(
          `run ${r + 1}/${runs} ${v.name}: first ${line(run.first)}; return ${line(run.again)}\n`,
        );
      }
    }
  } finally {
    await browser.close();
    for (const v of variants) await v.server?.stop();
  }

  process.stdout.write(
    `\nShare link -> in game, ${net.mbps} Mbit/s, ${net.latencyMs} ms latency, medians of ${runs} runs (ms):\n` +
      '| checkout | in game | files in | Enter -> in game | transferred | return: in game | files in | transferred |\n' +
      '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: |\n',
  );
  const summary = variants.map((v) => {
    const mine = results.filter((r) => r.variant === v.name);
    const med = (pick: (r: Run) => number) => median(mine.map(pick));
    const row = {
      variant: v.name,
      firstMs: med((r) => r.first.ms),
      firstAssetsMs: med((r) => r.first.assetsMs),
      firstJoinMs: med((r) => r.first.joinMs),
      firstBytes: med((r) => r.first.bytes),
      againMs: med((r) => r.again.ms),
      againAssetsMs: med((r) => r.again.assetsMs),
      againBytes: med((r) => r.again.bytes),
    };
    const cells = [
      row.firstMs.toFixed(0),
      row.firstAssetsMs.toFixed(0),
      row.firstJoinMs.toFixed(0),
      kb(row.firstBytes),
      row.againMs.toFixed(0),
      row.againAssetsMs.toFixed(0),
      kb(row.againBytes),
    ];
    process.stdout.write(`| ${v.name} | ${cells.join(' | ')} |\n`);
    return row;
  });
  if (values.json) await writeFile(values.json, JSON.stringify({ net, runs: results, summary }, null, 2));
}

main().catch((err: unknown) => {
  process.stderr.write(`${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
