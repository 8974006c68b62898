/**
 * The frames of Engine.IO v4 carrying Socket.IO v5 packets with Tick Arena's `binaryParser` (common's
 * `wire/socket-parser.ts`), as a load bot needs them: a pure codec with no sockets and no timers
 * (engine-io-socket.ts puts it on a WebSocket).
 *
 * Text: one WebSocket text frame holds one Engine.IO packet: a type digit and its data. Engine.IO type 4
 * (message) holds one Socket.IO packet: a type digit, an optional `/namespace,`, an optional ack id and
 * JSON. Only the main namespace is spoken.
 *
 *   0{"sid":..,"pingInterval":25000,..}  engine.io open          2 / 3     engine.io ping / pong
 *   40{"protocol":2} / 40{"sid":".."}    socket.io connect       41        socket.io disconnect
 *   42["name",arg]  42<id>["name",arg]   event (with ack id)     43<id>[r] ack reply to request <id>
 *   44{"message":"..","data":{..}}       connect_error (middleware refused the connection)
 *
 * Binary: the high-rate events (`BinaryEvent`: `tick` server -> client, `input` client -> server) travel as
 * one WebSocket binary frame each, `[code byte][payload]`, with no Engine.IO prefix (on a WebSocket
 * transport Engine.IO sends binary messages as they are). Socket.IO binary attachments (`45-`, `46-`) are
 * never used: `binaryParser` refuses them, and so does this codec.
 */
import { BinaryEvent, type BinaryEventName } from '@tick-arena/common';

/** What the open packet tells the client. */
export interface OpenInfo {
  sid: string;
  pingInterval: number;
  pingTimeout: number;
}

/**
 * Receives the packets of one frame. Decoding calls one method per frame instead of returning a packet
 * object, so a text event costs the `JSON.parse` of its payload and a binary one (a snapshot) nothing but a
 * view of its bytes.
 */
export interface PacketHandler {
  open(info: OpenInfo): void;
  ping(): void;
  /** Engine.IO close: the server is closing the transport. */
  close(): void;
  connect(sid: string): void;
  disconnect(): void;
  /** `args[0]` is the event name (checked to be a string). */
  event(args: unknown[]): void;
  ack(id: number, args: unknown[]): void;
  /** `data` is whatever the server middleware attached to its error (Tick Arena: `{ code, message }`). */
  connectError(message: string, data: unknown): void;
  /**
   * A binary event (`[code][payload]` frame). `payload` is a view of the frame: valid only until this
   * returns when the frame itself is (see `FrameHandler.binary`).
   */
  binaryEvent(name: BinaryEventName, payload: Uint8Array): void;
}

const ENGINE_OPEN = 0x30; // '0'
const ENGINE_CLOSE = 0x31; // '1'
const ENGINE_PING = 0x32; // '2'
const ENGINE_MESSAGE = 0x34; // '4'
const SIO_CONNECT = 0x30; // '0'
const SIO_DISCONNECT = 0x31; // '1'
const SIO_EVENT = 0x32; // '2'
const SIO_ACK = 0x33; // '3'
const SIO_CONNECT_ERROR = 0x34; // '4'
const DIGIT_0 = 0x30;
const DIGIT_9 = 0x39;
const OPEN_BRACKET = 0x5b; // '['

/** Engine.IO pong, the answer to a ping. */
export const PONG_FRAME = '3';
/** Socket.IO disconnect of the main namespace: a client leaving politely. */
export const DISCONNECT_FRAME = '41';

/** `40{auth}`: ask to join the main namespace with the handshake's `auth` payload. */
export function encodeConnect(auth: object): string {
  return `40${JSON.stringify(auth)}`;
}

/** `42[name,...args]`: an event that expects no answer. */
export function encodeEvent(args: readonly unknown[]): string {
  return `42${JSON.stringify(args)}`;
}

/** `42<id>[name,...args]`: an event whose answer comes back as `43<id>[...]`. */
export function encodeRequest(id: number, args: readonly unknown[]): string {
  return `42${id}${JSON.stringify(args)}`;
}

const BINARY_NAME_BY_CODE: readonly (BinaryEventName | undefined)[] = (() => {
  const out: (BinaryEventName | undefined)[] = new Array<BinaryEventName | undefined>(256);
  for (const name of Object.keys(BinaryEvent) as BinaryEventName[]) out[BinaryEvent[name].code] = name;
  return out;
})();

/**
 * The frame code to send `args` of event `name` with as one binary frame, or -1 when they go as JSON text.
 * The same rule as `binaryParser`'s encoder: a `BinaryEvent` name with exactly one Uint8Array argument.
 */
export function binaryEventCode(name: string, args: readonly unknown[]): number {
  if (args.length !== 1 || !(args[0] instanceof Uint8Array)) return -1;
  if (!Object.prototype.hasOwnProperty.call(BinaryEvent, name)) return -1;
  return BinaryEvent[name as BinaryEventName].code;
}

/**
 * Decode one binary WebSocket message and hand its event to `h` with a view of the payload (no copy).
 * Returns false, without calling `h` and without throwing, for an empty frame, an unknown code or a payload
 * over the event's `maxBytes`: the frames `binaryParser` would refuse.
 */
export function decodeBinaryFrame(data: Uint8Array, h: PacketHandler): boolean {
  if (data.length === 0) return false;
  const name = BINARY_NAME_BY_CODE[data[0] as number];
  if (name === undefined || data.length - 1 > BinaryEvent[name].maxBytes) return false;
  h.binaryEvent(name, data.subarray(1));
  return true;
}

function parseJson(text: string, from: number): unknown {
  try {
    return JSON.parse(from === 0 ? text : text.slice(from));
  } catch {
    return undefined;
  }
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Decode one text frame and hand its packet to `h`. Returns false, without calling `h` and without
 * throwing, for anything malformed or not spoken here (other namespaces, binary attachments, unknown
 * types), so a bad frame is dropped rather than taking the bot down.
 */
export function decodeFrame(text: string, h: PacketHandler): boolean {
  const engineType = text.charCodeAt(0);
  if (engineType === ENGINE_MESSAGE) return decodeSocketIo(text, h);
  if (engineType === ENGINE_PING) {
    h.ping();
    return true;
  }
  if (engineType === ENGINE_OPEN) {
    const o = parseJson(text, 1);
    if (!isObject(o) || typeof o.sid !== 'string') return false;
    if (typeof o.pingInterval !== 'number' || typeof o.pingTimeout !== 'number') return false;
    h.open({ sid: o.sid, pingInterval: o.pingInterval, pingTimeout: o.pingTimeout });
    return true;
  }
  if (engineType === ENGINE_CLOSE && text.length === 1) {
    h.close();
    return true;
  }
  return false; // pong, upgrade, noop, empty frames: nothing a websocket-only client needs
}

function decodeSocketIo(text: string, h: PacketHandler): boolean {
  const type = text.charCodeAt(1);
  if (type === SIO_EVENT || type === SIO_ACK) {
    // Optional ack id: digits up to the '['.
    let i = 2;
    let id = -1;
    for (let c = text.charCodeAt(i); c >= DIGIT_0 && c <= DIGIT_9; c = text.charCodeAt(++i)) {
      id = (id < 0 ? 0 : id * 10) + (c - DIGIT_0);
    }
    if (text.charCodeAt(i) !== OPEN_BRACKET) return false;
    const args = parseJson(text, i);
    if (!Array.isArray(args)) return false;
    if (type === SIO_ACK) {
      if (id < 0) return false;
      h.ack(id, args);
      return true;
    }
    if (typeof args[0] !== 'string') return false;
    h.event(args);
    return true;
  }
  if (type === SIO_CONNECT) {
    const o = parseJson(text, 2);
    if (!isObject(o) || typeof o.sid !== 'string') return false;
    h.connect(o.sid);
    return true;
  }
  if (type === SIO_DISCONNECT && text.length === 2) {
    h.disconnect();
    return true;
  }
  if (type === SIO_CONNECT_ERROR) {
    const o = parseJson(text, 2);
    if (!isObject(o)) return false;
    h.connectError(typeof o.message === 'string' ? o.message : 'connect error', o.data);
    return true;
  }
  return false;
}
