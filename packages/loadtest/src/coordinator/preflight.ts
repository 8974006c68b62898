import { ErrorCode, PROTOCOL_VERSION } from '@tick-arena/common';
import type { BotConnection } from '../bot/bot-connection.js';
import { EngineIoSocket } from '../bot/engine-io-socket.js';
import { LoadtestError, LoadtestErrorCode } from '../errors.js';

const REFUSAL_HINTS: Record<string, string> = {
  [ErrorCode.TOO_MANY_CONNECTIONS]: ' (start the server with MAX_CONNECTIONS_PER_IP=0 for load tests)',
  [ErrorCode.SERVER_FULL]: ' (raise MAX_PLAYERS / MAX_ROOMS on the server)',
};

/** OpenSSL's verdicts on a certificate chain (Node's `err.code`), and Node's own on the host name. */
const UNTRUSTED_CERTIFICATE = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'CERT_UNTRUSTED',
  'CERT_REVOKED',
  'CERT_SIGNATURE_FAILURE',
  'INVALID_CA',
  'ERR_TLS_CERT_ALTNAME_INVALID',
]);

/** Errors of the network below HTTP: nothing reachable (or nothing willing) at that address. */
const NETWORK = /^(ECONNREFUSED|ECONNRESET|ENOTFOUND|EAI_AGAIN|EHOSTUNREACH|ENETUNREACH|ETIMEDOUT|EPIPE)$/;

/**
 * The one-line LoadtestError for a connection that failed before the server accepted it, from the reason
 * and message the lean transport reports (engine-io-socket.ts): the server's error code, a network or TLS
 * error code, `HTTP <status>` for an answer that was not an upgrade, `not HTTP` or `handshake`
 * (websocket-handshake.ts), or `timeout` / `transport close` with the stage it stopped at.
 */
export function connectFailure(url: string, reason: string, message: string): LoadtestError {
  const E = LoadtestErrorCode;
  if (reason === ErrorCode.PROTOCOL_MISMATCH) {
    return new LoadtestError(
      E.PROTOCOL_MISMATCH,
      `wrong protocol version: this tester speaks protocol ${PROTOCOL_VERSION}; the server says: ${message}`,
    );
  }
  if (reason.startsWith('E_')) {
    return new LoadtestError(
      E.REFUSED,
      `${url} refused the connection: ${reason} ${message}${REFUSAL_HINTS[reason] ?? ''}`.trim(),
    );
  }
  if (UNTRUSTED_CERTIFICATE.has(reason)) {
    return new LoadtestError(
      E.TLS_UNTRUSTED,
      `${url}: the server's TLS certificate is not trusted (${reason}: ${message}); pass --insecure to accept it`,
    );
  }
  if (reason === 'EPROTO' || reason.startsWith('ERR_SSL_')) {
    return new LoadtestError(
      E.UNREACHABLE,
      `cannot reach ${url}: the TLS handshake failed (${reason}); is it an http:// server?`,
    );
  }
  if (NETWORK.test(reason)) return new LoadtestError(E.UNREACHABLE, `cannot reach ${url}: ${reason}`);
  if (reason.startsWith('HTTP ')) {
    return new LoadtestError(
      E.NOT_TICK_ARENA,
      `${url} is not a Tick Arena server: it answered the WebSocket upgrade of /socket.io/ with ${reason}`,
    );
  }
  if (reason === 'not HTTP') {
    return new LoadtestError(
      E.NOT_TICK_ARENA,
      `${url} is not a Tick Arena server: it does not speak HTTP (${message})`,
    );
  }
  if (reason === 'handshake') {
    return new LoadtestError(
      E.NOT_TICK_ARENA,
      `${url} is not a Tick Arena server: the WebSocket handshake failed (${message})`,
    );
  }
  if (reason === 'timeout') {
    return new LoadtestError(
      E.NOT_TICK_ARENA,
      `${url} is not a Tick Arena server, or far too busy: ${message}`,
    );
  }
  return new LoadtestError(E.NOT_TICK_ARENA, `${url} is not a Tick Arena server: ${message}`);
}

/**
 * Before starting any worker: is there a Tick Arena server at `url` that speaks our protocol? One bot
 * connection (the lean transport, TLS settings included) must be accepted and then answer a `time:sync`,
 * which a Tick Arena server always answers and a bare socket.io server never does, all within `timeoutMs`.
 * Every failure is a LoadtestError with a one-line message (exit code 2).
 */
export async function preflight(url: string, timeoutMs: number, insecure = false): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  let accepted: () => void = () => {};
  let refused: (err: LoadtestError) => void = () => {};
  const opened = new Promise<void>((resolve, reject) => {
    accepted = resolve;
    refused = reject;
  });
  const conn: BotConnection = new EngineIoSocket(
    { url, auth: { protocol: PROTOCOL_VERSION }, connectTimeoutMs: timeoutMs, insecure },
    {
      connected: () => accepted(),
      connectFailed: (reason, message) => refused(connectFailure(url, reason, message)),
      disconnected: () => {},
      tick: () => {},
      serverError: () => {},
      kicked: () => {},
    },
  );
  try {
    await opened;
    await new Promise<void>((resolve, reject) => {
      const left = Math.max(1, Math.round(deadline - performance.now()));
      conn.request('time:sync', [performance.now()], left, (err, reply) => {
        if (!err && typeof reply?.serverTime === 'number') resolve();
        else if (err?.message.startsWith('disconnected'))
          reject(
            new LoadtestError(
              LoadtestErrorCode.UNREACHABLE,
              `${url} dropped the connection (${err.message})`,
            ),
          );
        else
          reject(
            new LoadtestError(
              LoadtestErrorCode.NOT_TICK_ARENA,
              `${url} is a socket.io server but not Tick Arena: it did not answer time:sync within the connect timeout (${timeoutMs} ms)`,
            ),
          );
      });
    });
  } finally {
    conn.close();
  }
}
