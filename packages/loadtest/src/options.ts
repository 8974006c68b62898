import type { NetsimSettings } from '@tick-arena/common';
import type { BotTransport } from './bot/bot-connection.js';

/** Where bots go: rooms the tester creates, or rooms that already exist. */
export type RoomSource =
  | {
      kind: 'create';
      /** Rooms to spread the clients over; `undefined` fills rooms of `roomSize` one after another. */
      rooms: number | undefined;
      /** Seats per room (`maxPlayers`). @default 16 */
      roomSize: number;
      /** Room tick rate, Hz. @default 30 */
      tickRate: number;
      /** Snapshot every Nth tick; `undefined` leaves it to the server. */
      snapshotEvery: number | undefined;
    }
  | { kind: 'join'; codes: string[] };

/** Everything one run needs, validated. The CLI builds it from flags; the benchmark builds it in code. */
export interface RunOptions {
  /** Base URL of the server, e.g. `http://127.0.0.1:3000`. */
  url: string;
  /** Bot clients to connect. */
  clients: number;
  rooms: RoomSource;
  /** New connections per second while ramping. @default 100 */
  rampPerSecond: number;
  /** Seconds to let the server settle after the ramp before measuring. @default 2 */
  warmupSeconds: number;
  /** Seconds measured. @default 10 */
  durationSeconds: number;
  /** Worker threads running the bots. @default available cores - 1, at least 1 */
  workers: number;
  /** Prometheus endpoint to scrape; `null` disables scraping. @default `${url}/metrics` */
  metricsUrl: string | null;
  /** Give up on a connection or room request after this long, ms. @default 10000 */
  connectTimeoutMs: number;
  /**
   * Accept any TLS certificate from an `https://` / `wss://` server (`--insecure`: a self-signed
   * certificate on a test deployment), for the bots, the preflight and the `/metrics` scrape.
   * @default false
   */
  insecure?: boolean;
  /** Prefix of bot names. @default 'lt' */
  namePrefix: string;
  /**
   * Client library of the bots: `lean` (Engine.IO straight on the TCP socket, engine-io-socket.ts) or
   * the reference `socket.io` (socket.io-client). Same frames on the wire; lean costs the tester less CPU
   * per bot.
   * @default 'lean'
   */
  transport: BotTransport;
  /**
   * Every bot behind this simulated network (`--latency` = round trip, `--jitter`, `--loss` of state ticks,
   * `--bandwidth`): common's network simulator, the one behind the browser's `?netsim=`. `null`: the real
   * network only.
   * @default null
   */
  netsim?: NetsimSettings | null;
  /** Tester saturation: worker event-loop utilisation above this. @default 0.9 */
  maxTesterUtilisation: number;
  /** Tester saturation: worker event-loop delay p99 above this, ms. @default 20 */
  maxTesterLagMs: number;
}

/** Settings of `--find-capacity`. */
export interface CapacityOptions {
  /** First step's client count. @default the step size */
  start: number;
  /** Clients added per step. @default 50 */
  step: number;
  /** Stop here even if the SLO still holds. @default 5000 */
  max: number;
  /** Measured windows per step; the step's figures are their medians. @default 3 */
  repeats: number;
  /** Seconds per measured window. @default 3 */
  windowSeconds: number;
  /** Seconds to settle after adding clients. @default 2 */
  settleSeconds: number;
  /** Delivered snapshot rate must stay at or above this fraction of nominal. @default 0.99 */
  minDeliveredRatio: number;
  /** Server tick p99 must stay at or below this fraction of the tick budget. @default 0.5 */
  maxTickBudgetFraction: number;
}
