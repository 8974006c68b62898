import { formatNetsim } from '@tick-arena/common';
import type { NetsimOption } from '../net/netsim-option.js';
import { h } from './dom.js';
import './styles/netsim-tag.css';

/**
 * A small tag in the corner while the page runs behind the network simulator (`?netsim=`), so nobody
 * mistakes a simulated 150 ms for the real network, or a screenshot for a normal session. A value that
 * could not be used says so (and the page runs on the real network). Nothing at all without the option.
 */
export function netsimTag(option: NetsimOption): HTMLElement | null {
  if (option.kind === 'off') return null;
  if (option.kind === 'invalid') {
    return h('div', {
      class: 'netsim-tag bad',
      text: `netsim off: ${option.error.message}`,
      attrs: { role: 'status', title: option.error.code },
    });
  }
  return h('div', {
    class: 'netsim-tag',
    text: `netsim ${formatNetsim(option.settings)}`,
    attrs: { role: 'status', title: 'Simulated network: RTT ms / jitter ms / state ticks lost' },
  });
}
