import { describe, expect, it } from 'vitest';
import { stripPictographs } from '../../src/protocol/names.js';

describe('stripPictographs (the one rule for emoji in player names)', () => {
  it('removes emoji with everything that shapes them: tones, joiners, flags, keycaps, selectors', () => {
    expect(stripPictographs('Nova🔥')).toBe('Nova');
    expect(stripPictographs('👍🏽ok')).toBe('ok');
    expect(stripPictographs('👨‍👩‍👧 fam')).toBe(' fam');
    expect(stripPictographs('🇫🇷Zoë')).toBe('Zoë');
    expect(stripPictographs('🏴󠁧󠁢󠁳󠁣󠁴󠁿Scot')).toBe('Scot');
    expect(stripPictographs('❤️x')).toBe('x');
    expect(stripPictographs('1️⃣')).toBe('1');
  });

  it('keeps letters and digits of every script, and ordinary punctuation', () => {
    for (const name of ['Ana', 'Zoë', 'Łukasz', 'Дмитрий', '李小龍', 'محمد', 'R2-D2', "O'Neil", 'a_b.c']) {
      expect(stripPictographs(name)).toBe(name);
    }
  });
});
