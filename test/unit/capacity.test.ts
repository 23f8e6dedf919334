import { describe, expect, it } from 'vitest';
import { itemSize, readUnits, valueSize, writeUnits } from '../../domain/capacity.ts';

describe('DynamoDB billing arithmetic', () => {
  it('sizes strings by UTF-8 bytes and names count too', () => {
    expect(valueSize('Tổng')).toBe(Buffer.byteLength('Tổng', 'utf8'));
    expect(itemSize({ pk: 'AB', n: 'xyz' })).toBe(2 + 2 + 1 + 3);
  });
  it('sizes numbers by significant digits', () => {
    expect(valueSize(7)).toBe(2);
    expect(valueSize(35585)).toBe(4);
    expect(valueSize(1000)).toBe(2);
  });
  it('sizes sets, lists and maps by their elements', () => {
    expect(valueSize(new Set(['ab', 'cde']))).toBe(5);
    expect(valueSize(['ab'])).toBe(3 + 1 + 2);
    expect(valueSize({ a: 1 })).toBe(3 + 1 + 2 + 1);
  });
  it('charges one write unit per started KB, twice in a transaction', () => {
    expect(writeUnits(1)).toBe(1);
    expect(writeUnits(1024)).toBe(1);
    expect(writeUnits(1025)).toBe(2);
    expect(writeUnits(2500, true)).toBe(6);
  });
  it('charges one read unit per started 4 KB, half when eventually consistent', () => {
    expect(readUnits(4096)).toBe(1);
    expect(readUnits(4097)).toBe(2);
    expect(readUnits(100, 'eventual')).toBe(0.5);
    expect(readUnits(100, 'transactional')).toBe(2);
  });
});
