import { Type, type Static } from 'typebox';
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
    /** Kills that end a round; 0 = no kill limit. */
    killLimit: Type.Optional(Type.Integer({ minimum: 0, maximum: 200 })),
    /** Round length in seconds; 0 = no time limit. */
    roundSeconds: Type.Optional(Type.Integer({ minimum: 0, maximum: 3600 })),
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

export const QuickPlayRequest = Type.Object({ name: Name }, { additionalProperties: false });
export type QuickPlayRequest = Static<typeof QuickPlayRequest>;

export const ResumeRequest = Type.Object(
  { token: Type.String({ minLength: 16, maxLength: 64 }) },
  { additionalProperties: false },
);
export type ResumeRequest = Static<typeof ResumeRequest>;

/**
 * One input command: the player's intent for one simulation tick. Never a position, never a hit.
 * `mx`/`my` is the movement direction (its length is clamped to 1 by the simulation), `aim` the facing in
 * radians, `fire` the trigger. `seq` increases by one per command and is echoed back in snapshots.
 */
export const InputCommand = Type.Object(
  {
    seq: Type.Integer({ minimum: 0, maximum: Limits.MAX_SEQ }),
    mx: Type.Number({ minimum: -1, maximum: 1 }),
    my: Type.Number({ minimum: -1, maximum: 1 }),
    aim: Type.Number({ minimum: -7, maximum: 7 }),
    fire: Type.Boolean(),
  },
  { additionalProperties: false },
);
export type InputCommand = Static<typeof InputCommand>;

export const ChatRequest = Type.Object(
  { text: Type.String({ minLength: 1, maxLength: Limits.CHAT_MAX }) },
  { additionalProperties: false },
);
export type ChatRequest = Static<typeof ChatRequest>;

/** A client clock sample for ping and clock-offset estimation. */
export const TimeSyncRequest = Type.Number({ minimum: 0, maximum: 1e15 });
export type TimeSyncRequest = Static<typeof TimeSyncRequest>;
