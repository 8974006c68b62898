import type { RoomInfo } from '@tick-arena/common';
import { REAL_TIMERS, TrailingThrottle, type ThrottleTimers } from './trailing-throttle.js';

/** The socket.io room of the sockets watching the lobby. Room codes are six upper-case characters: no clash. */
export const LOBBY_ROOM = 'lobby';

/** Least time between two lobby pushes, ms: at most twice a second, however busy the rooms are. */
export const LOBBY_PUSH_INTERVAL_MS = 500;

export interface LobbyFeedOptions {
  /** The public rooms now (this node's, or the whole cluster's through the directory). */
  list(): RoomInfo[] | Promise<RoomInfo[]>;
  /** Sockets watching on this node. */
  watchers(): number;
  /** Push a list to every watcher on this node. */
  send(rooms: RoomInfo[]): void;
  /** A list could not be read (the cluster directory is away): no push this time. */
  onError?(err: unknown): void;
  /**
   * Also re-read the list this often while anyone watches, ms (0 = only on changes). A cluster sets it to
   * its heartbeat: a node that dies without a word announces nothing, its record just expires.
   * @default 0
   */
  refreshEveryMs?: number;
  timers?: ThrottleTimers;
}

/**
 * The live public room list. Any change to a room (made, closed, a seat taken or given up) calls
 * `changed()`; the feed re-reads the list at most every `LOBBY_PUSH_INTERVAL_MS` and pushes it to the
 * watchers only when it differs from the last one pushed, so a room full of bots trading kills costs
 * nothing, and nobody polls.
 *
 * A new watcher gets the list in its `lobby:watch` ack, which may be newer than the last push: the feed then
 * forgets what it pushed, so the next change reaches everyone even if the list went back to that value.
 */
export class LobbyFeed {
  private lastSent: string | null = null;
  private readonly throttle: TrailingThrottle;
  private readonly timers: ThrottleTimers;
  private refreshTimer: unknown = null;

  constructor(private readonly opts: LobbyFeedOptions) {
    this.timers = opts.timers ?? REAL_TIMERS;
    this.throttle = new TrailingThrottle(LOBBY_PUSH_INTERVAL_MS, () => this.flush(), this.timers);
  }

  /** Something in the lobby may have changed. */
  changed(): void {
    if (this.opts.watchers() > 0) this.throttle.trigger();
    // Nobody watches: nothing to push, and the next watcher gets a fresh list in its ack anyway.
    else this.lastSent = null;
  }

  /** A socket started watching (and was sent the current list). */
  watched(): void {
    this.lastSent = null;
    this.scheduleRefresh();
  }

  /** The current list, for a `lobby:watch` ack. */
  list(): RoomInfo[] | Promise<RoomInfo[]> {
    return this.opts.list();
  }

  close(): void {
    this.throttle.cancel();
    if (this.refreshTimer !== null) this.timers.clearTimeout(this.refreshTimer);
    this.refreshTimer = null;
  }

  /** The periodic re-read runs only while someone watches: it stops by itself once nobody does. */
  private scheduleRefresh(): void {
    const every = this.opts.refreshEveryMs ?? 0;
    if (every <= 0 || this.refreshTimer !== null) return;
    this.refreshTimer = this.timers.setTimeout(() => {
      this.refreshTimer = null;
      if (this.opts.watchers() === 0) return;
      this.changed();
      this.scheduleRefresh();
    }, every);
  }

  private flush(): void | Promise<void> {
    if (this.opts.watchers() === 0) return;
    let listed: RoomInfo[] | Promise<RoomInfo[]>;
    try {
      listed = this.opts.list();
    } catch (err) {
      this.opts.onError?.(err);
      return;
    }
    if (!(listed instanceof Promise)) {
      this.push(listed);
      return;
    }
    return listed.then(
      (rooms) => this.push(rooms),
      (err: unknown) => this.opts.onError?.(err),
    );
  }

  private push(rooms: RoomInfo[]): void {
    const json = JSON.stringify(rooms);
    if (json === this.lastSent) return;
    this.lastSent = json;
    this.opts.send(rooms);
  }
}
