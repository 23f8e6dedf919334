import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALENDAR_RULES } from '../../catalog/calendar-rules.ts';
import { CATALOG } from '../../catalog/index.ts';
import { CalendarParseError, calendarDiff, parseCalendar, schoolYearOf } from '../../domain/calendar.ts';
import { desiredSchedules, firstWorkingDay, isPastSchoolYear, scheduleGroupName, scheduleUnitPrefix, schoolYearOfGroup } from '../../domain/schedules.ts';
import { vietnamLocalToInstant } from '../../domain/vietnam-time.ts';

/** The calendar appendix of seed 000, copied into the fixtures so tests need nothing outside the repo. */
const appendix = readFileSync('test/fixtures/calendars/seed-000-appendix.txt', 'utf8');

describe('Function: parseCalendar', () => {
  describe('seed 000 (a table whose cells hold HTML lists)', () => {
    const items = parseCalendar(appendix, CALENDAR_RULES);
    it('gives the 12 months 8/2022 … 7/2023 with every bullet (and every sentence of a bullet) as an item', () => {
      const perMonth: Record<string, number> = {};
      for (const item of items) perMonth[item.month] = (perMonth[item.month] ?? 0) + 1;
      // Counted by hand from the document: bullets, a bullet of several sentences counting each.
      expect(perMonth).toEqual({
        '2022-08': 6,
        '2022-09': 7,
        '2022-10': 11,
        '2022-11': 8,
        '2022-12': 6,
        '2023-01': 8,
        '2023-02': 5,
        '2023-03': 7,
        '2023-04': 9,
        '2023-05': 14,
        '2023-06': 7,
        '2023-07': 8,
      });
    });
    it('joins a task broken across two table rows and dates it', () => {
      const teachersDay = items.find((i) => i.text.startsWith('Triển khai kế hoạch tổ chức các hoạt động chào mừng 40 năm'));
      expect(teachersDay).toMatchObject({
        month: '2022-11',
        date: '2022-11-20',
        kind: 'event',
        text: 'Triển khai kế hoạch tổ chức các hoạt động chào mừng 40 năm ngày Nhà giáo Việt Nam 20/11.',
      });
      expect(items.find((i) => i.text.startsWith('Chỉ đạo 100% các trường'))).toMatchObject({ month: '2022-09', date: '2022-09-05', audience: 'schools' });
    });
    it('links report tasks to their catalog period and classifies by the rules', () => {
      expect(items.find((i) => i.text === 'Tổng hợp, báo cáo sơ kết nộp Sở GD&ĐT.')).toMatchObject({ month: '2023-01', kind: 'report', period: 'semester1' });
      expect(items.find((i) => i.text === 'Tổng hợp tình hình, hoàn thiện các loại báo cáo nộp Sở GD&ĐT.')).toMatchObject({
        month: '2023-05',
        kind: 'report',
        period: 'end',
      });
      // "thi HSG lớp 9 …, English cấp Tiểu học": a contest for lower-secondary and primary pupils goes to all schools.
      expect(items.find((i) => i.text.startsWith('Tổ chức thi HSG lớp 9'))).toMatchObject({ kind: 'contest', audience: 'schools' });
      expect(items.find((i) => i.text.startsWith('Kiểm tra việc thực hiện nhiệm vụ năm học các trường trên địa bàn'))).toMatchObject({
        kind: 'inspection',
        audience: 'wards',
      });
      expect(items.find((i) => i.text.startsWith('Tổ chức Hội thi “Giáo viên thành phố Lào Cai Sáng tạo - Hội nhập”'))?.kind).toBe('contest');
    });
    it('gives the same ids to the same document (re-importing changes nothing)', () => {
      expect(parseCalendar(appendix, CALENDAR_RULES).map((i) => i.id)).toEqual(items.map((i) => i.id));
    });
  });

  it('reads a numbered list of "Tháng 01/2024:" lines with a task broken across lines and sentences', () => {
    const items = parseCalendar(readFileSync('test/fixtures/calendars/numbered-2024.txt', 'utf8'), CALENDAR_RULES);
    expect(items.map((i) => [i.month, i.text])).toEqual([
      ['2024-01', 'Tổ chức sơ kết học kỳ I.'],
      ['2024-01', 'Tổng hợp, báo cáo sơ kết nộp Sở GD&ĐT trước ngày 15/01/2024.'],
      ['2024-02', 'Kiểm tra việc thực hiện nhiệm vụ năm học của các trường mầm non; tổ chức các hoạt động mừng Đảng, mừng xuân cho học sinh.'],
      ['2024-03', 'Hội thi giáo viên dạy giỏi cấp tiểu học.'],
      ['2024-03', 'Tập huấn công tác thi tốt nghiệp THCS.'],
    ]);
    expect(items[1]).toMatchObject({ kind: 'report', period: 'semester1', date: '2024-01-15' });
    expect(items[2]?.audience).toBe('schools:MN');
  });

  it('places months written without a year with --year, in an HTML table of lists', () => {
    const html = readFileSync('test/fixtures/calendars/months-without-year.html', 'utf8');
    expect(() => parseCalendar(html, CALENDAR_RULES)).toThrow(CalendarParseError);
    const items = parseCalendar(html, CALENDAR_RULES, { schoolYear: '2023-2024' });
    expect(items.map((i) => i.month)).toEqual(['2023-08', '2023-08', '2023-09', '2023-09', '2023-12', '2024-05']);
    expect(items[2]).toMatchObject({ text: 'Khai giảng năm học vào ngày 05/9.', date: '2023-09-05', kind: 'event' });
    expect(items.at(-1)).toMatchObject({ kind: 'report', period: 'end', text: 'Tổng hợp tình hình, hoàn thiện các loại báo cáo nộp Sở GD&ĐT.' });
  });

  it('reads zero-padded months and plain bullet lines', () => {
    const items = parseCalendar('08/2022\n- Bồi dưỡng giáo viên.\n- Họp hội đồng trường.\n09/2022 - Khai giảng.', CALENDAR_RULES);
    expect(items.map((i) => [i.month, i.kind])).toEqual([
      ['2022-08', 'training'],
      ['2022-08', 'meeting'],
      ['2022-09', 'event'],
    ]);
  });
});

describe('Function: calendarDiff', () => {
  it('adds, removes and keeps by id', () => {
    expect(calendarDiff(['a', 'b'], [{ id: 'b' }, { id: 'c' }])).toEqual({ added: ['c'], removed: ['a'], unchanged: ['b'] });
    expect(schoolYearOf('2023-01')).toBe('2022-2023');
    expect(schoolYearOf('2022-08')).toBe('2022-2023');
  });
});

describe('Function: desiredSchedules', () => {
  const items = parseCalendar(appendix, CALENDAR_RULES);
  const specs = desiredSchedules('lc-tp-lao-cai', '2022-2023', items, CATALOG.periods, (p) => p.dueOn);
  it('makes a digest per month on its first working day at 07:30, Vietnam time', () => {
    expect(firstWorkingDay('2023-01')).toBe('2023-01-02');
    expect(firstWorkingDay('2022-10')).toBe('2022-10-03');
    const digest = specs.find((s) => s.payload.type === 'digest' && s.payload.month === '2023-01');
    expect(digest?.at).toBe('2023-01-02T07:30:00');
    expect(vietnamLocalToInstant('2023-01-02T07:30:00').toISOString()).toBe('2023-01-02T00:30:00.000Z');
    expect(specs.filter((s) => s.payload.type === 'digest')).toHaveLength(12);
  });
  it('reminds 7 days, 1 day and on the due date, then lists the late the day after', () => {
    const semester1 = specs.filter((s) => 'periodId' in s.payload && s.payload.periodId === '2022-2023.semester1').map((s) => s.at);
    expect(semester1).toEqual(['2023-01-13T07:30:00', '2023-01-19T07:30:00', '2023-01-20T07:30:00', '2023-01-21T08:00:00']);
  });
  it('names schedules deterministically within 64 characters', () => {
    expect(desiredSchedules('lc-tp-lao-cai', '2022-2023', items, CATALOG.periods, (p) => p.dueOn).map((s) => s.name)).toEqual(specs.map((s) => s.name));
    for (const spec of specs) expect(spec.name).toMatch(/^[0-9a-zA-Z_.-]{1,64}$/);
    const long = `a${'-x'.repeat(39)}`;
    for (const spec of desiredSchedules(long, '2022-2023', items, CATALOG.periods, (p) => p.dueOn)) {
      expect(spec.name).toMatch(/^[0-9a-zA-Z_.-]{1,64}$/);
      expect(spec.name.startsWith(scheduleUnitPrefix(long))).toBe(true);
    }
  });
  it('puts the unit in every name, so that one group per school year holds every unit', () => {
    for (const spec of specs) expect(spec.name.startsWith('lc-tp-lao-cai.')).toBe(true);
    // A unit whose id extends another's never shares its prefix (unit ids have no dot).
    expect(scheduleUnitPrefix('lc-tp-lao-cai-2').startsWith(scheduleUnitPrefix('lc-tp-lao-cai'))).toBe(false);
    expect(scheduleUnitPrefix(`a${'-x'.repeat(39)}`)).not.toBe(scheduleUnitPrefix(`a${'-x'.repeat(38)}-y`));
  });
  it('names the group after the stack and the school year, and knows when a year is over', () => {
    expect(scheduleGroupName('tonghop-prod', '2024-2025')).toBe('tonghop-prod-2024-2025');
    expect(schoolYearOfGroup('tonghop-prod', 'tonghop-prod-2024-2025')).toBe('2024-2025');
    expect(schoolYearOfGroup('tonghop-prod', 'tonghop-prod2-2024-2025')).toBeUndefined();
    expect(schoolYearOfGroup('tonghop-prod', 'tonghop-prod-lc-2024-2025')).toBeUndefined();
    expect(isPastSchoolYear('2022-2023', '2023-08-31')).toBe(false);
    expect(isPastSchoolYear('2022-2023', '2023-09-01')).toBe(true);
  });
});
