import { describe, expect, it } from 'vitest';
import { CATALOG, loadCatalog } from '../../catalog/index.ts';
import { addInto, diffValues, indicatorView, rollupValues } from '../../domain/rollup.ts';
import { buildUnitItems } from '../../domain/tree.ts';

describe('Module: domain/rollup', () => {
  describe('Function: diffValues', () => {
    it('given a correction, then the delta removes indicators the new version dropped', () => {
      expect(diffValues({ pupils: 10, classes: 2 }, { pupils: 12 })).toEqual({ pupils: 2, classes: -2 });
    });
    it('given equal versions, then the delta is empty', () => {
      expect(diffValues({ pupils: 10 }, { pupils: 10 })).toEqual({});
    });
    it('applying the delta to the old values gives the new values', () => {
      const old = { a: 3, b: 4 };
      const next = { b: 1, c: 9 };
      const sums = addInto({ ...old }, diffValues(old, next));
      expect({ a: sums.a, b: sums.b, c: sums.c }).toEqual({ a: 0, b: 1, c: 9 });
    });
  });

  describe('Function: indicatorView', () => {
    it('rolls a rate up as Σnumerator / Σdenominator, never as an average of rates', () => {
      // School A: 2394/2397, school B: 1/3. Average of rates would be (0.9987 + 0.333) / 2.
      const school = (values: Record<string, number>) => rollupValues(CATALOG, values);
      const sums = addInto(addInto({}, school({ th_completed: 2394, th_grade5: 2397 })), school({ th_completed: 1, th_grade5: 3 }));
      const view = indicatorView(CATALOG, sums);
      expect(view.th_completion_rate).toEqual({ value: 2395 / 2400, numerator: 2395, denominator: 2400 });
    });
    it('gives null for a rate with a zero denominator', () => {
      expect(indicatorView(CATALOG, rollupValues(CATALOG, { th_completed: 0, th_grade5: 0 })).th_completion_rate?.value).toBeNull();
    });
    it('rolls a rate up only over the schools that reported both its numerator and its denominator', () => {
      // A combined school reported promotions but its assessed count went missing, another the reverse.
      const sums = addInto(
        addInto(addInto({}, rollupValues(CATALOG, { thcs_promoted: 98, thcs_assessed: 100 })), rollupValues(CATALOG, { thcs_assessed: 635 })),
        rollupValues(CATALOG, { thcs_promoted: 500 }),
      );
      expect(indicatorView(CATALOG, sums).thcs_promotion).toEqual({ value: 0.98, numerator: 98, denominator: 100 });
      // The counts themselves still add up over every school.
      expect(indicatorView(CATALOG, sums).thcs_assessed?.value).toBe(735);
    });
    it('shows no rate when no school reported both sides', () => {
      expect(indicatorView(CATALOG, rollupValues(CATALOG, { th_grade5: 100 })).th_completion_rate).toBeUndefined();
    });
  });
});

describe('Module: domain/tree', () => {
  it('gives each unit its ancestors and counts schools at any depth', () => {
    const items = buildUnitItems([
      { id: 'p1', name: 'Tỉnh', kind: 'province', parentId: null },
      { id: 'x1', name: 'Xã', kind: 'commune', parentId: 'p1' },
      { id: 's1', name: 'Trường 1', kind: 'school', parentId: 'x1', levels: ['TH'] },
      { id: 's2', name: 'Trường 2', kind: 'school', parentId: 'p1', levels: ['MN'] },
    ]);
    const byId = Object.fromEntries(items.map((item) => [item.id, item]));
    expect(byId.s1?.ancestors).toEqual(['p1', 'x1']);
    expect(byId.p1?.schoolCount).toBe(2);
    expect(byId.x1?.schoolCount).toBe(1);
  });
  it('refuses unknown parents and cycles', () => {
    expect(() => buildUnitItems([{ id: 'a1', name: 'A', kind: 'ward', parentId: 'zz' }])).toThrow(/unknown parent 'zz'/);
    expect(() =>
      buildUnitItems([
        { id: 'a1', name: 'A', kind: 'ward', parentId: 'b1' },
        { id: 'b1', name: 'B', kind: 'ward', parentId: 'a1' },
      ]),
    ).toThrow(/Cycle/);
  });
});

describe('Function: loadCatalog', () => {
  it('names the bad entry when a rate points to an unknown indicator', () => {
    const bad = structuredClone(CATALOG);
    bad.indicators.push({
      code: 'bad_rate',
      label: 'x',
      hint: '',
      section: 's',
      levels: ['TH'],
      source: '',
      kind: 'rate',
      numerator: 'missing',
      denominator: 'pupils',
      scale: 'percent',
    });
    expect(() => loadCatalog(bad)).toThrow(/indicators\.\d+\.numerator: rate 'bad_rate' needs a count/);
  });
});

describe('README', () => {
  it('lists every indicator of the catalog', async () => {
    const { readFileSync } = await import('node:fs');
    const readme = readFileSync('README.md', 'utf8');
    for (const indicator of CATALOG.indicators) expect(readme).toContain(`| \`${indicator.code}\` | ${indicator.label} |`);
    expect(CATALOG.indicators.length).toBeGreaterThanOrEqual(30);
  });
});
