import { performance } from 'node:perf_hooks';
import { ServerClock } from '@tick-arena/common';
import { createClient, type RedisClientType } from 'redis';
import { LoadtestError, LoadtestErrorCode } from '../errors.js';

/** Reconnect quickly: a coordination channel that is away for more than a few seconds loses the run anyway. */
const RECONNECT_MAX_DELAY_MS = 500;
/** `TIME` round trips that place the Redis clock (ServerClock's warm-up: the fastest of them wins). */
const CLOCK_SAMPLES = 4;

/** `redis://user:secret@host:6379` -> `redis://user:***@host:6379`, for messages. */
export function redactUrl(url: string): string {
  try {
    const u = new URL(url);
    if (u.password) u.password = '***';
    return u.toString().replace(/\/$/, '');
  } catch {
    return '(invalid URL)';
  }
}

const localNow = () => performance.timeOrigin + performance.now();

/**
 * One process's connection to the Redis that coordinates a distributed run: a command client, a
 * subscriber (a subscribed connection can do nothing else), and Redis's clock.
 *
 * Redis's `TIME` is the shared clock of a run: each process estimates the offset of its own clock to it
 * with common's ServerClock (NTP style, the fastest of a few round trips), so "start at T" means the same
 * instant on every machine to within half a round trip to Redis, whether or not the machines' clocks agree.
 */
export class RedisLink {
  private readonly clock = new ServerClock();

  private constructor(
    readonly url: string,
    readonly client: RedisClientType,
    private readonly sub: RedisClientType,
  ) {}

  /** Connect both clients within `timeoutMs`, or throw REDIS_UNREACHABLE (exit 2). */
  static async connect(
    url: string,
    timeoutMs: number,
    onError?: (message: string) => void,
  ): Promise<RedisLink> {
    const make = (): RedisClientType => {
      const c: RedisClientType = createClient({
        url,
        socket: {
          connectTimeout: timeoutMs,
          reconnectStrategy: (retries: number) => Math.min(50 * (retries + 1), RECONNECT_MAX_DELAY_MS),
        },
      });
      // Without a listener an 'error' event would end the process; the client reconnects by itself.
      c.on('error', (err: unknown) => onError?.((err as Error).message));
      return c;
    };
    const client = make();
    const sub = make();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.all([client.connect(), sub.connect()]),
        new Promise((_, reject) => {
          timer = setTimeout(() => reject(new Error(`no answer within ${timeoutMs} ms`)), timeoutMs);
        }),
      ]);
    } catch (err) {
      for (const c of [client, sub]) if (c.isOpen) c.destroy();
      throw new LoadtestError(
        LoadtestErrorCode.REDIS_UNREACHABLE,
        `cannot reach Redis at ${redactUrl(url)}: ${(err as Error).message}`,
      );
    } finally {
      clearTimeout(timer);
    }
    const link = new RedisLink(url, client, sub);
    await link.syncClock();
    return link;
  }

  /** Estimate the offset to Redis's clock from a few `TIME` round trips. */
  async syncClock(): Promise<void> {
    for (let i = 0; i < CLOCK_SAMPLES; i++) {
      const sentAt = localNow();
      const [seconds, micros] = await this.client.time();
      const receivedAt = localNow();
      this.clock.add({ sentAt, serverTime: Number(seconds) * 1000 + Number(micros) / 1000, receivedAt });
    }
  }

  /** Now on Redis's clock, epoch ms. */
  redisNow(): number {
    return this.clock.serverTime(localNow());
  }

  /** Milliseconds from now until `redisMs` on Redis's clock (negative when it has passed). */
  msUntil(redisMs: number): number {
    return redisMs - this.redisNow();
  }

  async publish(channel: string, message: string): Promise<void> {
    await this.client.publish(channel, message);
  }

  async subscribe(channel: string, onMessage: (message: string) => void): Promise<void> {
    await this.sub.subscribe(channel, onMessage);
  }

  async unsubscribe(channel: string): Promise<void> {
    if (this.sub.isOpen) await this.sub.unsubscribe(channel);
  }

  async close(): Promise<void> {
    for (const c of [this.sub, this.client]) {
      if (!c.isOpen) continue;
      try {
        await c.close();
      } catch {
        c.destroy();
      }
    }
  }
}

/** Resolve after `ms` (at once for ms <= 0). */
export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, Math.max(0, ms)));
