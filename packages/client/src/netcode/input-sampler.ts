import { Limits, quantizeAim, quantizeAxis, type SimInput } from '@tick-arena/common';

/** What the player wants right now, from whatever device: keyboard and mouse, touch sticks, a test. */
export interface InputIntent {
  /** Movement direction, each axis in [-1, 1]. */
  readonly mx: number;
  readonly my: number;
  /** Facing in radians, or null when the device has no opinion yet (mouse not moved, stick released). */
  readonly aim: number | null;
  readonly fire: boolean;
}

export interface InputSource {
  read(): InputIntent;
}

/**
 * Turns the player's intent into one command per client tick, numbered with an increasing `seq`, with every
 * value put on the simulation's grids here, once: the prediction and the server compute from the very same
 * numbers the wire carries.
 * The server echoes the last applied `seq` in snapshots, which is what reconciliation will key on. The
 * counter carries on across a reconnect: the server starts a resumed seat's numbering afresh, so restarting
 * at 0 would be accepted too, but the player's state still holds the old `lastSeq` until a new command is
 * applied, and continuing keeps "acknowledged up to" unambiguous.
 */
export class InputSampler {
  private seq = 0;
  private aim = 0;

  constructor(private readonly source: InputSource) {}

  /** The sequence number the next command will carry. */
  get nextSeq(): number {
    return this.seq;
  }

  next(): SimInput {
    const intent = this.source.read();
    if (intent.aim !== null && Number.isFinite(intent.aim)) this.aim = quantizeAim(intent.aim);
    const cmd: SimInput = {
      seq: this.seq,
      mx: quantizeAxis(intent.mx),
      my: quantizeAxis(intent.my),
      aim: this.aim,
      fire: intent.fire,
    };
    // 2^31 commands is 194 days at 128 Hz; stopping at the cap is simpler than a wrap the server refuses.
    if (this.seq < Limits.MAX_SEQ) this.seq += 1;
    return cmd;
  }
}

/**
 * Whether `intent` starts, stops or turns the movement of the last command `last` (an axis changed
 * sign), or pulls or releases the trigger: what is worth sampling at once rather than at the next tick.
 * A stick nudged within the same direction, or the aim, is not: both change nearly every frame.
 */
export function changesCourse(intent: InputIntent, last: SimInput): boolean {
  return (
    Math.sign(quantizeAxis(intent.mx)) !== Math.sign(last.mx) ||
    Math.sign(quantizeAxis(intent.my)) !== Math.sign(last.my) ||
    intent.fire !== last.fire
  );
}
