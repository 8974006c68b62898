import { Limits, type InputCommand } from '@tick-arena/common';

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

function clampUnit(v: number): number {
  return Number.isFinite(v) ? Math.min(1, Math.max(-1, v)) : 0;
}

/** An angle folded into (-PI, PI], well inside the protocol's [-7, 7]. */
function foldAngle(a: number): number {
  const folded = Math.atan2(Math.sin(a), Math.cos(a));
  return Number.isFinite(folded) ? folded : 0;
}

/**
 * Turns the player's intent into one `InputCommand` per client tick, numbered with an increasing `seq`.
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

  next(): InputCommand {
    const intent = this.source.read();
    if (intent.aim !== null && Number.isFinite(intent.aim)) this.aim = foldAngle(intent.aim);
    const cmd: InputCommand = {
      seq: this.seq,
      mx: clampUnit(intent.mx),
      my: clampUnit(intent.my),
      aim: this.aim,
      fire: intent.fire,
    };
    // 2^31 commands is 194 days at 128 Hz; stopping at the cap is simpler than a wrap the server refuses.
    if (this.seq < Limits.MAX_SEQ) this.seq += 1;
    return cmd;
  }
}
