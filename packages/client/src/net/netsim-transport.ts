import { BinaryEvent, TimedLink, linksOf, type NetsimSettings, type NetsimTimers } from '@tick-arena/common';
import type { WebSocket as WebSocketTransport } from 'socket.io-client';

/** An Engine.IO WebSocket transport class: the browser's (`WebSocket`) or, in Node tests, `NodeWebSocket`. */
export type WebSocketTransportClass = typeof WebSocketTransport;
type WritePacket = Parameters<WebSocketTransport['doWrite']>[0];
/** A WebSocket message as Engine.IO hands it over: text, or binary (ArrayBuffer in browsers, Buffer in Node). */
type RawData = Parameters<WebSocketTransport['doWrite']>[1];

interface Outgoing {
  readonly packet: WritePacket;
  readonly data: RawData;
}

/** The page's clock and timers. */
const PAGE_TIMERS: NetsimTimers = {
  now: () => performance.now(),
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/** Bytes of a message, for the bandwidth cap (a string is counted one byte per character: JSON is ASCII). */
function byteLength(data: RawData): number {
  if (typeof data === 'string') return data.length;
  if (data instanceof ArrayBuffer) return data.byteLength;
  if (ArrayBuffer.isView(data)) return data.byteLength;
  if (typeof Blob !== 'undefined' && data instanceof Blob) return data.size;
  return 0;
}

/** A state tick: the one-frame binary `tick` event (`[0x01][snapshot]`, common/wire/socket-parser.ts). */
function isStateTick(data: RawData): boolean {
  const code = BinaryEvent.tick.code;
  if (data instanceof ArrayBuffer) return data.byteLength > 0 && new Uint8Array(data, 0, 1)[0] === code;
  if (ArrayBuffer.isView(data)) {
    return data.byteLength > 0 && new Uint8Array(data.buffer, data.byteOffset, 1)[0] === code;
  }
  return false;
}

/**
 * The Engine.IO WebSocket transport `Base` behind a simulated network (common/netsim): every WebSocket
 * message the page writes goes through the uplink, every one it receives through the downlink, delayed by
 * half the round trip ± jitter, in order (head-of-line, as TCP), and a received state tick may be lost.
 *
 * This is the seam because it is the lowest one that still sees whole messages: everything above it
 * (Engine.IO pings and pongs, the Socket.IO handshake, acks, lobby events, `tick` and `input`) is delayed
 * exactly as a slow network would delay it, and nothing in the game knows. The handshake's HTTP upgrade
 * itself is not delayed. When the transport closes, what is still in flight is dropped.
 *
 * @param seed of the loss and jitter draws; each transport (each reconnection) draws afresh from `seed + n`.
 */
export function netsimTransport(
  Base: WebSocketTransportClass,
  settings: NetsimSettings,
  seed: number,
  timers: NetsimTimers = PAGE_TIMERS,
): WebSocketTransportClass {
  const { up, down } = linksOf(settings);
  let opened = 0;
  return class NetsimWebSocket extends Base {
    private readonly run = opened++;
    private readonly upLink = new TimedLink<Outgoing>(
      up,
      seed + 2 * this.run,
      (o) => this.writeNow(o),
      timers,
    );
    private readonly downLink = new TimedLink<RawData>(
      down,
      seed + 2 * this.run + 1,
      (data) => this.receiveNow(data),
      timers,
    );

    override doWrite(packet: WritePacket, data: RawData): void {
      this.upLink.send({ packet, data }, byteLength(data));
    }

    protected override onData(data: RawData): void {
      this.downLink.send(data, byteLength(data), { droppable: isStateTick(data) });
    }

    override doClose(): void {
      this.upLink.close();
      this.downLink.close();
      super.doClose();
    }

    protected override onClose(details?: Parameters<WebSocketTransport['onClose']>[0]): void {
      this.upLink.close();
      this.downLink.close();
      super.onClose(details);
    }

    private writeNow(o: Outgoing): void {
      // The socket may have gone between send and delivery; the base class would throw on a null `ws`.
      if (this.ws) super.doWrite(o.packet, o.data);
    }

    private receiveNow(data: RawData): void {
      if (this.readyState !== 'closed') super.onData(data);
    }
  };
}
