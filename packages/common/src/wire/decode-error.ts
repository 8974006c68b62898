/**
 * Every way a binary decoder can refuse a buffer, in one table. Public decoders never throw: they return a
 * `DecodeResult` whose error carries one of these codes (tests assert on `.code`), and the message is for
 * humans and logs only.
 */
export const DecodeErrorCode = {
  /** The buffer ended before the message did. */
  TRUNCATED: 'E_DECODE_TRUNCATED',
  /** The leading version byte is not the one this build speaks. */
  VERSION: 'E_DECODE_VERSION',
  /** A value is outside its documented range, or the structure is inconsistent. */
  MALFORMED: 'E_DECODE_MALFORMED',
  /** A delta against a baseline frame the receiver does not hold. */
  NO_BASELINE: 'E_DECODE_NO_BASELINE',
  /** Bytes left over after a complete message. */
  TRAILING: 'E_DECODE_TRAILING',
} as const;

export type DecodeErrorCode = (typeof DecodeErrorCode)[keyof typeof DecodeErrorCode];

export interface DecodeError {
  readonly code: DecodeErrorCode;
  readonly message: string;
}

/** What every public decoder returns: the value, or a coded error. Never an exception. */
export type DecodeResult<T> =
  { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DecodeError };

/**
 * Thrown inside the decoders (deep in a bit reader, a field codec...) and caught by `decodeBoundary` at the
 * public entry point, so the reading code stays straight-line instead of checking a result after every read.
 * Not exported from the package.
 */
export class DecodeFailure extends Error {
  constructor(
    readonly code: DecodeErrorCode,
    message: string,
  ) {
    super(message);
    this.name = 'DecodeFailure';
  }
}

/** Throw a coded failure (for use inside a decoder). */
export function fail(code: DecodeErrorCode, message: string): never {
  throw new DecodeFailure(code, message);
}

/** Throw `E_DECODE_MALFORMED` unless `ok`. */
/**
 * Fail as malformed. Hot paths call `if (!ok) malformed(\`...\`)` rather than `check(ok, \`...\`)`: a
 * template argument would be built on every call, failing or not (it was a third of the decoder's time).
 */
export function malformed(message: string): never {
  throw new DecodeFailure(DecodeErrorCode.MALFORMED, message);
}

export function check(ok: boolean, message: string): asserts ok {
  if (!ok) throw new DecodeFailure(DecodeErrorCode.MALFORMED, message);
}

/**
 * Run a decoder and turn whatever it throws into a coded error. A `DecodeFailure` keeps its code; anything
 * else (which would be a bug, e.g. a RangeError from a forged length) becomes `E_DECODE_MALFORMED`, because
 * a receiver must never be brought down by the bytes a peer chose.
 */
export function decodeBoundary<T>(decode: () => T): DecodeResult<T> {
  try {
    return { ok: true, value: decode() };
  } catch (e) {
    if (e instanceof DecodeFailure) return { ok: false, error: { code: e.code, message: e.message } };
    const message = e instanceof Error ? e.message : String(e);
    return { ok: false, error: { code: DecodeErrorCode.MALFORMED, message: `unexpected: ${message}` } };
  }
}
