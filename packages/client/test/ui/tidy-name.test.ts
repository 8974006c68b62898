import { describe, expect, it } from 'vitest';
import { tidyName } from '../../src/ui/menu.js';

describe('the name field, as the server will keep it', () => {
  it('leaves emoji out and collapses the spaces they leave', () => {
    expect(tidyName('  Nova 🔥 ')).toBe('Nova');
    expect(tidyName('Zoë 🇫🇷 Ray')).toBe('Zoë Ray');
    expect(tidyName('🔥🔥')).toBe('');
  });
});
