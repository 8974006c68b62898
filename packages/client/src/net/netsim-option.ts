import { parseNetsim, type NetsimError, type NetsimSettings } from '@tick-arena/common';

/** The page's query parameter: `?netsim=150,20,2` (RTT ms, jitter ms, loss % of state ticks[, KB/s]). */
export const NETSIM_PARAM = 'netsim';

/** What the page was asked for: no simulator, a simulator, or a value that could not be used. */
export type NetsimOption =
  | { readonly kind: 'off' }
  | { readonly kind: 'on'; readonly settings: NetsimSettings }
  | { readonly kind: 'invalid'; readonly text: string; readonly error: NetsimError };

/** Read the netsim option from a query string (`location.search`). */
export function netsimOption(search: string): NetsimOption {
  const text = new URLSearchParams(search).get(NETSIM_PARAM);
  if (text === null) return { kind: 'off' };
  const parsed = parseNetsim(text);
  return parsed.ok ? { kind: 'on', settings: parsed.value } : { kind: 'invalid', text, error: parsed.error };
}

/** The option of this page, read once: the socket and the corner tag must agree. */
let cached: NetsimOption | null = null;
export function pageNetsim(): NetsimOption {
  cached ??= netsimOption(typeof location === 'undefined' ? '' : location.search);
  return cached;
}
