import type { LinkConditions } from './link.js';

/**
 * A simulated network as a person states it: the round trip, its jitter, the share of state ticks lost
 * and optionally a bandwidth cap. The client's `?netsim=150,20,2` and the load tester's `--latency 150
 * --jitter 20 --loss 2` both become one of these, and `linksOf` turns it into the two directions.
 */
export interface NetsimSettings {
  /** Round-trip time added, ms; half of it is each direction's latency. */
  readonly rttMs: number;
  /** Each packet's one-way delay varies by up to ± this much, ms (in each direction). */
  readonly jitterMs: number;
  /** State ticks lost, percent (0..100). Only state ticks: everything else travels on TCP. */
  readonly lossPercent: number;
  /** Bandwidth cap per direction, kilobytes (1000 bytes) per second; `undefined` for none. */
  readonly bandwidthKBps?: number | undefined;
}

/** The bounds `parseNetsim` and the load tester's flags accept: far beyond any real connection, never absurd. */
export const NetsimBounds = {
  MAX_RTT_MS: 5000,
  MAX_JITTER_MS: 1000,
  MAX_LOSS_PERCENT: 100,
  /** 1 KB/s is a quarter of what a 16-player room at 30 Hz needs; below it nothing is playable. */
  MIN_BANDWIDTH_KBPS: 1,
  MAX_BANDWIDTH_KBPS: 1_000_000,
} as const;

/** Why a netsim string was refused. Tests assert on the code; the message names the field and the bounds. */
export const NetsimErrorCode = {
  /** Not 3 or 4 comma-separated numbers. */
  FORMAT: 'E_NETSIM_FORMAT',
  /** A number outside its bounds (`NetsimBounds`). */
  RANGE: 'E_NETSIM_RANGE',
} as const;
export type NetsimErrorCode = (typeof NetsimErrorCode)[keyof typeof NetsimErrorCode];

export interface NetsimError {
  readonly code: NetsimErrorCode;
  readonly message: string;
}

export type NetsimResult =
  { readonly ok: true; readonly value: NetsimSettings } | { readonly ok: false; readonly error: NetsimError };

/** The form of the URL option, for error messages. */
export const NETSIM_FORMAT = 'rtt,jitter,loss[,bandwidth] (ms, ms, percent, KB/s), e.g. 150,20,2';

const fail = (code: NetsimErrorCode, message: string): NetsimResult => ({
  ok: false,
  error: { code, message },
});

/** Check one field: a finite number within [min, max]; null when it is. */
function netsimFieldError(name: string, value: number, min: number, max: number): NetsimError | null {
  if (Number.isFinite(value) && value >= min && value <= max) return null;
  return {
    code: NetsimErrorCode.RANGE,
    message: `netsim ${name} must be from ${min} to ${max} (got ${value})`,
  };
}

/**
 * Parse `rtt,jitter,loss[,bandwidth]`: round trip in ms, jitter in ms, loss of state ticks in percent,
 * and optionally a bandwidth cap per direction in KB/s. Whitespace around fields is allowed. Never throws.
 */
export function parseNetsim(text: string): NetsimResult {
  const fields = text.split(',').map((f) => f.trim());
  if (fields.length < 3 || fields.length > 4) {
    return fail(NetsimErrorCode.FORMAT, `netsim "${text}": expected ${NETSIM_FORMAT}`);
  }
  const values: number[] = [];
  for (const f of fields) {
    // Number('') is 0 and Number('0x10') is 16: accept plain decimals only.
    if (!/^\d+(\.\d+)?$/.test(f)) {
      return fail(
        NetsimErrorCode.FORMAT,
        `netsim "${text}": "${f}" is not a number; expected ${NETSIM_FORMAT}`,
      );
    }
    values.push(Number(f));
  }
  const [rttMs = 0, jitterMs = 0, lossPercent = 0, bandwidthKBps] = values;
  const settings: NetsimSettings = { rttMs, jitterMs, lossPercent, bandwidthKBps };
  const error = checkNetsim(settings);
  return error ? { ok: false, error } : { ok: true, value: settings };
}

/** The first field of `s` outside `NetsimBounds`, or null. */
export function checkNetsim(s: NetsimSettings): NetsimError | null {
  const B = NetsimBounds;
  return (
    netsimFieldError('rtt (ms)', s.rttMs, 0, B.MAX_RTT_MS) ??
    netsimFieldError('jitter (ms)', s.jitterMs, 0, B.MAX_JITTER_MS) ??
    netsimFieldError('loss (%)', s.lossPercent, 0, B.MAX_LOSS_PERCENT) ??
    (s.bandwidthKBps === undefined
      ? null
      : netsimFieldError('bandwidth (KB/s)', s.bandwidthKBps, B.MIN_BANDWIDTH_KBPS, B.MAX_BANDWIDTH_KBPS))
  );
}

/**
 * The two directions of `s`: the round trip split evenly, the same jitter, loss and cap each way. Loss
 * only ever hits droppable packets, which in this game travel server to client (state ticks).
 */
export function linksOf(s: NetsimSettings): { up: LinkConditions; down: LinkConditions } {
  const one: LinkConditions = {
    latencyMs: s.rttMs / 2,
    jitterMs: s.jitterMs,
    loss: s.lossPercent / 100,
    bandwidth: s.bandwidthKBps === undefined ? undefined : s.bandwidthKBps * 1000,
  };
  return { up: one, down: one };
}

/** A short label for the corner of the screen or a report header: `150/20/2%` (plus ` 16KB/s`). */
export function formatNetsim(s: NetsimSettings): string {
  const cap = s.bandwidthKBps === undefined ? '' : ` ${s.bandwidthKBps}KB/s`;
  return `${s.rttMs}/${s.jitterMs}/${s.lossPercent}%${cap}`;
}
