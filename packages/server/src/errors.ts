import { ErrorCode, type WireError } from '@tick-arena/common';

/** An expected, client-facing failure: carries a protocol error code and a safe message. */
export class GameError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    /** Where to go instead (`E_ROOM_ELSEWHERE`). */
    readonly url?: string,
  ) {
    super(message);
    this.name = 'GameError';
  }

  toWire(): WireError {
    return this.url === undefined
      ? { code: this.code, message: this.message }
      : { code: this.code, message: this.message, url: this.url };
  }
}

/** Map anything thrown to what a client may see: known errors keep their code, the rest become E_INTERNAL. */
export function toWireError(err: unknown): WireError {
  if (err instanceof GameError) return err.toWire();
  return { code: ErrorCode.INTERNAL, message: 'internal error' };
}
