import { DecodeErrorCode, type DecodeResult } from '../wire/decode-error.js';
import { hashClientFrame } from '../wire/frame-hash.js';
import { decodeSnapshotBytes } from '../wire/snapshot-codec.js';
import type { ClientFrame, DecodedSnapshot } from './types.js';

/** Options of a `SnapshotReceiver`. */
export interface SnapshotReceiverOptions {
  /**
   * Frames kept as possible baselines, by tick. 256 ticks is 8.5 s at 30 Hz: far more than the server's
   * own ring of sent frames, so a baseline the server picks is never one this side already dropped.
   * @default 256
   */
  capacity?: number;
}

/** Counters for diagnostics and the load tester's reports. */
export interface SnapshotReceiverStats {
  /** Snapshots handed to `receive`. */
  received: number;
  /** Decoded full snapshots. */
  full: number;
  /** Decoded delta snapshots. */
  deltas: number;
  /** Hash mismatches (each drops every held frame). */
  desyncs: number;
  /** Buffers refused with any code but `E_DECODE_NO_BASELINE`. */
  decodeErrors: number;
  /** Deltas whose baseline was not held. */
  missingBaseline: number;
  /** Bytes handed to `receive`. */
  bytes: number;
}

/** A decoded snapshot, and whether its hash showed that the held state had gone wrong. */
export interface ReceivedSnapshot {
  readonly snapshot: DecodedSnapshot;
  /** The frame did not hash to the server's hash: it was not stored, and every held frame was dropped. */
  readonly desync: boolean;
}

/**
 * The client side of delta replication, shared by the browser client and the load tester's bots: keeps a
 * ring of decoded frames by tick, decodes each snapshot against the baseline it names, and tracks what to
 * acknowledge. Send `ackTick` (as `narrowAck(ackTick)`) and `needsResync` in every input packet.
 *
 * - A hash mismatch counts a desync, drops every held frame (any of them may be wrong, and the server would
 *   keep building on them) and sets `needsResync`; `ackTick` becomes -1, which asks for a full snapshot.
 * - A missing baseline sets `needsResync` too. The next full snapshot clears it.
 * - A snapshot older than the newest held one (reordered by the network) still decodes and is stored, but
 *   never moves `ackTick` backwards.
 */
export class SnapshotReceiver {
  private readonly capacity: number;
  private readonly ring: (ClientFrame | undefined)[];
  private newest = -1;
  private resync = false;
  readonly stats: SnapshotReceiverStats = {
    received: 0,
    full: 0,
    deltas: 0,
    desyncs: 0,
    decodeErrors: 0,
    missingBaseline: 0,
    bytes: 0,
  };

  constructor(options: SnapshotReceiverOptions = {}) {
    const capacity = options.capacity ?? 256;
    if (!Number.isInteger(capacity) || capacity < 1)
      throw new RangeError(`capacity ${capacity} must be >= 1`);
    this.capacity = capacity;
    this.ring = new Array<ClientFrame | undefined>(capacity);
  }

  /** Newest decoded tick, or -1 when none is held (an input without an ack asks for a full snapshot). */
  get ackTick(): number {
    return this.newest;
  }

  /** True after a hash mismatch or a missing baseline, until the next full snapshot. */
  get needsResync(): boolean {
    return this.resync;
  }

  /** The held frame of `tick`, if any. */
  held(tick: number): ClientFrame | undefined {
    const f = this.ring[tick % this.capacity];
    return f !== undefined && f.tick === tick ? f : undefined;
  }

  /** Drop every held frame and start over (e.g. after joining another room). Counters are kept. */
  reset(): void {
    this.ring.fill(undefined);
    this.newest = -1;
    this.resync = false;
  }

  /** Decode and keep one snapshot; a bad buffer is a coded error (counted), never an exception. */
  receive(bytes: Uint8Array): DecodeResult<ReceivedSnapshot> {
    this.stats.received += 1;
    this.stats.bytes += bytes.length;
    const result = decodeSnapshotBytes(bytes, (tick) => this.held(tick));
    if (!result.ok) {
      if (result.error.code === DecodeErrorCode.NO_BASELINE) {
        this.stats.missingBaseline += 1;
        this.resync = true;
      } else this.stats.decodeErrors += 1;
      return result;
    }
    const snapshot = result.value;
    if (snapshot.baseTick < 0) this.stats.full += 1;
    else this.stats.deltas += 1;
    if (snapshot.hash !== null && hashClientFrame(snapshot.frame) !== snapshot.hash) {
      this.stats.desyncs += 1;
      this.ring.fill(undefined);
      this.newest = -1;
      this.resync = true;
      return { ok: true, value: { snapshot, desync: true } };
    }
    if (snapshot.baseTick < 0) this.resync = false;
    this.store(snapshot.frame);
    if (snapshot.baseTick >= 0) this.forgetBefore(snapshot.baseTick);
    return { ok: true, value: { snapshot, desync: false } };
  }

  /**
   * The server deltas against the newest acknowledgement it has, and acknowledgements only move forward:
   * once a delta based on tick B arrived, no later one can be based on an older frame. (A full snapshot
   * proves nothing: acks sent before it may still arrive and become baselines.) Dropping those now keeps what is held to about a round trip of frames instead of the whole ring
   * (hundreds of bots each holding 256 frames kept the load tester's garbage collector busy).
   */
  private forgetBefore(tick: number): void {
    for (let t = Math.max(0, tick - this.capacity + 1); t < tick; t++) {
      const slot = t % this.capacity;
      if (this.ring[slot]?.tick === t) this.ring[slot] = undefined;
    }
  }

  private store(frame: ClientFrame): void {
    const slot = frame.tick % this.capacity;
    const there = this.ring[slot];
    // A late, older frame never evicts a newer one sharing its slot.
    if (there === undefined || there.tick <= frame.tick) this.ring[slot] = frame;
    if (frame.tick > this.newest) this.newest = frame.tick;
  }
}
