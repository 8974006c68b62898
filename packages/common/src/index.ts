// Protocol
export { PROTOCOL_VERSION } from './protocol/version.js';
export { ErrorCode, CloseReason } from './protocol/errors.js';
export type { WireError } from './protocol/errors.js';
export { Limits, ROOM_CODE_ALPHABET, ROOM_CODE_PATTERN } from './protocol/limits.js';
export { stripPictographs } from './protocol/names.js';
export {
  CreateRoomRequest,
  JoinRoomRequest,
  PeekRoomRequest,
  QuickPlayRequest,
  ResumeRequest,
  InputPacket,
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
  RoomPeek,
  RosterEntry,
  JoinedRoom,
  ChatMessage,
  ScoreLine,
  ScoreTuple,
  RoundSummary,
  TimeSyncReply,
  HandshakeAuth,
  ClientToServerEvents,
  ServerToClientEvents,
  InterServerEvents,
  SocketData,
} from './protocol/events.js';
export { AdminKickBody, AdminKickRequest, AdminRoomParams } from './protocol/admin.js';
export type {
  AdminActionReply,
  AdminInterServerEvents,
  AdminNode,
  AdminPlayer,
  AdminRoom,
} from './protocol/admin.js';

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
export {
  REWIND_TELEPORT_MARGIN,
  ViewClamp,
  blendRewind,
  clampViewTick,
  rewindTargets,
} from './sim/rewind.js';
export type { ClampedView, FrameHistory, RewindPlayer } from './sim/rewind.js';
export { chooseSpawn } from './sim/spawn.js';
export {
  BOT_DIFFICULTIES,
  BOT_SKILLS,
  BotBrains,
  BotDifficulty,
  DEFAULT_BOT_DIFFICULTY,
  FRESH_MIND,
  botThink,
  normaliseAngle,
} from './sim/bot.js';
export type { BotMind, BotOptions, BotSkill } from './sim/bot.js';
export { nextRandom, seededRandom, hash01 } from './sim/rng.js';
export { rayWalls, rayRect, rayCircle, resolveCircleRects, quantize } from './sim/geometry.js';
export { RoundPhase } from './sim/types.js';
export {
  Quanta,
  quantizePosition,
  quantizeAim,
  quantizeAxis,
  aimToSteps,
  aimFromSteps,
  axisToSteps,
  axisFromSteps,
} from './sim/quanta.js';
export type {
  SimInput,
  GameState,
  PlayerState,
  PlayerId,
  RoundState,
  SimEvent,
  TickInputs,
  GameOptions,
} from './sim/types.js';

// Maps and interest (server replicator and client camera agree on what a player can see)
export { EXPANSE } from './map/expanse.js';
export { MAPS, MAP_IDS, mapById } from './map/maps.js';
export type { MapId } from './map/maps.js';
export { Interest, inInterest, visiblePlayers } from './replication/interest.js';
export type { ClientFrame, NetPlayer, NetRound, OwnerFields, DecodedSnapshot } from './replication/types.js';

// Binary wire: bit-packed delta snapshots, input packets, the one-frame-per-binary-event socket.io parser
export { DecodeErrorCode } from './wire/decode-error.js';
export type { DecodeError, DecodeResult } from './wire/decode-error.js';
export { BitWriter, BitReader } from './wire/bit-stream.js';
export { WireBounds } from './wire/wire-bounds.js';
export {
  SNAPSHOT_CODEC_VERSION,
  encodeSnapshotBody,
  encodeSnapshotTail,
  joinSnapshot,
  decodeSnapshotBytes,
} from './wire/snapshot-codec.js';
export { hashClientFrame } from './wire/frame-hash.js';
export {
  INPUT_CODEC_VERSION,
  INPUT_PACKET_BYTES,
  encodeInput,
  decodeInput,
  narrowAck,
  widenAck,
  narrowViewTick,
  widenViewTick,
  inputCommand,
} from './wire/input-codec.js';
export {
  BinaryEvent,
  binaryParser,
  binaryFrameOf,
  Encoder as BinaryParserEncoder,
  Decoder as BinaryParserDecoder,
} from './wire/socket-parser.js';
export type { BinaryEventName } from './wire/socket-parser.js';
export { SnapshotReceiver } from './replication/snapshot-receiver.js';
export type {
  SnapshotReceiverOptions,
  SnapshotReceiverStats,
  ReceivedSnapshot,
} from './replication/snapshot-receiver.js';

// Timing: one fixed-timestep schedule and one server-clock estimate for server, client and load tester
export { FixedSchedule } from './timing/fixed-schedule.js';
export type { FixedScheduleOptions, ScheduleStep, WakeTicks } from './timing/fixed-schedule.js';
export { ServerClock } from './timing/server-clock.js';
export type { ClockSample, ServerClockOptions } from './timing/server-clock.js';
export { percentile, median } from './timing/percentile.js';

// Netcode: the interpolation buffer (snapshot buffer, adaptive render clock, sampling)
export { SnapshotBuffer } from './netcode/snapshot-buffer.js';
export type { BufferedSnapshot } from './netcode/snapshot-buffer.js';
export { RenderClock } from './netcode/render-clock.js';
export {
  MAX_EXTRAPOLATION_MS,
  sampleAt,
  lerpAngle,
  blendPlayer,
  isDiscontinuous,
} from './netcode/interpolation.js';
export type { InterpolationSample, SampleKind } from './netcode/interpolation.js';
export { SnapshotInterpolator } from './netcode/snapshot-interpolator.js';
export type {
  SnapshotArrival,
  InterpolatedFrame,
  InterpolatorStats,
} from './netcode/snapshot-interpolator.js';
export type { InterpolatedPlayer, TimedSnapshot, PlayerOf } from './netcode/types.js';

// Network simulator: latency, jitter, loss of state ticks and a bandwidth cap, per direction (the client's
// `?netsim=` and the load tester's `--latency/--jitter/--loss`)
export { NetsimLink } from './netsim/link.js';
export type { LinkConditions, LinkStats, LinkVerdict, SendOptions } from './netsim/link.js';
export { TimedLink } from './netsim/timed-link.js';
export type { NetsimTimers } from './netsim/timed-link.js';
export {
  NETSIM_FORMAT,
  NetsimBounds,
  NetsimErrorCode,
  checkNetsim,
  formatNetsim,
  linksOf,
  parseNetsim,
} from './netsim/settings.js';
export type { NetsimError, NetsimResult, NetsimSettings } from './netsim/settings.js';
