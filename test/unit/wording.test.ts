import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../catalog/index.ts';
import { catalogForLevels } from '../../domain/wording.ts';

describe('Function: catalogForLevels', () => {
  it('given a preschool, then the shared indicators say trẻ, with their codes and rules unchanged', () => {
    const preschool = catalogForLevels(CATALOG, ['MN']);
    const shared = preschool.indicators.filter((i) => i.levels.includes('MN') && i.levels.length > 1);
    expect(shared.filter((i) => /học sinh/i.test(i.label)).map((i) => i.code)).toEqual([]);
    expect(preschool.indicators.find((i) => i.code === 'pupils_planned')).toMatchObject({ label: 'Số trẻ theo kế hoạch giao', unit: 'trẻ' });
    expect(preschool.indicators.map((i) => i.code)).toEqual(CATALOG.indicators.map((i) => i.code));
    expect(preschool.rules).toBe(CATALOG.rules);
  });
  it('given a school with other levels, then the catalog is the shared one', () => {
    expect(catalogForLevels(CATALOG, ['MN', 'TH'])).toBe(CATALOG);
    expect(catalogForLevels(CATALOG, ['THCS'])).toBe(CATALOG);
  });
});
