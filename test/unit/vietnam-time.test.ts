import { describe, expect, it } from 'vitest';
import { addDays, toVietnamIso, vietnamDate, vietnamLocalToInstant } from '../../domain/vietnam-time.ts';

describe('Vietnam time', () => {
  it('given an instant late in the UTC day, when dated in Vietnam, then it is already the next day', () => {
    const instant = new Date('2022-10-19T17:30:00Z');
    expect(toVietnamIso(instant)).toBe('2022-10-20T00:30:00.000+07:00');
    expect(vietnamDate(instant)).toBe('2022-10-20');
    expect(vietnamDate(new Date('2022-10-19T16:59:59Z'))).toBe('2022-10-19');
  });

  it('given a Vietnam local time with or without seconds, then it is the instant seven hours earlier in UTC', () => {
    expect(vietnamLocalToInstant('2023-01-20T07:00').toISOString()).toBe('2023-01-20T00:00:00.000Z');
    expect(vietnamLocalToInstant('2023-01-20T07:00:30').toISOString()).toBe('2023-01-20T00:00:30.000Z');
    expect(Number.isNaN(vietnamLocalToInstant('not a time').getTime())).toBe(true);
  });

  it('given a date, when moved by days, then months and leap years carry over', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-03-01', -1)).toBe('2023-02-28');
    expect(addDays('2022-12-31', 1)).toBe('2023-01-01');
  });
});
