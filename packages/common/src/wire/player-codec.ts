import type { NetPlayer } from '../replication/types.js';
import { aimFromSteps } from '../sim/quanta.js';
import { type BitReader, type BitWriter, signedBitsFor } from './bit-stream.js';
import { check, malformed } from './decode-error.js';
import {
  WireBounds,
  aimToGridSteps,
  isPlayerId,
  isPositionSteps,
  positionFromSteps,
  positionToSteps,
  requireRange,
  wrapAimDelta,
} from './wire-bounds.js';

/**
 * The players section of a snapshot body. One table (`FIELDS`) describes a player on the wire, and both the
 * writer and the reader walk it, so they cannot disagree about order or widths.
 *
 * A player travels as five grid integers: x and y in position steps (17 bits), aim in aim steps (11 bits,
 * two's complement), hp (8 bits) and flags (alive, protected: 2 bits). Against a baseline, x and y are
 * coded per axis as `0` + a W-bit signed delta, `10` unchanged, or `11` + the absolute 17 bits; aim as `0`
 * unchanged, `10` + an A-bit signed delta (wrapping round the circle) or `11` + the absolute 11 bits; hp and
 * flags as one rare group behind a single "changed" bit.
 *
 * W and A are chosen per snapshot by the encoder (the cheapest widths for this snapshot's deltas, outliers
 * escaping to absolute) and written once in the section header. A fixed width must cover the worst case
 * (a 10-tick-old baseline at full speed needs 12 bits, a 1-tick one 9): choosing per snapshot makes a
 * 1-tick-old baseline cost 9-bit deltas and a 6-tick-old one 11-bit deltas, whatever the tick rate.
 */

const FieldKind = { POSITION: 0, AIM: 1, RAW: 2 } as const;
type FieldKind = (typeof FieldKind)[keyof typeof FieldKind];

interface PlayerField {
  readonly name: string;
  readonly kind: FieldKind;
  /** Width of the absolute value. */
  readonly bits: number;
  /** Motion fields are coded one by one; the rare group travels together behind one bit. */
  readonly rare: boolean;
}

/** The wire description of a player, in `Steps` index order. */
const FIELDS: readonly PlayerField[] = [
  { name: 'x', kind: FieldKind.POSITION, bits: WireBounds.POSITION_BITS, rare: false },
  { name: 'y', kind: FieldKind.POSITION, bits: WireBounds.POSITION_BITS, rare: false },
  { name: 'aim', kind: FieldKind.AIM, bits: WireBounds.AIM_BITS, rare: false },
  { name: 'hp', kind: FieldKind.RAW, bits: WireBounds.HP_BITS, rare: true },
  { name: 'flags', kind: FieldKind.RAW, bits: 2, rare: true },
];
const FIELD_COUNT = FIELDS.length;
const FLAG_ALIVE = 1;
const FLAG_PROTECTED = 2;

/** Header widths: W in 1..17 (5 bits), A in 1..11 (4 bits). */
const POS_WIDTH_BITS = 5;
const AIM_WIDTH_BITS = 4;

/** A player's grid integers, indexed like `FIELDS`. */
type Steps = number[];

/** NetPlayer -> grid integers (throws a RangeError for values off their grids). */
function toSteps(p: NetPlayer, out: Steps): Steps {
  requireRange(Number.isInteger(p.hp) && p.hp >= 0 && p.hp <= 255, 'hp', p.hp);
  out[0] = positionToSteps(p.x);
  out[1] = positionToSteps(p.y);
  out[2] = aimToGridSteps(p.aim);
  out[3] = p.hp;
  out[4] = (p.alive ? FLAG_ALIVE : 0) | (p.protected ? FLAG_PROTECTED : 0);
  return out;
}

/** Grid integers -> NetPlayer (the values have been range-checked by the reader). */
function fromSteps(id: number, s: Steps): NetPlayer {
  const flags = s[4] ?? 0;
  return {
    id,
    x: positionFromSteps(s[0] ?? 0),
    y: positionFromSteps(s[1] ?? 0),
    aim: aimFromSteps(s[2] ?? 0),
    hp: s[3] ?? 0,
    alive: (flags & FLAG_ALIVE) !== 0,
    protected: (flags & FLAG_PROTECTED) !== 0,
  };
}

function writeAbsolute(w: BitWriter, f: PlayerField, v: number): void {
  if (f.kind === FieldKind.AIM) w.writeSigned(v, f.bits);
  else w.writeBits(v, f.bits);
}

function readAbsolute(r: BitReader, f: PlayerField): number {
  return f.kind === FieldKind.AIM ? r.readSigned(f.bits) : r.readBits(f.bits);
}

/** The delta a motion field codes (aim wraps the short way round). */
function deltaOf(f: PlayerField, base: number, cur: number): number {
  return f.kind === FieldKind.AIM ? wrapAimDelta(cur - base) : cur - base;
}

/** Widths of the per-snapshot deltas. */
interface Widths {
  pos: number;
  aim: number;
}

function writeMotion(w: BitWriter, f: PlayerField, base: number, cur: number, widths: Widths): void {
  const d = deltaOf(f, base, cur);
  if (f.kind === FieldKind.AIM) {
    // 0 unchanged | 10 delta | 11 absolute
    const fits = d !== 0 && signedBitsFor(d) <= widths.aim;
    w.writeBool(d !== 0);
    if (d === 0) return;
    w.writeBool(!fits);
    if (fits) w.writeSigned(d, widths.aim);
    else writeAbsolute(w, f, cur);
    return;
  }
  // Moving is the common case, so it gets the 1-bit prefix: 0 delta | 10 unchanged | 11 absolute
  const fits = d !== 0 && signedBitsFor(d) <= widths.pos;
  w.writeBool(!fits);
  if (fits) w.writeSigned(d, widths.pos);
  else {
    w.writeBool(d !== 0);
    if (d !== 0) writeAbsolute(w, f, cur);
  }
}

function readMotion(r: BitReader, f: PlayerField, base: number, widths: Widths): number {
  if (f.kind === FieldKind.AIM) {
    if (!r.readBool()) return base;
    if (r.readBool()) return readAbsolute(r, f);
    return wrapAimDelta(base + r.readSigned(widths.aim));
  }
  if (!r.readBool()) {
    const v = base + r.readSigned(widths.pos);
    if (!isPositionSteps(v)) malformed(`${f.name} delta leaves [0, 8192)`);
    return v;
  }
  return r.readBool() ? readAbsolute(r, f) : base;
}

/** The cheapest width for a set of deltas: each fitting delta costs `fitCost + W`, the rest `escapeCost`. */
function cheapestWidth(
  needed: readonly number[],
  maxWidth: number,
  fitCost: number,
  escapeCost: number,
): number {
  const histogram = new Array<number>(maxWidth + 2).fill(0);
  for (const b of needed) {
    const i = Math.min(b, maxWidth + 1);
    histogram[i] = (histogram[i] ?? 0) + 1;
  }
  let best = maxWidth;
  let bestCost = Infinity;
  let fitting = 0;
  for (let width = 1; width <= maxWidth; width++) {
    fitting += histogram[width] ?? 0;
    const cost = fitting * (fitCost + width) + (needed.length - fitting) * escapeCost;
    if (cost < bestCost) {
      bestCost = cost;
      best = width;
    }
  }
  return best;
}

function sameSteps(a: Steps, b: Steps): boolean {
  for (let i = 0; i < FIELD_COUNT; i++) if (a[i] !== b[i]) return false;
  return true;
}

function requireAscending(players: readonly NetPlayer[]): void {
  let prev = 0;
  for (const p of players) {
    requireRange(isPlayerId(p.id) && p.id > prev, 'player id (ascending, 1..2^20-1)', p.id);
    prev = p.id;
  }
  requireRange(players.length <= WireBounds.MAX_FRAME_PLAYERS, 'player count', players.length);
}

/** New players: a count, then each as an id gap (ids ascend) and its absolute fields. */
function writeNew(w: BitWriter, added: readonly NetPlayer[]): void {
  w.writeVarUint(added.length);
  let prev = 0;
  const s: Steps = [];
  for (const p of added) {
    w.writeVarUint(p.id - prev - 1);
    prev = p.id;
    toSteps(p, s);
    for (let i = 0; i < FIELD_COUNT; i++) writeAbsolute(w, FIELDS[i] as PlayerField, s[i] ?? 0);
  }
}

function readNew(r: BitReader, room: number): NetPlayer[] {
  const count = r.readVarUint();
  if (!(count <= room)) malformed(`too many players (${count} more, room for ${room})`);
  const out: NetPlayer[] = [];
  let prev = 0;
  const s: Steps = [];
  for (let n = 0; n < count; n++) {
    const id = prev + r.readVarUint() + 1;
    if (!isPlayerId(id)) malformed(`player id ${id} out of range`);
    prev = id;
    for (let i = 0; i < FIELD_COUNT; i++) s[i] = readAbsolute(r, FIELDS[i] as PlayerField);
    out.push(fromSteps(id, s));
  }
  return out;
}

/** Write the players of `cur` (ascending ids), against the baseline's players or in full when `base` is null. */
export function writePlayers(
  w: BitWriter,
  base: readonly NetPlayer[] | null,
  cur: readonly NetPlayer[],
): void {
  requireAscending(cur);
  if (base === null) return writeNew(w, cur);

  // Pair baseline players with their current selves (both lists ascend by id).
  const kept: (NetPlayer | null)[] = [];
  const added: NetPlayer[] = [];
  let j = 0;
  for (const b of base) {
    while (j < cur.length && (cur[j] as NetPlayer).id < b.id) added.push(cur[j++] as NetPlayer);
    const c = cur[j];
    if (c !== undefined && c.id === b.id) {
      kept.push(c);
      j += 1;
    } else kept.push(null);
  }
  while (j < cur.length) added.push(cur[j++] as NetPlayer);

  // First pass: grid integers of changed players, and the delta widths they need.
  const baseSteps: Steps[] = [];
  const curSteps: (Steps | null)[] = [];
  const posNeeded: number[] = [];
  const aimNeeded: number[] = [];
  base.forEach((b, i) => {
    const c = kept[i];
    const bs: Steps = [];
    baseSteps.push(bs);
    if (!c || c === b) return void curSteps.push(null);
    toSteps(b, bs);
    const cs = toSteps(c, []);
    if (sameSteps(bs, cs)) return void curSteps.push(null);
    curSteps.push(cs);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const field = FIELDS[f] as PlayerField;
      if (field.rare) continue;
      const d = deltaOf(field, bs[f] ?? 0, cs[f] ?? 0);
      if (d !== 0) (field.kind === FieldKind.AIM ? aimNeeded : posNeeded).push(signedBitsFor(d));
    }
  });
  const widths: Widths = {
    pos: cheapestWidth(posNeeded, WireBounds.POSITION_BITS, 1, 2 + WireBounds.POSITION_BITS),
    aim: cheapestWidth(aimNeeded, WireBounds.AIM_BITS, 2, 2 + WireBounds.AIM_BITS),
  };
  w.writeBits(widths.pos, POS_WIDTH_BITS);
  w.writeBits(widths.aim, AIM_WIDTH_BITS);

  // Second pass: per baseline player "still present", "changed", then the changed fields.
  base.forEach((_b, i) => {
    w.writeBool(kept[i] !== null);
    if (kept[i] === null) return;
    const cs = curSteps[i];
    w.writeBool(cs !== null && cs !== undefined);
    if (!cs) return;
    const bs = baseSteps[i] as Steps;
    let rareChanged = false;
    for (let f = 0; f < FIELD_COUNT; f++) {
      const field = FIELDS[f] as PlayerField;
      if (field.rare) rareChanged ||= bs[f] !== cs[f];
      else writeMotion(w, field, bs[f] ?? 0, cs[f] ?? 0, widths);
    }
    w.writeBool(rareChanged);
    if (!rareChanged) return;
    FIELDS.forEach((field, f) => {
      if (field.rare) writeAbsolute(w, field, cs[f] ?? 0);
    });
  });
  writeNew(w, added);
}

/**
 * Read the players section. Unchanged players are the baseline's own objects; changed and new ones are new
 * objects. The result ascends by id (checked), with at most `WireBounds.MAX_FRAME_PLAYERS` players.
 */
export function readPlayers(r: BitReader, base: readonly NetPlayer[] | null): NetPlayer[] {
  if (base === null) return checkedOrder(readNew(r, WireBounds.MAX_FRAME_PLAYERS));

  const widths: Widths = { pos: r.readBits(POS_WIDTH_BITS), aim: r.readBits(AIM_WIDTH_BITS) };
  check(widths.pos >= 1 && widths.pos <= WireBounds.POSITION_BITS, 'bad position delta width');
  check(widths.aim >= 1 && widths.aim <= WireBounds.AIM_BITS, 'bad aim delta width');
  const kept: NetPlayer[] = [];
  const bs: Steps = [];
  const s: Steps = [];
  for (const b of base) {
    if (!r.readBool()) continue;
    if (!r.readBool()) {
      kept.push(b);
      continue;
    }
    toSteps(b, bs);
    for (let f = 0; f < FIELD_COUNT; f++) {
      const field = FIELDS[f] as PlayerField;
      s[f] = field.rare ? (bs[f] ?? 0) : readMotion(r, field, bs[f] ?? 0, widths);
    }
    if (r.readBool()) {
      FIELDS.forEach((field, f) => {
        if (field.rare) s[f] = readAbsolute(r, field);
      });
    }
    kept.push(fromSteps(b.id, s));
  }
  const added = readNew(r, WireBounds.MAX_FRAME_PLAYERS - kept.length);
  return checkedOrder(mergeById(kept, added));
}

function mergeById(a: readonly NetPlayer[], b: readonly NetPlayer[]): NetPlayer[] {
  if (b.length === 0) return a as NetPlayer[];
  const out: NetPlayer[] = [];
  let i = 0;
  let j = 0;
  while (i < a.length || j < b.length) {
    const x = a[i];
    const y = b[j];
    if (y === undefined || (x !== undefined && x.id <= y.id)) {
      out.push(x as NetPlayer);
      i += 1;
    } else {
      out.push(y);
      j += 1;
    }
  }
  return out;
}

function checkedOrder(players: NetPlayer[]): NetPlayer[] {
  let prev = 0;
  for (const p of players) {
    if (!(p.id > prev)) malformed(`player ids not ascending and unique at ${p.id}`);
    prev = p.id;
  }
  return players;
}
