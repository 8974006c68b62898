/** Exit codes of the CLI, in one table. */
export const ExitCode = {
  OK: 0,
  /** The run finished but an `--assert` threshold was violated. */
  ASSERT_FAILED: 1,
  /** Bad flags, unreachable server, wrong protocol, full room: nothing was measured. */
  USAGE: 2,
  /** A bug in the tester: reported in one line too, but distinct from the failures above. */
  INTERNAL: 3,
} as const;
export type ExitCode = (typeof ExitCode)[keyof typeof ExitCode];

/** Why a run could not start or had to stop. Tests assert on `code`; users read `message`. */
export const LoadtestErrorCode = {
  BAD_FLAGS: 'BAD_FLAGS',
  UNREACHABLE: 'UNREACHABLE',
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
