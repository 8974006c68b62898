import type { GameSocket } from './connection.js';

/** An Engine.IO packet as its socket announces it (`packet` received, `packetCreate` about to be sent). */
export interface EnginePacket {
  readonly type: string;
  readonly data?: unknown;
}

/** Which way a packet travels, seen from the page. */
export type Direction = 'in' | 'out';

/** Bytes and packets counted since the meter started. */
export interface TrafficTotals {
  readonly bytesIn: number;
  readonly bytesOut: number;
  readonly packetsIn: number;
  readonly packetsOut: number;
}

/** A WebSocket frame's header for a payload of this many bytes (RFC 6455 5.2: 7-, 16- or 64-bit length). */
function frameHeaderBytes(payload: number): number {
  return payload < 126 ? 2 : payload < 65_536 ? 4 : 10;
}
/** Frames a browser sends are masked with a 4-byte key (RFC 6455 5.3); the server's are not. */
const MASK_KEY_BYTES = 4;

const isLowSurrogate = (c: number): boolean => c >= 0xdc00 && c <= 0xdfff;

/** Bytes of `s` encoded as UTF-8, without encoding it. */
export function utf8Length(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) n += 1;
    else if (c < 0x800) n += 2;
    else if (c >= 0xd800 && c <= 0xdbff && isLowSurrogate(s.charCodeAt(i + 1))) {
      // A surrogate pair is one 4-byte code point.
      n += 4;
      i += 1;
    } else n += 3; // including a lone surrogate, which encodes as U+FFFD
  }
  return n;
}

/** Bytes of a packet's binary payload, or null when `data` is not binary. */
function binaryLength(data: unknown): number | null {
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return null;
}

/**
 * Bytes one Engine.IO packet costs on a WebSocket, header included (TCP/IP headers are not counted).
 * Engine.IO v4 sends a text packet as its one-digit type then the text (`4` + socket.io's JSON for a
 * message, `2`/`3` for a ping/pong) and a binary message as the bare bytes. Polling, used only until the
 * WebSocket upgrade or where it is blocked, costs more (HTTP headers) than this counts.
 */
export function wireBytes(packet: EnginePacket, direction: Direction): number {
  const binary = binaryLength(packet.data);
  const payload = binary ?? 1 + (typeof packet.data === 'string' ? utf8Length(packet.data) : 0);
  return payload + frameHeaderBytes(payload) + (direction === 'out' ? MASK_KEY_BYTES : 0);
}

/**
 * Counts what the page really sends and receives on its socket, every packet (state ticks, inputs,
 * reliable events, pings), for the net graph's bytes/s. The counting is pure (`count`); `meterSocket`
 * hooks it to a socket's Engine.IO connection.
 */
export class TrafficMeter {
  private bytesIn = 0;
  private bytesOut = 0;
  private packetsIn = 0;
  private packetsOut = 0;

  count(packet: EnginePacket, direction: Direction): void {
    const bytes = wireBytes(packet, direction);
    if (direction === 'in') {
      this.bytesIn += bytes;
      this.packetsIn += 1;
    } else {
      this.bytesOut += bytes;
      this.packetsOut += 1;
    }
  }

  get totals(): TrafficTotals {
    return {
      bytesIn: this.bytesIn,
      bytesOut: this.bytesOut,
      packetsIn: this.packetsIn,
      packetsOut: this.packetsOut,
    };
  }
}

/** The part of an Engine.IO socket the meter listens to. */
interface PacketEmitter {
  on(event: 'packet' | 'packetCreate', fn: (packet: EnginePacket) => void): unknown;
}

/**
 * Meter every Engine.IO connection `socket` opens. The manager makes a new one on each reconnection
 * attempt (synchronously after announcing `reconnect_attempt`), so the hook is renewed then, before any of
 * the new connection's packets can arrive (they come in later tasks).
 */
export function meterSocket(socket: GameSocket): TrafficMeter {
  const meter = new TrafficMeter();
  const manager = socket.io;
  let hooked: unknown = null;
  const hook = (): void => {
    const engine = manager.engine as unknown as PacketEmitter | undefined;
    if (!engine || engine === hooked) return;
    hooked = engine;
    engine.on('packet', (p) => meter.count(p, 'in'));
    engine.on('packetCreate', (p) => meter.count(p, 'out'));
  };
  hook();
  manager.on('reconnect_attempt', () => queueMicrotask(hook));
  // Catches a connection opened some other way (`socket.connect()` after the server closed the last one).
  manager.on('open', hook);
  return meter;
}
