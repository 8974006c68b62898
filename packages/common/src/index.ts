// Protocol
export { PROTOCOL_VERSION } from './protocol/version.js';
export { ErrorCode, CloseReason } from './protocol/errors.js';
export type { WireError } from './protocol/errors.js';
export { Limits, ROOM_CODE_ALPHABET, ROOM_CODE_PATTERN } from './protocol/limits.js';
export {
  CreateRoomRequest,
  JoinRoomRequest,
  QuickPlayRequest,
  ResumeRequest,
  InputCommand,
  ChatRequest,
  TimeSyncRequest,
} from './protocol/schemas.js';
export {
  encodeSnapshot,
  decodeSnapshot,
  encodeEvent,
  decodeEvent,
  EventKind,
  PlayerFlag,
} from './protocol/snapshot.js';
export type { Snapshot, SnapshotPlayer, SnapshotWire, PlayerTuple, EventTuple } from './protocol/snapshot.js';
export type {
  Ack,
  AckResult,
  RoomInfo,
  RosterEntry,
  JoinedRoom,
  ChatMessage,
  ScoreLine,
  RoundSummary,
  TimeSyncReply,
  HandshakeAuth,
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData,
} from './protocol/events.js';

// Map
export { ARENA } from './map/arena.js';
export type { ArenaMap, Rect, Point } from './map/types.js';

// Simulation
export { Sim } from './sim/constants.js';
export { step, topScorer } from './sim/step.js';
export type { StepContext } from './sim/step.js';
export { createGameState, addPlayer, removePlayer, findPlayer } from './sim/state.js';
export { movePlayer } from './sim/movement.js';
export { traceShot } from './sim/laser.js';
export type { ShotTarget, ShotResult } from './sim/laser.js';
export { chooseSpawn } from './sim/spawn.js';
export { botInput, normaliseAngle } from './sim/bot.js';
export { nextRandom, hash01 } from './sim/rng.js';
export { rayWalls, rayRect, rayCircle, resolveCircleRects, quantize } from './sim/geometry.js';
export { RoundPhase } from './sim/types.js';
export type {
  GameState,
  PlayerState,
  PlayerId,
  RoundState,
  SimEvent,
  TickInputs,
  GameOptions,
} from './sim/types.js';
