import type { NetPlayer } from '../replication/types.js';
import type { SimEvent } from '../sim/types.js';
import { type BitReader, type BitWriter, signedBitsFor } from './bit-stream.js';
import { malformed } from './decode-error.js';
import {
  WireBounds,
  isPlayerId,
  isPlayerIdOrNone,
  isRoundNumber,
  positionFromSteps,
  positionToSteps,
  requireRange,
} from './wire-bounds.js';

/**
 * The events section of a snapshot body: a varuint count, then each event as a 3-bit kind and its fields.
 * Events are not part of the held state (they are forwarded once), so they are never delta coded, except
 * that a shot's origin is usually where its shooter now stands (1 bit) and its end is a short offset from it.
 *
 * `LAYOUT` is the one description of every event: the writer and the reader both walk its field lists.
 */

/** How one event field travels. */
const FieldType = {
  /** A player id, 1 .. 2^20 - 1, as a varuint. */
  ID: 0,
  /** A player id or -1, as a varuint of id + 1. */
  ID_OR_NONE: 1,
  /** 0 .. 255 in 8 bits. */
  U8: 2,
  /** A world coordinate on the position grid, as 17 absolute bits of steps. */
  POSITION: 3,
  /** A round number, 1 .. 2^20, as a varuint. */
  ROUND: 4,
} as const;
type FieldType = (typeof FieldType)[keyof typeof FieldType];

type EventType = SimEvent['type'];
type Field = readonly [name: string, type: FieldType];

interface EventLayout {
  readonly code: number;
  readonly fields: readonly Field[];
  /** Shots carry a geometry part after their fields. */
  readonly geometry: boolean;
}

const KIND_BITS = 3;
/** A shot's end as a signed offset from its rounded origin: the laser's 1100-unit range fits in 12 bits. */
const SHOT_OFFSET_BITS = 12;

const LAYOUT: { readonly [T in EventType]: EventLayout } = {
  shot: {
    code: 0,
    fields: [
      ['shooter', FieldType.ID],
      ['hit', FieldType.ID_OR_NONE],
    ],
    geometry: true,
  },
  damage: {
    code: 1,
    fields: [
      ['target', FieldType.ID],
      ['by', FieldType.ID],
      ['amount', FieldType.U8],
    ],
    geometry: false,
  },
  kill: {
    code: 2,
    fields: [
      ['killer', FieldType.ID_OR_NONE],
      ['victim', FieldType.ID],
    ],
    geometry: false,
  },
  spawn: {
    code: 3,
    fields: [
      ['id', FieldType.ID],
      ['x', FieldType.POSITION],
      ['y', FieldType.POSITION],
    ],
    geometry: false,
  },
  'round-end': {
    code: 4,
    fields: [
      ['winner', FieldType.ID_OR_NONE],
      ['round', FieldType.ROUND],
    ],
    geometry: false,
  },
  'round-start': { code: 5, fields: [['round', FieldType.ROUND]], geometry: false },
};

const TYPE_BY_CODE = new Map<number, EventType>(
  (Object.keys(LAYOUT) as EventType[]).map((type) => [LAYOUT[type].code, type]),
);

function writeField(w: BitWriter, [name, type]: Field, v: number): void {
  switch (type) {
    case FieldType.ID:
      requireRange(isPlayerId(v), name, v);
      return void w.writeVarUint(v);
    case FieldType.ID_OR_NONE:
      requireRange(isPlayerIdOrNone(v), name, v);
      return void w.writeVarUint(v + 1);
    case FieldType.U8:
      return void w.writeBits(v, 8);
    case FieldType.POSITION:
      return void w.writeBits(positionToSteps(v), WireBounds.POSITION_BITS);
    case FieldType.ROUND:
      requireRange(isRoundNumber(v), name, v);
      return void w.writeVarUint(v);
  }
}

function readField(r: BitReader, [name, type]: Field): number {
  switch (type) {
    case FieldType.ID: {
      const v = r.readVarUint();
      if (!isPlayerId(v)) malformed(`${name} ${v} is not a player id`);
      return v;
    }
    case FieldType.ID_OR_NONE: {
      const v = r.readVarUint() - 1;
      if (!isPlayerIdOrNone(v)) malformed(`${name} ${v} is not a player id or -1`);
      return v;
    }
    case FieldType.U8:
      return r.readBits(8);
    case FieldType.POSITION:
      return positionFromSteps(r.readBits(WireBounds.POSITION_BITS));
    case FieldType.ROUND: {
      const v = r.readVarUint();
      if (!isRoundNumber(v)) malformed(`${name} ${v} is not a round number`);
      return v;
    }
  }
}

/** Find a player by id in an ascending list. */
function playerById(players: readonly NetPlayer[], id: number): NetPlayer | undefined {
  let lo = 0;
  let hi = players.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = players[mid] as NetPlayer;
    if (p.id === id) return p;
    if (p.id < id) lo = mid + 1;
    else hi = mid - 1;
  }
  return undefined;
}

type Shot = Extract<SimEvent, { type: 'shot' }>;
const fitsOffset = (d: number) => signedBitsFor(d) <= SHOT_OFFSET_BITS;

/** Origin: 1 bit "where the shooter stands in this frame", else absolute steps. End: offsets or absolute. */
function writeShotGeometry(w: BitWriter, e: Shot, players: readonly NetPlayer[]): void {
  const shooter = playerById(players, e.shooter);
  const atShooter = shooter !== undefined && shooter.x === e.x1 && shooter.y === e.y1;
  w.writeBool(atShooter);
  if (!atShooter) {
    w.writeBits(positionToSteps(e.x1), WireBounds.POSITION_BITS);
    w.writeBits(positionToSteps(e.y1), WireBounds.POSITION_BITS);
  }
  requireRange(Number.isInteger(e.x2) && Number.isInteger(e.y2), 'shot end (whole units)', [e.x2, e.y2]);
  const dx = e.x2 - Math.round(e.x1);
  const dy = e.y2 - Math.round(e.y1);
  const near = fitsOffset(dx) && fitsOffset(dy);
  w.writeBool(!near);
  if (near) {
    w.writeSigned(dx, SHOT_OFFSET_BITS);
    w.writeSigned(dy, SHOT_OFFSET_BITS);
  } else {
    w.writeVarInt(e.x2);
    w.writeVarInt(e.y2);
  }
}

function readShotGeometry(
  r: BitReader,
  shooterId: number,
  players: readonly NetPlayer[],
): Pick<Shot, 'x1' | 'y1' | 'x2' | 'y2'> {
  let x1: number;
  let y1: number;
  if (r.readBool()) {
    const shooter = playerById(players, shooterId);
    if (!(shooter !== undefined))
      malformed(`shot origin refers to player ${shooterId}, who is not in the frame`);
    x1 = shooter.x;
    y1 = shooter.y;
  } else {
    x1 = positionFromSteps(r.readBits(WireBounds.POSITION_BITS));
    y1 = positionFromSteps(r.readBits(WireBounds.POSITION_BITS));
  }
  if (!r.readBool()) {
    const x2 = Math.round(x1) + r.readSigned(SHOT_OFFSET_BITS);
    return { x1, y1, x2, y2: Math.round(y1) + r.readSigned(SHOT_OFFSET_BITS) };
  }
  const x2 = r.readVarInt();
  return { x1, y1, x2, y2: r.readVarInt() };
}

/** Write the events; `players` is the frame being sent (a shot's origin may refer to its shooter there). */
export function writeEvents(w: BitWriter, events: readonly SimEvent[], players: readonly NetPlayer[]): void {
  requireRange(events.length <= WireBounds.MAX_EVENTS, 'event count', events.length);
  w.writeVarUint(events.length);
  for (const e of events) {
    const layout = LAYOUT[e.type];
    w.writeBits(layout.code, KIND_BITS);
    const values = e as unknown as Readonly<Record<string, number>>;
    for (const field of layout.fields) writeField(w, field, values[field[0]] ?? NaN);
    if (layout.geometry) writeShotGeometry(w, e as Shot, players);
  }
}

/** Read the events; `players` is the frame just decoded. */
export function readEvents(r: BitReader, players: readonly NetPlayer[]): SimEvent[] {
  const count = r.readVarUint();
  if (!(count <= WireBounds.MAX_EVENTS)) malformed(`too many events (${count})`);
  const out: SimEvent[] = [];
  for (let n = 0; n < count; n++) {
    const code = r.readBits(KIND_BITS);
    const type = TYPE_BY_CODE.get(code);
    if (!(type !== undefined)) malformed(`unknown event kind ${code}`);
    const layout = LAYOUT[type];
    const e: Record<string, number | string> = { type };
    for (const field of layout.fields) e[field[0]] = readField(r, field);
    if (layout.geometry) Object.assign(e, readShotGeometry(r, e['shooter'] as number, players));
    out.push(e as unknown as SimEvent);
  }
  return out;
}
