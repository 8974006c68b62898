import { describe, expect, it } from 'vitest';
import { formatClock } from '../../src/ui/format.js';

describe('formatClock', () => {
  it('shows minutes and zero-padded seconds, rounding up', () => {
    expect(formatClock(299.1)).toBe('5:00');
    expect(formatClock(61)).toBe('1:01');
    expect(formatClock(0)).toBe('0:00');
    expect(formatClock(-3)).toBe('0:00');
  });
});
