import {
  ErrorCode,
  PROTOCOL_VERSION,
  type ClientToServerEvents,
  type ServerToClientEvents,
} from '@tick-arena/common';
import { io, type Socket } from 'socket.io-client';
import { LoadtestError, LoadtestErrorCode } from '../errors.js';

/** `ECONNREFUSED` from a failed fetch, or the message. */
function networkReason(err: unknown): string {
  const e = err as { name?: string; message?: string; cause?: { code?: string; message?: string } };
  if (e.name === 'TimeoutError' || e.name === 'AbortError') return 'no answer (timed out)';
  return e.cause?.code ?? e.cause?.message ?? e.message ?? String(err);
}

const REFUSAL_HINTS: Record<string, string> = {
  [ErrorCode.TOO_MANY_CONNECTIONS]: ' (start the server with MAX_CONNECTIONS_PER_IP=0 for load tests)',
  [ErrorCode.SERVER_FULL]: ' (raise MAX_PLAYERS / MAX_ROOMS on the server)',
};

/**
 * Before starting any worker: is there a socket.io server at `url`, and does it speak our protocol?
 * Every failure is a LoadtestError with a one-line message (exit code 2).
 */
export async function preflight(url: string, timeoutMs: number): Promise<void> {
  try {
    await fetch(new URL('/socket.io/?EIO=4&transport=polling', url), {
      signal: AbortSignal.timeout(timeoutMs),
    });
  } catch (err) {
    throw new LoadtestError(LoadtestErrorCode.UNREACHABLE, `cannot reach ${url}: ${networkReason(err)}`);
  }
  const socket: Socket<ServerToClientEvents, ClientToServerEvents> = io(url, {
    auth: { protocol: PROTOCOL_VERSION },
    transports: ['websocket'],
    reconnection: false,
    forceNew: true,
    timeout: timeoutMs,
  });
  try {
    await new Promise<void>((resolve, reject) => {
      socket.once('connect', () => resolve());
      socket.once('connect_error', (err: Error & { data?: { code?: string; message?: string } }) => {
        const code = err.data?.code;
        if (code === ErrorCode.PROTOCOL_MISMATCH) {
          reject(
            new LoadtestError(
              LoadtestErrorCode.PROTOCOL_MISMATCH,
              `wrong protocol version: this tester speaks protocol ${PROTOCOL_VERSION}; the server says: ${err.data?.message ?? err.message}`,
            ),
          );
        } else if (code) {
          reject(
            new LoadtestError(
              LoadtestErrorCode.REFUSED,
              `${url} refused the connection: ${code} ${err.data?.message ?? ''}${REFUSAL_HINTS[code] ?? ''}`.trim(),
            ),
          );
        } else {
          reject(
            new LoadtestError(
              LoadtestErrorCode.UNREACHABLE,
              `no Tick Arena socket.io server at ${url}: ${err.message}`,
            ),
          );
        }
      });
    });
  } finally {
    socket.disconnect();
  }
}
