import { describe, expect, it } from 'vitest';
import { CATALOG, loadCatalog } from '../../catalog/index.ts';
import { periodsUpTo } from '../../catalog/periods.ts';
import { assessmentScaleFor } from '../../domain/assessment.ts';
import { checkSubmission, requiredFieldsFor } from '../../domain/validation.ts';
import { duplicateKeys } from '../../functions/commons/json.ts';
import type { Period } from '../../schemas/catalog.ts';

const input = () => structuredClone({ ...CATALOG, periods: CATALOG.periods.slice(0, 4) });
const START = CATALOG.periods.find((p) => p.id === '2022-2023.start') as Period;

describe('Module: catalog (fields, bounds, periods, scales)', () => {
  it('keeps every bound × the national school count below 2^53, and refuses a catalog that would not', () => {
    for (const indicator of CATALOG.indicators) {
      if (indicator.kind === 'count') expect(indicator.max * CATALOG.nationalSchools).toBeLessThan(Number.MAX_SAFE_INTEGER);
    }
    const bad = input();
    const pupils = bad.indicators.find((i) => i.code === 'th_pupils') as { max: number };
    pupils.max = 2 ** 40;
    expect(() => loadCatalog(bad)).toThrow(/th_pupils|bound .* exceeds 2\^53/);
    // The largest possible sum of one indicator over the country is still exact.
    const worst = Math.max(...CATALOG.indicators.map((i) => (i.kind === 'count' ? i.max : 1))) * CATALOG.nationalSchools;
    expect(Number.isSafeInteger(worst) && worst + 1 !== worst).toBe(true);
  });
  it('refuses a required field that is not a field of its period, and a required numerator without its denominator', () => {
    const bad = input();
    bad.periodFields.plan.required.TH = ['th_completed'];
    expect(() => loadCatalog(bad)).toThrow(/periodFields.plan.required.TH.0: required 'th_completed' is not a field of 'plan'/);
    const alone = input();
    alone.periodFields.end.required.TH = ['th_completed', 'th_assessed', 'th_class_completed'];
    expect(() => loadCatalog(alone)).toThrow(/'th_completed' is required without its denominator 'th_grade5'/);
  });
  it('generates the periods up to the current school year, keeping 2021-2022 and 2022-2023', () => {
    const ids = periodsUpTo('2026-11-24').map((p) => p.id);
    expect(ids).toContain('2021-2022.end');
    expect(ids).toContain('2022-2023.start');
    expect(ids).toContain('2026-2027.start');
    expect(ids).not.toContain('2027-2028.plan');
    expect(periodsUpTo('2027-06-02').map((p) => p.id)).toContain('2027-2028.plan');
    const open = CATALOG.periods.filter((p) => p.opensOn <= '2026-11-24').map((p) => p.id);
    expect(open).toContain('2026-2027.start');
  });
  it('names the lower-secondary scale of each grade and school year (Circular 22 phased in from grade 6)', () => {
    expect(assessmentScaleFor(CATALOG, 6, '2021-2022')?.id).toBe('tt22_2021');
    expect(assessmentScaleFor(CATALOG, 7, '2021-2022')?.id).toBe('tt58_2011');
    expect(assessmentScaleFor(CATALOG, 9, '2021-2022')?.ratings.map((r) => r.label)).toEqual(['Giỏi', 'Khá', 'Trung bình', 'Yếu', 'Kém']);
    expect(assessmentScaleFor(CATALOG, 8, '2023-2024')?.ratings.map((r) => r.label)).toEqual(['Tốt', 'Khá', 'Đạt', 'Chưa đạt']);
    expect(assessmentScaleFor(CATALOG, 9, '2024-2025')?.id).toBe('tt22_2021');
  });
});

describe('Function: checkSubmission', () => {
  const previous = { th_classes: 20, th_pupils: 700, teachers: 27, classes: 20, pupils: 700, std_national: 1 };
  it('applies a correction to the latest version: given fields replace, left-out ones stay, null clears, totals recompute', () => {
    const { issues, values } = checkSubmission(CATALOG, {
      levels: ['TH'],
      period: START,
      body: { th_classes: 21, std_national: null },
      previous,
      draft: false,
    });
    expect(issues).toEqual([]);
    expect(values).toEqual({ th_classes: 21, th_pupils: 700, teachers: 27, classes: 21, pupils: 700 });
  });
  it('lets a draft be partial, but not a final report', () => {
    expect(checkSubmission(CATALOG, { levels: ['TH'], period: START, body: { th_classes: 21 }, draft: true }).issues).toEqual([]);
    const final = checkSubmission(CATALOG, { levels: ['TH', 'THCS'], period: START, body: { th_classes: 21 }, draft: false }).issues;
    expect(final.map((i) => i.path).sort()).toEqual(['values.teachers', 'values.th_pupils', 'values.thcs_classes', 'values.thcs_pupils']);
    expect(requiredFieldsFor(CATALOG, START, ['TH', 'THCS'])).toEqual(['th_classes', 'th_pupils', 'teachers', 'thcs_classes', 'thcs_pupils']);
  });
});

describe('Function: duplicateKeys', () => {
  it('finds keys repeated in the same object, at any depth, escapes decoded, and nothing else', () => {
    expect(duplicateKeys('{"a":1,"b":{"c":1,"c":2},"a":3}')).toEqual(['b.c', 'a']);
    expect(duplicateKeys('{"values":{"x":1,"\\u0078":2}}')).toEqual(['values.x']);
    expect(duplicateKeys('{"a":{"x":1},"b":{"x":1},"c":[{"x":1},{"x":2}],"s":"\\"x\\":1,\\"x\\""}')).toEqual([]);
  });
});
