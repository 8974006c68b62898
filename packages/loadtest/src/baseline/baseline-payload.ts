import {
  RoundPhase,
  WireBounds,
  encodeSnapshotBody,
  encodeSnapshotTail,
  joinSnapshot,
  quantizeAim,
  quantizePosition,
  type ClientFrame,
  type NetPlayer,
  type NetRound,
} from '@tick-arena/common';

/** An untimed round in play, as in a fresh room. */
const ROUND: NetRound = { number: 1, phase: RoundPhase.PLAYING, endTick: -1, winner: -1 };

/** Synthetic player `id` at `tick`: moving on a smooth path, all values on the wire's grids. */
function player(id: number, tick: number): NetPlayer {
  const phase = (tick + id * 37) / 30;
  return {
    id,
    x: quantizePosition(1000 + 800 * Math.sin(phase)),
    y: quantizePosition(600 + 500 * Math.cos(phase * 0.7)),
    aim: quantizeAim(Math.sin(phase * 1.3) * 3),
    hp: 100,
    alive: true,
    protected: false,
  };
}

/** A synthetic frame of `players` players at `tick`; `serverTime` in epoch ms (put on the 0.1 ms grid). */
function syntheticFrame(tick: number, serverTime: number, players: number): ClientFrame {
  return {
    tick,
    serverTime: Math.round(serverTime * 10) / 10,
    players: Array.from({ length: players }, (_, i) => player(i + 1, tick)),
    round: ROUND,
    owner: null,
  };
}

/**
 * The baseline's snapshot: a valid binary snapshot (the codec of common), so the bots, which decode every
 * `tick` through their `SnapshotReceiver`, accept it as they accept the game server's.
 *
 * It is a FULL snapshot (no baseline: `encodeSnapshotBody(null, frame, [])`) of a synthetic frame with no
 * events, and a tail with no owner fields and no hash (`encodeSnapshotTail(null, null, null)`), because one
 * buffer is broadcast to the whole room and owner fields are per client. So against the baseline the bots
 * measure no input acknowledgement, and every snapshot counts as full.
 *
 * Its size is set by the number of synthetic players: the count whose full snapshot comes closest to
 * `targetBytes`, the mean payload the game server was measured sending per snapshot (its deltas, with
 * interest filtering and owner fields). A full player costs about 8 bytes on top of ~16 bytes of header
 * and tail, so the size lands within about 4 bytes of the target, between one player (~25 B) and
 * `WireBounds.MAX_FRAME_PLAYERS` (64) players (~520 B). What the ceiling measures is the cost of socket.io broadcasting that many bytes per
 * client per snapshot; whether they are a delta or a full snapshot makes no difference to it.
 */
export class BaselinePayload {
  /** Synthetic players in every snapshot. */
  readonly players: number;
  /** Payload bytes of a snapshot at tick 1,000 (ticks 128 .. 16,383 take as many; later ones a byte more). */
  readonly bytes: number;
  private readonly tail = encodeSnapshotTail(null, null, null);

  constructor(targetBytes: number) {
    let best = 1;
    // Sized at a typical tick (the tick is a varuint): 1,000 is 33 s into a 30 Hz room.
    let bestSize = this.build(1000, 0, 1).length;
    for (let n = 2; n <= WireBounds.MAX_FRAME_PLAYERS; n++) {
      const size = this.build(1000, 0, n).length;
      if (Math.abs(size - targetBytes) < Math.abs(bestSize - targetBytes)) {
        best = n;
        bestSize = size;
      }
      if (size >= targetBytes) break;
    }
    this.players = best;
    this.bytes = bestSize;
  }

  /** The snapshot of `tick` at `serverTime` (epoch ms): one buffer, the same for every member. */
  build(tick: number, serverTime: number, players = this.players): Uint8Array {
    const frame = syntheticFrame(tick, serverTime, players);
    return joinSnapshot(encodeSnapshotBody(null, frame, []), this.tail);
  }
}
