import { describe, expect, it } from 'vitest';
import { CATALOG } from '../../catalog/index.ts';
import { assessmentWording, scalesInForce } from '../../functions/form/assessment.ts';

const RATES = [{ code: 'thcs_good_rate', numerator: 'thcs_good' }];
const grades = (schoolYear: string) => scalesInForce(CATALOG.assessmentScales, schoolYear).map(({ scale, grades }) => [scale.id, grades]);

describe('Function: scalesInForce (lower-secondary assessment scale by grade and school year)', () => {
  it('phases Circular 22/2021 in from grade 6 in 2021-2022, one grade a year', () => {
    expect(grades('2020-2021')).toEqual([['tt58_2011', ['6', '7', '8', '9']]]);
    expect(grades('2021-2022')).toEqual([
      ['tt22_2021', ['6']],
      ['tt58_2011', ['7', '8', '9']],
    ]);
    expect(grades('2023-2024')).toEqual([
      ['tt22_2021', ['6', '7', '8']],
      ['tt58_2011', ['9']],
    ]);
    expect(grades('2025-2026')).toEqual([['tt22_2021', ['6', '7', '8', '9']]]);
  });

  it('names the ratings the result fields count that year', () => {
    expect(assessmentWording(CATALOG.assessmentScales, RATES, '2022-2023')?.labels).toMatchObject({
      thcs_good: 'Học sinh xếp loại Tốt (lớp 6, 7) hoặc Giỏi (lớp 8, 9)',
      thcs_good_rate: 'Tỷ lệ xếp loại Tốt (lớp 6, 7) hoặc Giỏi (lớp 8, 9)',
      thcs_weak: 'Học sinh xếp loại Chưa đạt (lớp 6, 7) hoặc Yếu (lớp 8, 9)',
    });
    expect(assessmentWording(CATALOG.assessmentScales, RATES, '2024-2025')?.labels.thcs_fair).toBe('Học sinh xếp loại Khá');
    expect(assessmentWording([], RATES, '2022-2023')).toBeUndefined();
  });
});
