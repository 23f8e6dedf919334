import { describe, expect, it } from 'vitest';
import { evaluateTransitions, NO_EVALUATION } from '../../domain/evaluation.ts';
import { deadlineNote, digestNotes, lateNotes } from '../../domain/reminders.ts';
import type { CalendarItem } from '../../schemas/calendar.ts';
import type { IndicatorValue, RollupResponse } from '../../schemas/rollup.ts';
import type { UnitItem } from '../../schemas/unit.ts';

const PERIOD = { label: 'Sơ kết học kỳ I' };
const school = (id: string, ancestors: string[]) => ({ id, name: `Trường ${id}`, ancestors });
const names: Record<string, string> = { p: 'Tỉnh P', r: 'Vùng R', c: 'Thành phố C', w1: 'Phường 1', w2: 'Phường 2' };
const nameOf = (id: string) => names[id] ?? id;

describe('domain/reminders: who is told about late schools, at any depth', () => {
  it('given a five-level tree, then the direct parent gets the names and every unit above the count per unit just below it', () => {
    const notes = lateNotes(PERIOD, [school('a', ['p', 'r', 'c', 'w1']), school('b', ['p', 'r', 'c', 'w1']), school('d', ['p', 'r', 'c', 'w2'])], nameOf);
    const by = Object.fromEntries(notes.map((n) => [n.recipientId, n]));
    expect(Object.keys(by).sort()).toEqual(['c', 'p', 'r', 'w1', 'w2']);
    expect(by.w1).toEqual({ recipientId: 'w1', title: 'Đơn vị chưa nộp báo cáo Sơ kết học kỳ I', lines: ['Trường a', 'Trường b'] });
    expect(by.c?.lines).toEqual(['Phường 1: 2 trường', 'Phường 2: 1 trường']);
    expect(by.r?.lines).toEqual(['Thành phố C: 3 trường']);
    expect(by.p).toEqual({ recipientId: 'p', title: 'Số trường nộp muộn báo cáo Sơ kết học kỳ I', lines: ['Vùng R: 3 trường'] });
  });

  it('given schools directly under the root and under a ward, then the root gets both names and counts in one note', () => {
    const notes = lateNotes(PERIOD, [school('a', ['p']), school('b', ['p', 'w1'])], nameOf);
    expect(notes.find((n) => n.recipientId === 'p')?.lines).toEqual(['Trường a', 'Phường 1: 1 trường']);
    expect(notes.find((n) => n.recipientId === 'w1')?.lines).toEqual(['Trường b']);
  });

  it('given no late school, then nobody is told', () => {
    expect(lateNotes(PERIOD, [], nameOf)).toEqual([]);
  });

  it('given the days before the due date, then the reminder says how many, with the Vietnamese date', () => {
    expect(deadlineNote('a', PERIOD, '2023-01-20', 7).lines[0]).toBe(
      'Còn 7 ngày đến hạn nộp báo cáo Sơ kết học kỳ I (hạn 20/01/2023). Trường chưa nộp báo cáo kỳ này.',
    );
    expect(deadlineNote('a', PERIOD, '2023-01-20', 0).lines[0]).toMatch(/^Hôm nay là hạn cuối/);
  });
});

describe('domain/reminders: the monthly digest', () => {
  const unit = (id: string, ancestors: string[], levels?: ('MN' | 'TH' | 'THCS')[]): UnitItem => ({
    id,
    name: id,
    kind: levels ? 'school' : 'unit',
    parentId: ancestors.at(-1) ?? null,
    ancestors,
    schoolCount: 0,
    periods: {},
    ...(levels ? { levels } : {}),
  });
  const item = (text: string, audience: CalendarItem['audience'], date: string | null = null): CalendarItem =>
    ({ id: text, month: '2023-02', text, date, audience, kind: 'other', period: null }) as unknown as CalendarItem;

  it('given items for the office, the wards and the schools of a level, then each goes to its audience, wards being the units right above schools', () => {
    // c → r (no school directly) → w → schools; c → s0 (a school directly under the city makes c a "ward" too)
    const below = [
      unit('r', ['c']),
      unit('w', ['c', 'r']),
      unit('s1', ['c', 'r', 'w'], ['TH']),
      unit('s2', ['c', 'r', 'w'], ['MN']),
      unit('s0', ['c'], ['TH']),
    ];
    const notes = digestNotes(
      'c',
      '2023-02',
      [item('Họp', 'office', '2023-02-03'), item('Kiểm tra', 'wards'), item('Thi', 'schools:TH' as CalendarItem['audience'])],
      below,
    );
    const by = Object.fromEntries(notes.map((n) => [n.recipientId, n.lines]));
    expect(by).toEqual({ c: ['Họp (ngày 03/02/2023)'], w: ['Kiểm tra'], s1: ['Thi'], s0: ['Thi'] });
    expect(notes[0]?.title).toBe('Công việc tháng 2/2023');
  });
});

describe('domain/evaluation: target and completeness transitions', () => {
  const view = (value: number, met: boolean): IndicatorValue =>
    ({ value, met, target: { threshold: 0.9, direction: 'atLeast', unitId: 'c' } }) as unknown as IndicatorValue;
  const rollup = (indicators: Record<string, IndicatorValue>, submitted: number): Pick<RollupResponse, 'indicators' | 'completeness'> => ({
    indicators,
    completeness: { expected: 2, submitted, onTime: submitted, late: 0, missing: [] },
  });

  it('given nothing recorded, then every indicator with a target is a transition and completion is reported once', () => {
    const first = evaluateTransitions(NO_EVALUATION, rollup({ a: view(0.5, false), b: view(0.95, true) }, 2));
    expect(first.transitions.map((t) => t.type)).toEqual(['TargetMissed', 'TargetMet', 'UnitCompleted']);
    expect(first).toMatchObject({ met: { a: false, b: true }, completed: true, changed: true });
    const again = evaluateTransitions(first, rollup({ a: view(0.5, false), b: view(0.95, true) }, 2));
    expect(again).toMatchObject({ transitions: [], changed: false });
  });

  it('given a rate that recovers, then only TargetMet for it; indicators without a value or target are left out', () => {
    const before = { met: { a: false }, completed: false };
    const noTarget = { value: 3 } as unknown as IndicatorValue;
    const now = evaluateTransitions(before, rollup({ a: view(0.95, true), n: noTarget }, 1));
    expect(now.transitions).toEqual([{ type: 'TargetMet', indicator: 'a', value: 0.95, threshold: 0.9, direction: 'atLeast', targetUnitId: 'c' }]);
    expect(now.met).toEqual({ a: true });
  });
});
