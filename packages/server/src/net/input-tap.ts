import {
  BinaryParserDecoder,
  BinaryParserEncoder,
  binaryFrameOf,
  binaryParser,
  type BinaryEventName,
} from '@tick-arena/common';
import type { GameSocket } from '../socket-io.js';

const TAPPED: ReadonlySet<BinaryEventName> = new Set<BinaryEventName>(['input']);

/**
 * The server's decoder: `binaryParser`'s, checking every frame the same way (known code, size; a bad one
 * closes the connection), except that accepted `input` frames are not turned into socket.io events: the
 * tap below reads them off the engine.io connection.
 */
class InputTapDecoder extends BinaryParserDecoder {
  protected override readonly tapped = TAPPED;
}

/**
 * The `parser` of the server's socket.io `Server`: byte for byte the protocol of `binaryParser` (which the
 * clients use), read differently on the hot path.
 */
export const serverParser = {
  protocol: binaryParser.protocol,
  Encoder: BinaryParserEncoder,
  Decoder: InputTapDecoder,
} as const;

interface EngineConnection {
  on(event: 'data', fn: (data: unknown) => void): unknown;
  off(event: 'data', fn: (data: unknown) => void): unknown;
}

/**
 * Hand every input frame of `socket` to `onInput` (the packet starts at `payloadOffset`), straight from its
 * engine.io connection. An input is one
 * packet per client per tick, the most frequent message a server receives; as a socket.io event each one
 * went through the client's decoder emit, packet dispatch, the middleware chain (one array copy and
 * closures per packet), a `process.nextTick` and a listener `apply`. Everything that chain did for an
 * input is done by the caller in `onInput`: the guard's budget, the decode, the schema check. Returns a
 * function that removes the tap.
 */
export function tapInputs(
  socket: GameSocket,
  onInput: (frame: Uint8Array, payloadOffset: number) => void,
): () => void {
  const conn = socket.conn as unknown as EngineConnection;
  const listener = (data: unknown) => {
    const frame = binaryFrameOf(data, 'input');
    if (frame !== null) onInput(frame, 1);
  };
  conn.on('data', listener);
  return () => conn.off('data', listener);
}
