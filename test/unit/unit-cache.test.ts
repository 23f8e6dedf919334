import { describe, expect, it } from 'vitest';
import { UnitCache } from '../../functions/commons/unit-cache.ts';
import type { UnitItem } from '../../schemas/unit.ts';

const unit = (id: string, name = id): UnitItem => ({ id, name, kind: 'school', parentId: 'p', periods: {} }) as unknown as UnitItem;

const fakeSource = (units: Map<string, UnitItem>) => {
  const calls = { revision: 0, units: 0 };
  let revision = 1;
  return {
    calls,
    bump: () => revision++,
    source: {
      readRevision: async () => {
        calls.revision++;
        return revision;
      },
      readUnit: async (id: string) => {
        calls.units++;
        return units.get(id);
      },
    },
  };
};

describe('Class: UnitCache', () => {
  it('given repeated and concurrent reads of one unit, when the revision holds, then the table is read once', async () => {
    const fake = fakeSource(new Map([['a', unit('a')]]));
    const cache = new UnitCache(fake.source, 30_000, () => 0);
    const all = await Promise.all([cache.get('a'), cache.get('a'), cache.get('a')]);
    await cache.get('a');
    expect(all.map((u) => u?.id)).toEqual(['a', 'a', 'a']);
    expect(fake.calls).toEqual({ revision: 1, units: 1 });
  });

  it('given a tree import bumped the revision, when the cache period has passed, then the unit is read again', async () => {
    const units = new Map([['a', unit('a', 'old')]]);
    const fake = fakeSource(units);
    let now = 0;
    const cache = new UnitCache(fake.source, 30_000, () => now);
    expect((await cache.get('a'))?.name).toBe('old');
    units.set('a', unit('a', 'new'));
    fake.bump();
    now = 10_000;
    expect((await cache.get('a'))?.name).toBe('old');
    now = 31_000;
    expect((await cache.get('a'))?.name).toBe('new');
    expect(fake.calls.units).toBe(2);
  });

  it('does not remember a missing unit', async () => {
    const units = new Map<string, UnitItem>();
    const fake = fakeSource(units);
    const cache = new UnitCache(fake.source, 30_000, () => 0);
    expect(await cache.get('x')).toBeUndefined();
    await new Promise((resolve) => setImmediate(resolve));
    units.set('x', unit('x'));
    expect((await cache.get('x'))?.id).toBe('x');
  });
});
