import type { BotDifficulty } from '../sim/bot.js';
import type { PlayerId } from '../sim/types.js';
import type { AdminInterServerEvents } from './admin.js';
import type { CloseReason, WireError } from './errors.js';
import type {
  ChatRequest,
  CreateRoomRequest,
  JoinRoomRequest,
  PeekRoomRequest,
  QuickPlayRequest,
  ResumeRequest,
} from './schemas.js';

/** Reply to a request event: either the data or a coded error. */
export type AckResult<T> = { ok: true; data: T } | { ok: false; error: WireError };
export type Ack<T> = (result: AckResult<T>) => void;

/** Public description of a room, as listed in the lobby. */
export interface RoomInfo {
  code: string;
  public: boolean;
  maxPlayers: number;
  tickRate: number;
  /** A snapshot goes out every Nth tick. */
  snapshotEvery: number;
  bots: number;
  /** How well the room's bots play. Every Tick Arena room has it; a server without bots (the load tester's baseline) leaves it out. */
  botDifficulty?: BotDifficulty;
  /** Seats taken by humans and bots. */
  players: number;
  spectators: number;
  mapId: string;
}

/**
 * What `room:peek` tells about a room without joining it: enough for an invitation to say "join", "full,
 * watch instead" or "no such room" before the player types a name.
 */
export interface RoomPeek {
  code: string;
  /** False when no room has this code (never made, or ended). The counts are then 0. */
  exists: boolean;
  /** Every seat is held by a human: joining would fail with E_ROOM_FULL, watching works. */
  full: boolean;
  /** Humans seated (a seat held for a reconnecting player counts). */
  humans: number;
  bots: number;
  maxPlayers: number;
}

export interface RosterEntry {
  id: PlayerId;
  name: string;
  bot: boolean;
  /** False while a disconnected player's seat is held for its grace period. */
  connected: boolean;
}

/** What a client gets when it enters a room. */
export interface JoinedRoom {
  room: RoomInfo;
  /** Your player id, or -1 for a spectator. */
  playerId: PlayerId;
  spectator: boolean;
  /** Present it with `room:resume` after a dropped connection to get the same seat back. */
  resumeToken: string;
  roster: RosterEntry[];
}

export interface ChatMessage {
  /** Sender's player id, or -1 for a server notice. */
  from: PlayerId;
  name: string;
  text: string;
}

export interface ScoreLine {
  id: PlayerId;
  name: string;
  kills: number;
  deaths: number;
}

export interface RoundSummary {
  round: number;
  winner: PlayerId;
  scores: ScoreLine[];
}

/** One player's score on the reliable `scores` channel: [id, kills, deaths]. */
export type ScoreTuple = [id: PlayerId, kills: number, deaths: number];

export interface TimeSyncReply {
  clientTime: number;
  serverTime: number;
}

/** Values the client sends in the socket.io handshake (`io(url, { auth })`). */
export interface HandshakeAuth {
  protocol: number;
}

export interface ClientToServerEvents {
  'room:create': (req: CreateRoomRequest, ack: Ack<JoinedRoom>) => void;
  'room:join': (req: JoinRoomRequest, ack: Ack<JoinedRoom>) => void;
  'room:quickplay': (req: QuickPlayRequest, ack: Ack<JoinedRoom>) => void;
  'room:resume': (req: ResumeRequest, ack: Ack<JoinedRoom>) => void;
  'room:leave': (ack: Ack<null>) => void;
  'room:list': (ack: Ack<RoomInfo[]>) => void;
  /** Whether a room exists and has a seat, without joining it. */
  'room:peek': (req: PeekRoomRequest, ack: Ack<RoomPeek>) => void;
  /**
   * Watch the public room list: the ack carries it now, `lobby:rooms` pushes it again whenever it changes,
   * until this socket enters a room (entering stops the pushes; back in the menu the client watches again).
   */
  'lobby:watch': (ack: Ack<RoomInfo[]>) => void;
  /**
   * High-rate, fire-and-forget: one binary input packet per client tick (`encodeInput`; schema
   * `InputPacket`), one WebSocket frame with `binaryParser`.
   */
  input: (packet: Uint8Array) => void;
  chat: (req: ChatRequest) => void;
  'time:sync': (clientTime: number, ack: (reply: TimeSyncReply) => void) => void;
}

export interface ServerToClientEvents {
  /**
   * State tick, sent volatile: a late one is worthless and the next supersedes it. A binary snapshot
   * (`encodeSnapshotBody` + `encodeSnapshotTail`, decoded by `SnapshotReceiver`), one WebSocket frame with
   * `binaryParser`.
   */
  tick: (snapshot: Uint8Array) => void;
  roster: (roster: RosterEntry[]) => void;
  /** Every player's kills and deaths, when they changed (at most twice a second): not in every tick. */
  scores: (scores: ScoreTuple[]) => void;
  /** In-room chat; `from: -1` is a line from the server itself ("Ana joined", "Ana left"). */
  chat: (msg: ChatMessage) => void;
  /** The public room list changed (only to sockets that sent `lobby:watch`; at most twice a second). */
  'lobby:rooms': (rooms: RoomInfo[]) => void;
  'round:end': (summary: RoundSummary) => void;
  /** An error not tied to a request with an ack (e.g. a malformed input). */
  'server:error': (error: WireError) => void;
  /** Sent just before the server ends this connection or this room. */
  kicked: (info: { reason: CloseReason; message: string }) => void;
}

/** Events between server nodes (`serverSideEmit` through the socket.io Redis adapter). */
export interface InterServerEvents extends AdminInterServerEvents {
  /** A node's public rooms changed and its record in the directory is fresh: lobbies re-read it. */
  'lobby:changed': () => void;
}

/** Per-connection data the server keeps on `socket.data`. */
export interface SocketData {
  name: string;
  roomCode: string | null;
  playerId: PlayerId | null;
}
