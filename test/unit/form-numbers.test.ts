import { describe, expect, it } from 'vitest';
import { parseCount } from '../../functions/form/numbers.ts';

describe('Function: parseCount (how the form reads a typed number)', () => {
  it('given digits grouped by thousands with ".", "," or a space, then it reads the whole number', () => {
    expect(parseCount('185.200')).toBe(185200);
    expect(parseCount('189 000')).toBe(189000);
    expect(parseCount('189\u00a0000')).toBe(189000);
    expect(parseCount('1,250')).toBe(1250);
    expect(parseCount(' 1.234.567 ')).toBe(1234567);
    expect(parseCount('640')).toBe(640);
    expect(parseCount('0')).toBe(0);
  });

  it('given anything else, then it is not a count', () => {
    for (const text of ['', ' ', '185.2', '1.25', '12.3456', '-5', '3,5', 'mười', '1e3', '0x10', '1..000', '.500', '9'.repeat(20)]) {
      expect(parseCount(text), text).toBeNull();
    }
  });
});
