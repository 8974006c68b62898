import type { BotRoom } from '../worker/protocol.js';

/** Creating a room is retried this often (with another bot) before its bots are given up. */
const MAX_CREATE_ATTEMPTS = 3;

/** The request a bot sends to create a planned room. */
export type CreateRoom = Extract<BotRoom, { kind: 'create' }>;

/**
 * How one planned room comes to exist, shared by the planners (`RoomPlanner`, `RoomMixPlanner`): the first
 * bot sent to it creates it, the others wait for its code and join; a failed create is retried by another
 * bot, up to `MAX_CREATE_ATTEMPTS` times, after which its bots are given up with the last reason.
 */
export class RoomCreation {
  private creating = false;
  private attempts = 0;
  /** Why the room could not be made, once the attempts are used up. */
  failed: string | null = null;

  /** `code`: the room exists already (a given `--join` code). */
  constructor(public code: string | null = null) {}

  /**
   * How a bot for room `index` gets in right now: join (code known), create (`create` builds the request;
   * null when this planner never creates rooms), `wait` (being created), or `failed` with the reason.
   */
  entry(index: number, create: (() => CreateRoom) | null): BotRoom | 'wait' | { failed: string } {
    if (this.failed) return { failed: this.failed };
    if (this.code) return { kind: 'join', index, code: this.code };
    if (this.creating || !create) return 'wait';
    this.creating = true;
    this.attempts += 1;
    return create();
  }

  /** The creator got in: everyone else can join. */
  created(code: string): void {
    this.code = code;
    this.creating = false;
  }

  /** The creator failed; another bot will try unless the attempts are used up. */
  createFailed(reason: string): void {
    this.creating = false;
    if (this.attempts >= MAX_CREATE_ATTEMPTS) this.failed = reason;
  }
}
