/**
 * Pure parts of the dashboard and the exports: the rows of table II.2.1, the export suffix, the
 * state of a period, the order of the children, the geometry of the charts.
 */
import { describe, expect, it } from 'vitest';
import { type ScaleSource, scaleRows } from '../../domain/scale-table.ts';
import { horizontalBars, verticalBars } from '../../functions/dashboard/charts.ts';
import { periodState, sortChildren } from '../../functions/dashboard/model.ts';
import { splitFormat } from '../../functions/query/export.ts';
import type { Period } from '../../schemas/catalog.ts';
import type { RollupResponse } from '../../schemas/rollup.ts';

const source = (schools: Record<string, number>, values: Record<string, number>, groups: Record<string, Record<string, number>> = {}): ScaleSource => ({
  schools,
  values,
  groups,
});

describe('Function: scaleRows (seed 000, table II.2.1)', () => {
  it('given two years, then each level, its public and private rows where it has private schools, and the total, with the change', () => {
    const previous = source(
      { 'MN/public': 2, 'MN/private': 1, 'THCS/public': 1, 'TH&THCS/public': 1 },
      { mn_classes: 30, mn_pupils: 900, thcs_classes: 20, thcs_pupils: 700, classes: 50, pupils: 1600 },
      { public: { mn_classes: 25, mn_pupils: 800 }, private: { mn_classes: 5, mn_pupils: 100 } },
    );
    const current = source(
      { 'MN/public': 2, 'MN/private': 1, 'THCS/public': 1, 'TH&THCS/public': 1 },
      { mn_classes: 32, mn_pupils: 950, thcs_classes: 21, thcs_pupils: 690, classes: 53, pupils: 1640 },
      { public: { mn_classes: 26, mn_pupils: 840 }, private: { mn_classes: 6, mn_pupils: 110 } },
    );
    const rows = scaleRows(current, previous);
    expect(rows.map((r) => r.label)).toEqual(['Mầm non', '- Công lập', '- Tư thục', 'THCS', 'Cộng']);
    expect(rows[0]).toMatchObject({ previous: [3, 30, 900], current: [3, 32, 950], change: [0, 2, 50] });
    expect(rows[2]).toMatchObject({ kind: 'group', previous: [1, 5, 100], current: [1, 6, 110] });
    // A TH&THCS school counts with THCS, as 000 does (17 + 4 = 21).
    expect(rows[3]).toMatchObject({ current: [2, 21, 690], change: [0, 1, -10] });
    expect(rows[4]).toMatchObject({ kind: 'total', previous: [5, 50, 1600], current: [5, 53, 1640], change: [0, 3, 40] });
  });

  it('given no report last year, then the previous columns and the change are empty', () => {
    const rows = scaleRows(source({ 'TH/public': 1 }, { th_classes: 5, th_pupils: 150, classes: 5, pupils: 150 }), null);
    expect(rows.map((r) => [r.label, r.previous, r.change])).toEqual([
      ['Tiểu học', null, null],
      ['Cộng', null, null],
    ]);
  });
});

describe('Function: splitFormat', () => {
  it('given a period segment with or without an export suffix, then the period and the format', () => {
    expect(splitFormat('2022-2023.start.xlsx')).toEqual({ period: '2022-2023.start', format: 'xlsx' });
    expect(splitFormat('2022-2023.start.csv')).toEqual({ period: '2022-2023.start', format: 'csv' });
    expect(splitFormat('2022-2023.start')).toEqual({ period: '2022-2023.start', format: 'json' });
    expect(splitFormat('2022-2023.start.pdf')).toEqual({ period: '2022-2023.start.pdf', format: 'json' });
  });
});

describe('Function: periodState', () => {
  const period = { opensOn: '2022-09-05' } as Period;
  it('given the date and the reports, then not open, open, overdue or complete', () => {
    expect(periodState(period, '2022-10-31', 0, 4, '2022-09-01')).toBe('notOpen');
    expect(periodState(period, '2022-10-31', 2, 4, '2022-10-31')).toBe('open');
    expect(periodState(period, '2022-10-31', 2, 4, '2022-11-01')).toBe('overdue');
    expect(periodState(period, '2022-10-31', 4, 4, '2022-11-01')).toBe('complete');
  });
});

describe('Function: sortChildren', () => {
  const child = (name: string, pupils: number | null, submitted: number): RollupResponse => ({
    unitId: name,
    name,
    kind: 'ward',
    period: 'p',
    indicators: pupils === null ? {} : { pupils: { value: pupils } },
    completeness: { expected: 4, submitted, onTime: submitted, late: 0, missing: [] },
    schools: {},
    breakdown: {},
    updatedAt: null,
  });
  const children = [child('Xã B', 300, 4), child('Phường A', null, 0), child('Xã Ă', 100, 2)];
  it('given a key and a direction, then that order, units without a figure last, Vietnamese order by name', () => {
    expect(sortChildren(children, 'name', 'asc', undefined).map((c) => c.name)).toEqual(['Phường A', 'Xã Ă', 'Xã B']);
    expect(sortChildren(children, 'pupils', 'asc', undefined).map((c) => c.name)).toEqual(['Xã Ă', 'Xã B', 'Phường A']);
    expect(sortChildren(children, 'pupils', 'desc', undefined).map((c) => c.name)).toEqual(['Xã B', 'Xã Ă', 'Phường A']);
    expect(sortChildren(children, 'submitted', 'desc', undefined).map((c) => c.name)).toEqual(['Xã B', 'Xã Ă', 'Phường A']);
  });
});

describe('Functions: horizontalBars and verticalBars', () => {
  const target = { threshold: 0.985, direction: 'atLeast' as const, text: 'Mục tiêu ≥ 98,5 %' };
  it('given rates and a target, then bars in proportion on a 0–100 % axis, marked met or missed, and the target line', () => {
    const chart = horizontalBars(
      [
        { label: 'A', value: 0.99, text: '99 %' },
        { label: 'B', value: 0.5, text: '50 %' },
        { label: 'C', value: null, text: 'chưa có' },
      ],
      target,
      true,
    );
    const [a, b, c] = chart.bars;
    expect((a?.width ?? 0) / (b?.width ?? 1)).toBeCloseTo(0.99 / 0.5, 5);
    expect([a?.met, b?.met, c?.met, c?.width]).toEqual([true, false, null, 0]);
    expect(chart.target?.x1).toBeCloseTo(4 + (0.985 * (420 - 4 - 64)) / 1, 5);
  });

  it('given ratios above 1, then the axis grows past the largest one and the target line sits inside', () => {
    const chart = verticalBars(
      [
        { label: '2021-2022', value: 1.4, text: '1,40' },
        { label: '2022-2023', value: 1.8, text: '1,80' },
      ],
      { threshold: 1.5, direction: 'atLeast', text: '≥ 1,5' },
      false,
    );
    expect(chart.bars.every((bar) => bar.y > 0 && bar.y + bar.height <= chart.height)).toBe(true);
    expect(chart.bars.map((bar) => bar.met)).toEqual([false, true]);
    expect(chart.target?.y1).toBeGreaterThan(0);
  });
});
