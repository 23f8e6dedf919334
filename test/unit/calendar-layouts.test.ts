/**
 * The calendar importer on documents as offices write them: the corpus of layouts (each with its
 * expected items), and one test per failure class of issue 14 (no end of the calendar, wrapped lines
 * taken as tasks, no Unicode normalisation, keywords inside words, wrong level audiences, silent
 * nothing on unreadable input).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALENDAR_RULES } from '../../catalog/calendar-rules.ts';
import {
  CalendarParseError,
  type CalendarRefusal,
  classify,
  decodeDocument,
  monthHeading,
  parseCalendar,
  parseCalendarDocument,
  parseSchoolYear,
  splitSentences,
} from '../../domain/calendar.ts';
import { CORPUS_DIR, corpus, expectedItems, scoreItems } from '../fixtures/calendars/corpus/corpus.ts';

const read = (file: string): string => readFileSync(`${CORPUS_DIR}/${file}`, 'utf8');
const refusal = (run: () => unknown): CalendarRefusal | 'none' => {
  try {
    run();
    return 'none';
  } catch (error) {
    if (error instanceof CalendarParseError) return error.code;
    throw error;
  }
};

describe('Function: parseCalendarDocument on the corpus', () => {
  const entries = corpus();
  it('has at least 8 layouts, each with its expected items', () => {
    expect(new Set(entries.map((e) => e.file)).size).toBeGreaterThanOrEqual(8);
  });
  for (const entry of entries) {
    it(`given ${entry.file}${entry.year ? ` and --year ${entry.year}` : ''} (${entry.layout}), then it gives exactly the expected items`, () => {
      const { items } = parseCalendarDocument(read(entry.file), CALENDAR_RULES, entry.year ? { schoolYear: entry.year } : {});
      const expected = expectedItems(entry);
      expect(items.map(({ month, text, date }) => ({ month, text, date }))).toEqual(expected.map(({ month, text, date }) => ({ month, text, date })));
      // Where the fixture names a kind, an audience or a period, the item has it.
      expected.forEach((want, index) => {
        const { month: _m, text: _t, date: _d, ...classification } = want;
        expect(items[index]).toMatchObject(classification);
      });
      expect(scoreItems(items, expected)).toMatchObject({ correct: expected.length, found: expected.length });
    });
  }
});

describe('Failure 1: the end of the calendar part', () => {
  const { items, ignored } = parseCalendarDocument(read('numbered-months.txt'), CALENDAR_RULES);
  it('given solutions, addressees and a signature after the last month, then December keeps only its own tasks', () => {
    expect(items.filter((i) => i.month === '2024-12').map((i) => i.text)).toEqual([
      'Tổ chức thi chọn học sinh giỏi lớp 9 cấp thành phố.',
      'Hoàn thành hồ sơ kiểm tra công nhận phổ cập giáo dục năm 2024.',
    ]);
    expect(items.some((i) => /Nơi nhận|TRƯỞNG PHÒNG|Nguyễn Văn An|đơn thư|chuyển đổi số/.test(i.text))).toBe(false);
  });
  it('lists what it left out, before and after the calendar, for the preview', () => {
    expect(ignored.map((block) => block.reason)).toEqual(['before-calendar', 'after-calendar']);
    expect(ignored[0]?.text).toContain('I. ĐÁNH GIÁ KẾT QUẢ NĂM 2023');
    expect(ignored[1]).toMatchObject({ fromLine: 37, toLine: 51 });
    expect(ignored[1]?.text).toMatch(/^III\. GIẢI PHÁP THỰC HIỆN\n[\s\S]*Nơi nhận:[\s\S]*TRƯỞNG PHÒNG\nNguyễn Văn An$/);
  });
  it('ends at the next numbered section, a capitalised heading, the end of a table or a closing note', () => {
    const doc = (after: string) => `III. LỊCH CÔNG TÁC\nTháng 9/2024:\n- Họp giao ban.\n${after}\n- Không phải công việc tháng 9.`;
    for (const after of [
      'IV. TỔ CHỨC THỰC HIỆN',
      'TỔ CHỨC THỰC HIỆN',
      '## Tổ chức thực hiện',
      'Nơi nhận:',
      'KT. TRƯỞNG PHÒNG',
      'Ghi chú: lịch có thể thay đổi.',
    ]) {
      expect(parseCalendar(doc(after), CALENDAR_RULES).map((i) => i.text)).toEqual(['Họp giao ban.']);
    }
    // Under "2. Lịch công tác", "3. …" ends the calendar; a task list restarting at 1 does not.
    const numbered = '2. Lịch công tác\nTháng 9/2024:\n1. Họp giao ban.\n2. Kiểm tra nề nếp.\n3. Các chỉ tiêu\n- Tỷ lệ 99 %.';
    expect(parseCalendar(numbered, CALENDAR_RULES).map((i) => i.text)).toEqual(['Họp giao ban.', 'Kiểm tra nề nếp.']);
  });
});

describe('Failure 2: wrapped lines', () => {
  const items = parseCalendar(read('numbered-months.txt'), CALENDAR_RULES);
  it('given a line wrapped before a capital or a digit, then the task stays whole', () => {
    expect(items.map((i) => i.text)).toContain(
      'Phối hợp khảo sát năng lực học sinh dự tuyển vào lớp 6 hai trường THCS chất lượng cao trên địa bàn thành phố là Lê Quý Đôn và Lý Tự Trọng.',
    );
    expect(items.map((i) => i.text)).toContain('Tham gia Cuộc thi Sáng tạo thanh thiếu niên, nhi đồng cấp tỉnh Lào Cai lần thứ 19 năm 2024.');
    expect(items.some((i) => /^(Đôn|19 năm|Trọng)/.test(i.text))).toBe(false);
  });
  it('given short lines without a full stop, then each is its own task', () => {
    expect(parseCalendar('Tháng 9/2024:\nHọp giao ban\nKiểm tra nề nếp\n', CALENDAR_RULES).map((i) => i.text)).toEqual(['Họp giao ban', 'Kiểm tra nề nếp']);
  });
});

describe('Failure 2b: sentences and Vietnamese abbreviations', () => {
  it('splits at a full stop before a capital, but not after TP., ThS. or inside GD&ĐT and THCS', () => {
    expect(splitSentences('Tổ chức hội nghị tại TP. Lào Cai. Báo cáo nộp Sở GD&ĐT. Thi HSG cấp THCS. Mời ThS. Nguyễn Văn An báo cáo.')).toEqual([
      'Tổ chức hội nghị tại TP. Lào Cai.',
      'Báo cáo nộp Sở GD&ĐT.',
      'Thi HSG cấp THCS.',
      'Mời ThS. Nguyễn Văn An báo cáo.',
    ]);
    const items = parseCalendar('Tháng 9/2024: Tổ chức Hội thi cấp THCS - Hội thảo chuyên đề GD&ĐT - Họp giao ban.', CALENDAR_RULES);
    expect(items.map((i) => i.text)).toEqual(['Tổ chức Hội thi cấp THCS', 'Hội thảo chuyên đề GD&ĐT', 'Họp giao ban.']);
  });
});

describe('Failure 3: Unicode normalisation at the door', () => {
  it('given decomposed accents (NFD), then the items, kinds and ids are those of the NFC copy', () => {
    const nfd = read('nfd.txt');
    expect(nfd).not.toBe(nfd.normalize('NFC'));
    const fromNfd = parseCalendar(nfd, CALENDAR_RULES);
    const fromNfc = parseCalendar(nfd.normalize('NFC'), CALENDAR_RULES);
    expect(fromNfd).toEqual(fromNfc);
    expect(fromNfd.map((i) => i.kind)).toEqual(['meeting', 'report', 'contest', 'inspection', 'contest', 'meeting']);
    expect(fromNfd.every((i) => i.text === i.text.normalize('NFC'))).toBe(true);
  });
  it('given CRLF line ends, then the items are those of the LF copy', () => {
    const crlf = read('crlf.txt');
    expect(crlf).toContain('\r\n');
    expect(parseCalendar(crlf, CALENDAR_RULES)).toEqual(parseCalendar(crlf.replaceAll('\r\n', '\n'), CALENDAR_RULES));
  });
});

describe('Failure 4: keywords on word boundaries', () => {
  it('"giải" of "giải quyết" is no contest; prizes and tournaments are', () => {
    expect(classify('Giải quyết dứt điểm các kiến nghị của cha mẹ học sinh.', CALENDAR_RULES).kind).toBe('task');
    expect(classify('Tổ chức trao giải cuộc vận động sáng tác.', CALENDAR_RULES).kind).toBe('contest');
    expect(classify('Giải điền kinh học sinh phổ thông cấp thành phố.', CALENDAR_RULES).kind).toBe('contest');
  });
  it('"lớp 1" is not in "lớp 10", "lễ" is not in "lệ", "họp" is not in "hợp"', () => {
    expect(classify('Tuyển sinh lớp 10 năm học 2024-2025.', CALENDAR_RULES).audience).toBe('schools:THCS');
    expect(classify('Rà soát tỷ lệ huy động.', CALENDAR_RULES).kind).toBe('task');
    expect(classify('Phối hợp tổ chức tuyên truyền.', CALENDAR_RULES).kind).toBe('task');
  });
});

describe('Failure 5: level audiences', () => {
  it('a task about two primary schools goes to primary schools', () => {
    expect(classify('Kiểm tra công tác bán trú tại hai trường tiểu học Kim Tân và Lê Văn Tám.', CALENDAR_RULES).audience).toBe('schools:TH');
    expect(classify('Kiểm tra trường TH Kim Đồng và TH Pom Hán.', CALENDAR_RULES).audience).toBe('schools:TH');
  });
  it('a contest for primary pupils goes to primary schools; one for two levels to all schools', () => {
    expect(classify('Tổ chức Cuộc thi Toán tuổi thơ cho học sinh tiểu học.', CALENDAR_RULES)).toMatchObject({ kind: 'contest', audience: 'schools:TH' });
    expect(classify('Tổ chức thi HSG lớp 9 cấp thành phố, English cấp Tiểu học.', CALENDAR_RULES).audience).toBe('schools');
    expect(classify('Chỉ đạo các trường mầm non, phổ thông khai giảng.', CALENDAR_RULES).audience).toBe('schools');
    expect(classify('Kiểm tra công tác phổ cập các xã, phường.', CALENDAR_RULES).audience).toBe('wards');
  });
});

describe('Failure 6: month headings in every common form, and clear refusals', () => {
  it('reads "THÁNG 9 NĂM 2024:", "Tháng 01/2024:", "1. Tháng 01/2024:", "8/2022", "Tháng 9-2024", "Tuần 1 (02/9 – 07/9)"', () => {
    expect(monthHeading('THÁNG 9 NĂM 2024:')).toMatchObject({ month: 9, year: 2024, rest: '' });
    expect(monthHeading('Tháng 01/2024: Sơ kết.')).toMatchObject({ month: 1, year: 2024, rest: 'Sơ kết.' });
    expect(monthHeading('1. Tháng 01/2024: Sơ kết.')).toMatchObject({ month: 1, year: 2024, marker: { kind: 'number', value: 1 } });
    expect(monthHeading('8/2022')).toMatchObject({ month: 8, year: 2022 });
    expect(monthHeading('**Tháng 9-2024**')).toMatchObject({ month: 9, year: 2024 });
    expect(monthHeading('Tháng 8:')).toMatchObject({ month: 8, year: null });
    expect(monthHeading('Tuần 1 (02/9 – 07/9)')).toMatchObject({ month: 9, year: null, week: true, rest: '' });
    expect(monthHeading('Tháng 9 hằng năm, các trường rà soát kế hoạch.')).toBeNull();
    expect(monthHeading('TP. Lào Cai, ngày 19 tháng 9 năm 2022')).toBeNull();
    expect(monthHeading('Tháng 13/2024:')).toBeNull();
  });
  it('refuses an empty document, one without months, and years out of range', () => {
    expect(refusal(() => parseCalendar('', CALENDAR_RULES))).toBe('empty');
    expect(refusal(() => parseCalendar(' \n\t\n', CALENDAR_RULES))).toBe('empty');
    expect(refusal(() => parseCalendar('KẾ HOẠCH\nKhông có lịch tháng nào ở đây.', CALENDAR_RULES))).toBe('no-months');
    expect(refusal(() => parseCalendar('Tháng 01/7132: Họp.', CALENDAR_RULES))).toBe('bad-year');
    expect(refusal(() => parseCalendar('Tháng 01/1000: Họp.', CALENDAR_RULES))).toBe('bad-year');
    expect(refusal(() => parseCalendar('Tháng 8: Họp.', CALENDAR_RULES))).toBe('no-year');
  });
  it('refuses a school year that is not two following years in a sane range', () => {
    for (const bad of ['banana', '2024', '2024-2026', '1000-1001', '7131-7132', '2024/2025'])
      expect(refusal(() => parseSchoolYear(bad))).toBe('bad-school-year');
    expect(refusal(() => parseCalendar('Tháng 8: Họp.', CALENDAR_RULES, { schoolYear: 'banana' }))).toBe('bad-school-year');
    expect(parseSchoolYear('2024-2025')).toBe(2024);
  });
  it('decodes UTF-8 (with or without BOM) and UTF-16 with a BOM; refuses binary, BOM-less UTF-16 and other encodings', () => {
    const text = 'Tháng 9/2024:\n- Họp giao ban.\n';
    const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
    const utf16be = Buffer.from(utf16le.subarray(2)).swap16();
    expect(decodeDocument(Buffer.from(text))).toBe(text);
    expect(decodeDocument(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]))).toContain(text);
    expect(decodeDocument(utf16le)).toBe(text);
    expect(decodeDocument(Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]))).toBe(text);
    expect(refusal(() => decodeDocument(Buffer.alloc(0)))).toBe('empty');
    expect(refusal(() => decodeDocument(Buffer.from(text, 'utf16le')))).toBe('binary');
    expect(refusal(() => decodeDocument(Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0])))).toBe('binary');
    expect(refusal(() => decodeDocument(Buffer.from([1, 2, 3, 4, 5, 6, 0x41, 0x42, 7, 8])))).toBe('binary');
    // "Tháng" in Windows-1258 / TCVN3 bytes is not UTF-8.
    expect(refusal(() => decodeDocument(Buffer.from([0x54, 0x68, 0xe1, 0x6e, 0x67, 0x20, 0x39])))).toBe('encoding');
  });
});

describe('Linear work on hostile markup', () => {
  it('given thousands of unclosed tags and rows, then it still answers (no backtracking blow-up)', () => {
    const hostile = `<table>${'<tr><td>Tháng 9/2024<td>- Họp < giao ban.'.repeat(5000)}`;
    expect(parseCalendar(hostile, CALENDAR_RULES).length).toBeGreaterThan(0);
  });
});
