import { Agent as HttpAgent, type ClientRequestArgs } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { Socket } from 'node:net';
import type { Duplex } from 'node:stream';

/** Bytes that went over one bot's TCP connection. */
export interface ByteCounter {
  readonly bytesIn: number;
  readonly bytesOut: number;
}

type Connect = (
  options: ClientRequestArgs,
  cb?: (err: Error | null, s: Duplex) => void,
) => Duplex | null | undefined;

/**
 * An HTTP(S) agent that keeps the TCP socket it opens, so a bot can read `bytesRead`/`bytesWritten`: the
 * real bytes of every WebSocket frame, headers included, with no per-message cost. socket.io-client hands
 * `agent` through engine.io to `ws`, which opens the upgrade request with it. `insecure` accepts any TLS
 * certificate (`--insecure`).
 */
export function byteCountingAgent(url: string, insecure = false): { agent: HttpAgent; counter: ByteCounter } {
  let socket: Socket | null = null;
  const agent = url.startsWith('https:')
    ? new HttpsAgent({ keepAlive: false, rejectUnauthorized: !insecure })
    : new HttpAgent({ keepAlive: false });
  const base = (agent.createConnection as Connect).bind(agent);
  const capture: Connect = (options, cb) => {
    const s = base(options, cb);
    if (s) socket = s as Socket;
    return s;
  };
  agent.createConnection = capture as typeof agent.createConnection;
  return {
    agent,
    counter: {
      get bytesIn() {
        return socket?.bytesRead ?? 0;
      },
      get bytesOut() {
        return socket?.bytesWritten ?? 0;
      },
    },
  };
}
