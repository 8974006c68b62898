import { Type, type Static } from 'typebox';
import { MAP_IDS } from '../map/maps.js';
import { BotDifficulty } from '../sim/bot.js';
import { Limits, ROOM_CODE_PATTERN } from './limits.js';

/**
 * Runtime schemas for every client -> server payload. The TypeScript types are derived from them, so the
 * type a handler sees is exactly what the validator accepted. All objects are closed
 * (`additionalProperties: false`) and every number is bounded: JSON turns NaN/Infinity into `null`, which
 * a number schema rejects.
 */

const Name = Type.String({ minLength: 1, maxLength: Limits.NAME_MAX });
const RoomCode = Type.String({ pattern: ROOM_CODE_PATTERN });

export const CreateRoomRequest = Type.Object(
  {
    name: Name,
    public: Type.Boolean(),
    maxPlayers: Type.Integer({ minimum: Limits.MIN_PLAYERS, maximum: Limits.MAX_PLAYERS }),
    tickRate: Type.Integer({ minimum: Limits.MIN_TICK_RATE, maximum: Limits.MAX_TICK_RATE }),
    /** Send a snapshot every Nth tick (1 = every tick). */
    snapshotEvery: Type.Optional(Type.Integer({ minimum: 1, maximum: 8 })),
    bots: Type.Integer({ minimum: 0, maximum: Limits.MAX_BOTS }),
    /** How well the bots play (`BOT_DIFFICULTIES`); default `easy` (`DEFAULT_BOT_DIFFICULTY`). */
    botDifficulty: Type.Optional(
      Type.Union([
        Type.Literal(BotDifficulty.EASY),
        Type.Literal(BotDifficulty.NORMAL),
        Type.Literal(BotDifficulty.HARD),
      ]),
    ),
    /** Kills that end a round; 0 = no kill limit. */
    killLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
    /** Round length in seconds; 0 = no time limit. */
    roundSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
    /** Map id (`MAP_IDS`); default `arena-1`. */
    map: Type.Optional(Type.Union([Type.Literal(MAP_IDS[0]), Type.Literal(MAP_IDS[1])])),
  },
  { additionalProperties: false },
);
export type CreateRoomRequest = Static<typeof CreateRoomRequest>;

export const JoinRoomRequest = Type.Object(
  {
    code: RoomCode,
    name: Name,
    /** Join as a spectator when the room is full instead of failing with E_ROOM_FULL. */
    spectate: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false },
);
export type JoinRoomRequest = Static<typeof JoinRoomRequest>;

/** Ask about a room before joining it (a share link checks its code before asking for a name). */
export const PeekRoomRequest = Type.Object({ code: RoomCode }, { additionalProperties: false });
export type PeekRoomRequest = Static<typeof PeekRoomRequest>;

export const QuickPlayRequest = Type.Object({ name: Name }, { additionalProperties: false });
export type QuickPlayRequest = Static<typeof QuickPlayRequest>;

export const ResumeRequest = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 64 }) },
  { additionalProperties: false },
);
export type ResumeRequest = Static<typeof ResumeRequest>;

/**
 * One input packet: the player's intent for one simulation tick, never a position, never a hit. It arrives
 * as a binary frame (`wire/input-codec.ts`); the server decodes it and still checks the decoded value
 * against this schema at the boundary. It maps onto the simulation's own `SimInput` (`sim/types.ts`): an
 * InputPacket is a SimInput (`seq`, `mx`, `my`, `aim`, `fire`, on their grids: axes k / 127, aim on the
 * 2048-step circle) plus two fields for replication, `ack` and `resync`, which never reach the simulation,
 * and the `view` a shot is judged at (the server widens it into the SimInput's `viewTick`).
 */
export const InputPacket = Type.Object(
  {
    /** Increases by one per packet; echoed back as the player's `lastSeq`. */
    seq: Type.Integer({ minimum: 0, maximum: Limits.MAX_SEQ }),
    /** Movement direction per axis (the simulation clamps the vector's length to 1). */
    mx: Type.Number({ minimum: -1, maximum: 1 }),
    my: Type.Number({ minimum: -1, maximum: 1 }),
    /** Facing in radians, in [-PI, PI) on the aim grid. */
    aim: Type.Number({ minimum: -Math.PI, exclusiveMaximum: Math.PI }),
    fire: Type.Boolean(),
    /** Low 16 bits of the newest snapshot tick the client holds (see `widenAck`), or -1 for none. */
    ack: Type.Integer({ minimum: -1, maximum: 0xffff }),
    /** The client lost sync (hash mismatch, missing baseline) and asks for a full snapshot. */
    resync: Type.Boolean(),
    /**
     * The world the player was looking at when it sampled this input, for lag compensation: the server tick
     * drawn, in 1/256 ticks, low 24 bits (`narrowViewTick`; the server widens it with `widenViewTick`).
     * -1 before the first snapshot: the shot is then judged against the present. Required (like `ack`),
     * not optional: with an optional key the compiled check tests every key of the object against a
     * pattern, about 6 times slower, and this schema is checked once per input packet.
     */
    view: Type.Integer({ minimum: -1, maximum: 0xffffff }),
  },
  { additionalProperties: false },
);
export type InputPacket = Static<typeof InputPacket>;

export const ChatRequest = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: Limits.CHAT_MAX }) },
  { additionalProperties: false },
);
export type ChatRequest = Static<typeof ChatRequest>;

/** A client clock sample for ping and clock-offset estimation. */
export const TimeSyncRequest = Type.Number({ minimum: 0, maximum: 1e15 });
export type TimeSyncRequest = Static<typeof TimeSyncRequest>;
