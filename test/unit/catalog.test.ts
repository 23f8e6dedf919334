import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../catalog/index.ts';
import { dueDateFor, previousPeriod } from '../../domain/periods.ts';
import { effectiveTarget, isMet } from '../../domain/targets.ts';
import { checkSubmission, softWarnings, withDerivedTotals } from '../../domain/validation.ts';
import type { Period } from '../../schemas/catalog.ts';

const START = CATALOG.periods.find((p) => p.id === '2022-2023.start') as Period;
const END = CATALOG.periods.find((p) => p.id === '2021-2022.end') as Period;

describe('Module: domain/targets', () => {
  const chain = ['lao-cai', 'lc-tp-lao-cai', 'lc-tp-phuong-kim-tan', 'lc-tp-tieu-hoc-kim-dong'];
  it('takes the unit’s own target before its ancestors’', () => {
    expect(effectiveTarget(CATALOG, 'thcs_continuation', chain, '2022-2023')).toMatchObject({ unitId: 'lc-tp-lao-cai', threshold: 0.95 });
  });
  it('falls back to the nearest ancestor, carried forward from an earlier school year', () => {
    expect(effectiveTarget(CATALOG, 'thcs_weak_rate', chain, '2022-2023')).toMatchObject({ unitId: 'lao-cai', schoolYear: '2021-2022', direction: 'atMost' });
    expect(effectiveTarget(CATALOG, 'thcs_weak_rate', chain, '2020-2021')).toBeUndefined();
    expect(effectiveTarget(CATALOG, 'th_class_completion', ['quang-ninh', 'qn-uong-bi'], '2022-2023')).toMatchObject({ threshold: 0.99, unitId: 'qn-uong-bi' });
  });
  it('holds a level-2 standard school to the stricter group target', () => {
    expect(effectiveTarget(CATALOG, 'th_class_completion', chain, '2021-2022')?.threshold).toBe(0.985);
    expect(effectiveTarget(CATALOG, 'th_class_completion', chain, '2021-2022', { std_level2: 1 })?.threshold).toBe(0.99);
  });
  it('compares by direction', () => {
    expect(isMet({ threshold: 0.05, direction: 'atMost' }, 0.05)).toBe(true);
    expect(isMet({ threshold: 0.99, direction: 'atLeast' }, 0.9899)).toBe(false);
    expect(isMet({ threshold: 0.99, direction: 'atLeast' }, null)).toBeNull();
  });
});

describe('Module: domain/validation (rules as data)', () => {
  it('computes a total the school left out and checks one it gave', () => {
    expect(withDerivedTotals(CATALOG, { th_classes: 3, thcs_classes: 4 }).classes).toBe(7);
    const issues = checkSubmission(CATALOG, {
      levels: ['TH', 'THCS'],
      period: START,
      body: { th_classes: 3, thcs_classes: 4, classes: 8 },
      draft: true,
    }).issues;
    expect(issues).toEqual([expect.objectContaining({ path: 'values.classes', code: 'rule_sum' })]);
  });
  it('refuses a flag other than 0 or 1 and a broken ≤ rule', () => {
    const issues = checkSubmission(CATALOG, { levels: ['TH'], period: END, body: { std_national: 2, th_grade5: 50, th_pupils: 40 }, draft: true }).issues;
    expect(issues.map((i) => i.code).sort()).toEqual(['flag_not_binary', 'rule_lte']);
  });
  it('warns, without refusing, on implausible class sizes and outliers against the previous period', () => {
    const warnings = softWarnings(CATALOG, { th_classes: 2, th_pupils: 200 }, { th_classes: 2, th_pupils: 60 });
    expect(warnings.map((w) => w.code).sort()).toEqual(['implausible_average', 'outlier_change']);
    expect(warnings.find((w) => w.code === 'outlier_change')?.message).toContain('233%');
    expect(softWarnings(CATALOG, { th_classes: 10, th_pupils: 300 }, { th_classes: 10, th_pupils: 290 })).toEqual([]);
  });
});

describe('Module: domain/periods', () => {
  it('applies the nearest due-date override of the unit chain', () => {
    const period = {
      ...(CATALOG.periods.find((p) => p.id === '2022-2023.start') as (typeof CATALOG.periods)[number]),
      dueOverrides: { 'lao-cai': '2022-10-25' },
    };
    expect(dueDateFor(period, ['lao-cai', 'lc-tp-lao-cai'])).toBe('2022-10-25');
    expect(dueDateFor(period, ['quang-ninh'])).toBe('2022-10-31');
  });
  it('finds the previous reporting period, leaving plans out', () => {
    expect(previousPeriod(CATALOG, '2022-2023.start')?.id).toBe('2021-2022.end');
  });
});
