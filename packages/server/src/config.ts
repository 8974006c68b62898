import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Limits } from '@tick-arena/common';
import type { TickPrecision } from './loop/fixed-loop.js';
import { adminTokenProblem } from './admin/token-check.js';
import { DEFAULT_MAX_REWIND_MS } from './loop/tick-engine.js';
import { serverPackageRoot } from './package-root.js';

/** Validated, frozen server configuration. */
export interface ServerConfig {
  /** TCP port. @default 3000 */
  readonly port: number;
  /** Interface to listen on. @default '0.0.0.0' */
  readonly host: string;
  /** Tick rate of quick-play rooms and the default for new rooms, Hz. @default 30 */
  readonly tickRate: number;
  /** Send a snapshot every Nth tick unless a room chooses otherwise. @default 1 */
  readonly snapshotEvery: number;
  /** pino level. @default 'info' */
  readonly logLevel: string;
  /** Directory of the built client; '' serves no client. @default packages/client/dist */
  readonly clientDir: string;
  /** Rooms this process will host at once. @default 500 */
  readonly maxRooms: number;
  /** Seconds a dropped player's seat is held for reconnection. @default 30 */
  readonly reconnectGraceSeconds: number;
  /** Players (humans) admitted across all rooms; with REDIS_URL, across all nodes. @default 1000 */
  readonly maxPlayers: number;
  /** Concurrent sockets from one IP address (with REDIS_URL, across all nodes); 0 = unlimited. @default 32 */
  readonly maxConnectionsPerIp: number;
  /**
   * Browser origins allowed to open a socket: '' = same origin as the page's host only, '*' = any, or a
   * comma-separated list of origins. Requests without an Origin header (bots, the load tester) are allowed.
   * @default ''
   */
  readonly allowedOrigins: string;
  /**
   * Proxies of your own in front of the server (1 = one nginx). The client IP is then the address the
   * outermost of them saw, read from X-Forwarded-For counting that many entries from the right; 0 uses the
   * socket's peer address and ignores the header. @default 0
   */
  readonly trustProxy: number;
  /** Milliseconds between heartbeats; a dead client is detected within interval + timeout. @default 4000 */
  readonly pingIntervalMs: number;
  /** @default 4000 */
  readonly pingTimeoutMs: number;
  /** Largest accepted message in bytes; bigger frames close the connection. @default 4096 */
  readonly maxMessageBytes: number;
  /** Bytes queued for one slow client before it is disconnected. @default 1048576 */
  readonly maxBufferedBytes: number;
  /** Longest a graceful shutdown may take, ms. @default 5000 */
  readonly shutdownTimeoutMs: number;
  /**
   * A snapshot carries a hash of the state its receiver should hold at least this many ticks apart; the
   * client compares it after decoding and asks for a full snapshot on a mismatch. @default 30
   */
  readonly desyncCheckTicks: number;
  /**
   * How room loops wait for a tick: 'coarse' (setTimeout; a tick may start 1-2 ms late, the average rate is
   * exact) or 'exact' (wake early and poll the clock; about 2.5% of a core per idle 30 Hz room, see
   * docs/benchmarks.md "Tick precision"). @default 'coarse'
   */
  readonly tickPrecision: TickPrecision;
  /**
   * Lag compensation: how far back, ms, the server may rewind the other players to judge a shot where its
   * shooter saw them. A claim older than this is judged at this bound, a claim of the future at the
   * present; 0 judges every shot against the present. See docs/netcode.md. @default 250
   */
  readonly maxRewindMs: number;
  /**
   * Redis for scale-out (`redis://host:6379`): node registry, room directory, lobby across nodes and the
   * socket.io Redis adapter. '' runs one self-contained process and no Redis code. @default ''
   */
  readonly redisUrl: string;
  /**
   * This node's address as players reach it (`https://eu1.example.com`): a request for one of its rooms
   * that lands on another node is sent here. '' = `http://HOST:PORT`, a wildcard HOST as 127.0.0.1 (right
   * for nodes on one machine only). @default ''
   */
  readonly publicUrl: string;
  /** Name of this node in the registry and the logs; '' picks a random one at start. @default '' */
  readonly nodeId: string;
  /**
   * Bearer token of the admin page and its API (`/admin`, docs/self-hosting.md "Admin page"); '' turns
   * both off (they answer 404). At least 16 printable characters, e.g. `openssl rand -hex 32`. Prefer the
   * environment variable: a command-line flag is visible to every local user in `ps`. @default ''
   */
  readonly adminToken: string;
}

interface OptionSpec {
  key: keyof ServerConfig;
  env: string;
  flag: string;
  kind: 'int' | 'string' | 'choice';
  /** Allowed values of a `choice` option. */
  choices?: readonly string[];
  default: string | number;
  min?: number;
  max?: number;
  doc: string;
}

const DEFAULT_CLIENT_DIR = join(serverPackageRoot(), '../client/dist');
const LEVELS = ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'];

/** Every option, its environment variable, CLI flag, default and bounds. `--help` prints this table. */
export const CONFIG_OPTIONS: readonly OptionSpec[] = [
  {
    key: 'port',
    env: 'PORT',
    flag: 'port',
    kind: 'int',
    default: 3000,
    min: 0,
    max: 65535,
    doc: 'TCP port (0 = any free port)',
  },
  {
    key: 'host',
    env: 'HOST',
    flag: 'host',
    kind: 'string',
    default: '0.0.0.0',
    doc: 'interface to listen on',
  },
  {
    key: 'tickRate',
    env: 'TICK_RATE',
    flag: 'tick-rate',
    kind: 'int',
    default: 30,
    min: Limits.MIN_TICK_RATE,
    max: Limits.MAX_TICK_RATE,
    doc: 'default room tick rate in Hz',
  },
  {
    key: 'snapshotEvery',
    env: 'SNAPSHOT_EVERY',
    flag: 'snapshot-every',
    kind: 'int',
    default: 1,
    min: 1,
    max: 8,
    doc: 'send a snapshot every Nth tick',
  },
  {
    key: 'logLevel',
    env: 'LOG_LEVEL',
    flag: 'log-level',
    kind: 'choice',
    choices: LEVELS,
    default: 'info',
    doc: `log level (${LEVELS.join(', ')})`,
  },
  {
    key: 'clientDir',
    env: 'CLIENT_DIR',
    flag: 'client-dir',
    kind: 'string',
    default: DEFAULT_CLIENT_DIR,
    doc: "built client to serve ('' = none)",
  },
  {
    key: 'maxRooms',
    env: 'MAX_ROOMS',
    flag: 'max-rooms',
    kind: 'int',
    default: 500,
    min: 1,
    max: 100000,
    doc: 'rooms hosted at once',
  },
  {
    key: 'reconnectGraceSeconds',
    env: 'RECONNECT_GRACE',
    flag: 'reconnect-grace',
    kind: 'int',
    default: 30,
    min: 0,
    max: 3600,
    doc: 'seconds a dropped player keeps its seat',
  },
  {
    key: 'maxPlayers',
    env: 'MAX_PLAYERS',
    flag: 'max-players',
    kind: 'int',
    default: 1000,
    min: 1,
    max: 1000000,
    doc: 'players admitted across all rooms (all nodes with REDIS_URL)',
  },
  {
    key: 'maxConnectionsPerIp',
    env: 'MAX_CONNECTIONS_PER_IP',
    flag: 'max-connections-per-ip',
    kind: 'int',
    default: 32,
    min: 0,
    max: 1000000,
    doc: 'sockets from one IP, all nodes (0 = unlimited; raise it for load tests)',
  },
  {
    key: 'allowedOrigins',
    env: 'ALLOWED_ORIGINS',
    flag: 'allowed-origins',
    kind: 'string',
    default: '',
    doc: "browser origins allowed ('' = same origin, '*' = any, or a comma list)",
  },
  {
    key: 'trustProxy',
    env: 'TRUST_PROXY',
    flag: 'trust-proxy',
    kind: 'int',
    default: 0,
    min: 0,
    max: 10,
    doc: 'proxies of yours in front (1 = one nginx): client IPs from X-Forwarded-For',
  },
  {
    key: 'pingIntervalMs',
    env: 'PING_INTERVAL_MS',
    flag: 'ping-interval',
    kind: 'int',
    default: 4000,
    min: 500,
    max: 60000,
    doc: 'heartbeat interval, ms',
  },
  {
    key: 'pingTimeoutMs',
    env: 'PING_TIMEOUT_MS',
    flag: 'ping-timeout',
    kind: 'int',
    default: 4000,
    min: 500,
    max: 60000,
    doc: 'heartbeat timeout, ms',
  },
  {
    key: 'maxMessageBytes',
    env: 'MAX_MESSAGE_BYTES',
    flag: 'max-message-bytes',
    kind: 'int',
    default: 4096,
    min: 1024,
    max: 1048576,
    doc: 'largest accepted client message',
  },
  {
    key: 'maxBufferedBytes',
    env: 'MAX_BUFFERED_BYTES',
    flag: 'max-buffered-bytes',
    kind: 'int',
    default: 1048576,
    min: 65536,
    max: 268435456,
    doc: 'bytes queued for a slow client before it is dropped',
  },
  {
    key: 'shutdownTimeoutMs',
    env: 'SHUTDOWN_TIMEOUT_MS',
    flag: 'shutdown-timeout',
    kind: 'int',
    default: 5000,
    min: 100,
    max: 120000,
    doc: 'bound on graceful shutdown, ms',
  },
  {
    key: 'desyncCheckTicks',
    env: 'DESYNC_CHECK_TICKS',
    flag: 'desync-check-ticks',
    kind: 'int',
    default: 30,
    min: 1,
    max: 100000,
    doc: 'ticks between state hashes in snapshots (desync detection)',
  },
  {
    key: 'tickPrecision',
    env: 'TICK_PRECISION',
    flag: 'tick-precision',
    kind: 'choice',
    choices: ['coarse', 'exact'],
    default: 'coarse',
    doc: 'how room loops wait for a tick: coarse (setTimeout) or exact (wake early and poll; costs CPU per room)',
  },
  {
    key: 'maxRewindMs',
    env: 'MAX_REWIND_MS',
    flag: 'max-rewind',
    kind: 'int',
    default: DEFAULT_MAX_REWIND_MS,
    min: 0,
    // The frame ring holds 1.25 s (FRAME_RING_SECONDS): the bound must stay inside it.
    max: 1000,
    doc: 'lag compensation: furthest a shot is judged in the past, ms (0 = off)',
  },
  {
    key: 'redisUrl',
    env: 'REDIS_URL',
    flag: 'redis-url',
    kind: 'string',
    default: '',
    doc: "Redis for scale-out across nodes, redis://host:port ('' = one process, no Redis)",
  },
  {
    key: 'publicUrl',
    env: 'PUBLIC_URL',
    flag: 'public-url',
    kind: 'string',
    default: '',
    doc: "this node's address for players, where other nodes send joins for its rooms ('' = http://HOST:PORT)",
  },
  {
    key: 'nodeId',
    env: 'NODE_ID',
    flag: 'node-id',
    kind: 'string',
    default: '',
    doc: "this node's name in the registry ('' = random)",
  },
  {
    key: 'adminToken',
    env: 'ADMIN_TOKEN',
    flag: 'admin-token',
    kind: 'string',
    default: '',
    doc: "bearer token of the admin page /admin, 16+ characters ('' = admin page off; prefer the env var)",
  },
];

/** Bad configuration: lists every problem, one per line, naming the variable or flag. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`invalid configuration:\n  ${problems.join('\n  ')}`);
    this.name = 'ConfigError';
  }
}

/**
 * Build the configuration from defaults, then environment variables, then CLI flags (flags win).
 * Throws ConfigError listing every invalid value.
 */
export function loadConfig(
  env: Record<string, string | undefined> = process.env,
  argv: string[] = [],
  overrides: Partial<ServerConfig> = {},
): ServerConfig {
  const { values } = parseArgs({
    args: argv,
    options: Object.fromEntries(CONFIG_OPTIONS.map((o) => [o.flag, { type: 'string' as const }])),
    strict: true,
    allowPositionals: false,
  });
  const problems: string[] = [];
  const out: Record<string, string | number> = {};
  for (const o of CONFIG_OPTIONS) {
    const flagValue = values[o.flag];
    const raw = typeof flagValue === 'string' ? flagValue : env[o.env];
    const source = typeof flagValue === 'string' ? `--${o.flag}` : o.env;
    if (raw === undefined) {
      out[o.key] = o.default;
      continue;
    }
    if (o.kind === 'int') {
      const n = Number(raw);
      if (raw.trim() === '' || !Number.isInteger(n) || n < (o.min ?? -Infinity) || n > (o.max ?? Infinity)) {
        problems.push(`${source} must be an integer from ${o.min} to ${o.max} (got "${raw}")`);
      } else out[o.key] = n;
    } else if (o.kind === 'choice') {
      const choices = o.choices ?? [];
      if (!choices.includes(raw))
        problems.push(`${source} must be one of ${choices.join(', ')} (got "${raw}")`);
      else out[o.key] = raw;
    } else {
      out[o.key] = raw;
    }
  }
  checkScaleOut(out, problems);
  const tokenProblem = adminTokenProblem(String(out.adminToken));
  if (tokenProblem) problems.push(tokenProblem);
  if (problems.length > 0) throw new ConfigError(problems);
  if (out.nodeId === '') out.nodeId = `node-${randomBytes(4).toString('hex')}`;
  return Object.freeze({ ...(out as unknown as ServerConfig), ...overrides });
}

const NODE_ID_PATTERN = /^[A-Za-z0-9_.-]{1,64}$/;

/** REDIS_URL, PUBLIC_URL and NODE_ID: URLs of the right scheme and a node id fit for a Redis key. */
function checkScaleOut(out: Record<string, string | number>, problems: string[]): void {
  const url = (value: unknown, schemes: string[]): boolean => {
    if (typeof value !== 'string') return false;
    try {
      return schemes.includes(new URL(value).protocol);
    } catch {
      return false;
    }
  };
  if (out.redisUrl !== '' && !url(out.redisUrl, ['redis:', 'rediss:']))
    problems.push(`REDIS_URL must be a redis:// or rediss:// URL (got "${String(out.redisUrl)}")`);
  if (out.publicUrl !== '' && !url(out.publicUrl, ['http:', 'https:']))
    problems.push(`PUBLIC_URL must be an http:// or https:// URL (got "${String(out.publicUrl)}")`);
  if (out.nodeId !== '' && !NODE_ID_PATTERN.test(String(out.nodeId)))
    problems.push(`NODE_ID must be 1-64 letters, digits, '.', '_' or '-' (got "${String(out.nodeId)}")`);
}

/** Text for `--help`, generated from CONFIG_OPTIONS so it cannot drift from the code. */
export function helpText(): string {
  const lines = CONFIG_OPTIONS.map(
    (o) =>
      `  --${o.flag.padEnd(18)} ${o.env.padEnd(17)} ${o.doc} (default: ${o.default === '' ? "''" : o.default})`,
  );
  return [
    'Usage: tick-arena-server [options]',
    '',
    'Starts the Tick Arena game server. Every option can be given as a flag or an environment variable;',
    'flags win. Invalid values stop the server with a list of what is wrong.',
    '',
    '  flag                 env var           meaning',
    ...lines,
    '  --help                                 print this help',
  ].join('\n');
}
