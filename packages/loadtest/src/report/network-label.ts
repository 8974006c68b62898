import type { NetsimSettings } from '@tick-arena/common';

/**
 * The report header's account of the simulated network: `behind a simulated network: RTT +150 ms ± 20 ms
 * jitter, 2% of ticks lost`, or null when the bots ran on the real network alone.
 */
export function networkLabel(s: NetsimSettings | null | undefined): string | null {
  if (!s) return null;
  const parts = [`RTT +${s.rttMs} ms`];
  if (s.jitterMs > 0) parts[0] += ` ± ${s.jitterMs} ms jitter`;
  parts.push(`${s.lossPercent}% of ticks lost`);
  if (s.bandwidthKBps !== undefined) parts.push(`${s.bandwidthKBps} KB/s cap each way`);
  return `behind a simulated network: ${parts.join(', ')}`;
}
