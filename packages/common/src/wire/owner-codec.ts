import type { OwnerFields } from '../replication/types.js';
import type { BitReader, BitWriter } from './bit-stream.js';
import { malformed } from './decode-error.js';
import { WireBounds, requireRange } from './wire-bounds.js';

/**
 * The owner's own fields in a snapshot tail, delta coded against the owner fields of the baseline frame when
 * there are some. `lastSeq` usually advances by one input per tick, so its delta is a small zigzag varuint
 * (against a baseline of -1, no input yet, it is sent whole instead: -1 to `MAX_SEQ` is a delta of 2^31, one
 * more than a zigzag varuint holds);
 * the timers are zero most of the time and otherwise count down, so each is `0` zero, or `1` then (in a
 * delta) `0` unchanged / `1` + varuint, (in full) the varuint.
 */

/** The timer fields, in wire order. */
const TIMERS = ['cooldownTicks', 'respawnTicks'] as const;

function requireOwner(o: OwnerFields): void {
  requireRange(
    Number.isInteger(o.lastSeq) && o.lastSeq >= -1 && o.lastSeq <= WireBounds.MAX_SEQ,
    'lastSeq',
    o.lastSeq,
  );
  for (const t of TIMERS) {
    requireRange(Number.isInteger(o[t]) && o[t] >= 0 && o[t] <= WireBounds.MAX_TIMER_TICKS, t, o[t]);
  }
}

/** Whether `lastSeq` is sent as a delta against this baseline (one with a sequence number of its own). */
function seqDeltaFrom(base: OwnerFields | null): base is OwnerFields {
  return base !== null && base.lastSeq >= 0;
}

export function writeOwner(w: BitWriter, base: OwnerFields | null, cur: OwnerFields): void {
  requireOwner(cur);
  if (seqDeltaFrom(base)) w.writeVarInt(cur.lastSeq - base.lastSeq);
  else w.writeVarUint(cur.lastSeq + 1);
  for (const t of TIMERS) {
    const v = cur[t];
    w.writeBool(v !== 0);
    if (v === 0) continue;
    if (base) {
      w.writeBool(v !== base[t]);
      if (v === base[t]) continue;
    }
    w.writeVarUint(v);
  }
}

export function readOwner(r: BitReader, base: OwnerFields | null): OwnerFields {
  const lastSeq = seqDeltaFrom(base) ? base.lastSeq + r.readVarInt() : r.readVarUint() - 1;
  if (!(lastSeq >= -1 && lastSeq <= WireBounds.MAX_SEQ)) malformed(`lastSeq ${lastSeq} out of range`);
  const timers = { cooldownTicks: 0, respawnTicks: 0 };
  for (const t of TIMERS) {
    if (!r.readBool()) continue;
    const v = base && !r.readBool() ? base[t] : r.readVarUint();
    if (!(v >= 1 && v <= WireBounds.MAX_TIMER_TICKS)) malformed(`${t} ${v} out of range`);
    timers[t] = v;
  }
  return { lastSeq, ...timers };
}
