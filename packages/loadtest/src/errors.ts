/**
 * Exit codes of the CLI, in one table (docs/loadtest.md "Exit codes" and `--help` repeat it). Every exit
 * prints one line saying why: on stdout for 0, on stderr for the others.
 */
export const ExitCode = {
  OK: 0,
  /**
   * The run finished but did not pass: an `--assert` threshold was violated, or a larger share of the bots
   * than `--allow-connect-failures` (default none) failed to connect and join.
   */
  ASSERT_FAILED: 1,
  /**
   * Nothing was measured: bad flags, an unreachable URL, an untrusted TLS certificate, a server that is not
   * Tick Arena or speaks another protocol version, a full or missing `--join` room.
   */
  USAGE: 2,
  /** A bug in the tester: reported in one line too, but distinct from the failures above. */
  INTERNAL: 3,
  /** Stopped by SIGINT (Ctrl-C), as shells report it: 128 + 2. */
  INTERRUPTED: 130,
  /** Stopped by SIGTERM: 128 + 15. */
  TERMINATED: 143,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Why a run could not start or had to stop. Tests assert on `code`; users read `message`. */
export const LoadtestErrorCode = {
  BAD_FLAGS: 'BAD_FLAGS',
  UNREACHABLE: 'UNREACHABLE',
  /** The server's TLS certificate is not trusted (self-signed, expired, another name): see `--insecure`. */
  TLS_UNTRUSTED: 'TLS_UNTRUSTED',
  /** Something answers at the URL, but not a Tick Arena server (plain HTTP, another protocol, bare socket.io). */
  NOT_TICK_ARENA: 'NOT_TICK_ARENA',
  PROTOCOL_MISMATCH: 'PROTOCOL_MISMATCH',
  REFUSED: 'REFUSED',
  ROOM_FULL: 'ROOM_FULL',
  ROOM_NOT_FOUND: 'ROOM_NOT_FOUND',
  NO_CLIENTS: 'NO_CLIENTS',
  /** `--agents`: the coordination Redis did not answer. */
  REDIS_UNREACHABLE: 'REDIS_UNREACHABLE',
  /** `--agents N`: fewer than N tester agents joined in time. */
  AGENTS_MISSING: 'AGENTS_MISSING',
  /** An agent could not go on with its share (a refused room, a crashed worker). */
  AGENT_FAILED: 'AGENT_FAILED',
} as const;
export type LoadtestErrorCode = (typeof LoadtestErrorCode)[keyof typeof LoadtestErrorCode];

/** An expected failure: printed as one line, exit code 2, never a stack trace. */
export class LoadtestError extends Error {
  constructor(
    readonly code: LoadtestErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'LoadtestError';
  }
}
