/**
 * Real formats: a .docx (mammoth) and a .pdf with a text layer (unpdf) import to the same items as
 * their text. The documents are built at test time from the text fixtures (docx, pdfkit).
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { CALENDAR_RULES } from '../../catalog/calendar-rules.ts';
import { CalendarParseError, parseCalendarDocument } from '../../domain/calendar.ts';
import { formatOf, readCalendarDocument } from '../../functions/calendar/document.ts';
import type { CalendarItem } from '../../schemas/calendar.ts';
import { CORPUS_DIR, expectedItems } from '../fixtures/calendars/corpus/corpus.ts';
import { docxOf, docxTableOf, pdfOf, pdfWithoutText } from '../fixtures/calendars/documents.ts';

const itemsOf = async (bytes: Uint8Array, schoolYear?: string): Promise<CalendarItem[]> => {
  const { text } = await readCalendarDocument(bytes);
  return parseCalendarDocument(text, CALENDAR_RULES, schoolYear ? { schoolYear } : {}).items;
};
const refusalOf = async (bytes: Uint8Array): Promise<string> => {
  try {
    await readCalendarDocument(bytes);
    return 'none';
  } catch (error) {
    return error instanceof CalendarParseError ? error.code : 'other';
  }
};

describe('Function: readCalendarDocument', () => {
  for (const file of ['numbered-months.txt', 'weekly.txt', 'bullets.txt', 'sections.txt']) {
    const text = readFileSync(`${CORPUS_DIR}/${file}`, 'utf8');
    const fromText = parseCalendarDocument(text, CALENDAR_RULES).items;

    it(`given ${file} as a .docx, then it imports to the same items (ids included) as the text`, async () => {
      const docx = await docxOf(text);
      expect(formatOf(docx)).toBe('docx');
      expect(await itemsOf(docx)).toEqual(fromText);
    });

    it(`given ${file} as a .pdf with a text layer (wrapped by the page), then it imports to the same items as the text`, async () => {
      const pdf = await pdfOf(text);
      expect(formatOf(pdf)).toBe('pdf');
      const { text: extracted } = await readCalendarDocument(pdf);
      expect(extracted).toMatch(/tháng/i);
      expect(await itemsOf(pdf)).toEqual(fromText);
    });
  }

  it('given a Word table (month, tasks as paragraphs, owner), then the owners are ignored and the tasks are those expected', async () => {
    const docx = await docxTableOf(
      'LỊCH CÔNG TÁC THÁNG 11 VÀ THÁNG 12 NĂM 2024',
      [
        [['Thời gian'], ['Nội dung'], ['Đơn vị thực hiện']],
        [
          ['Tháng 11/2024'],
          ['- Tổ chức Hội thi giáo viên dạy giỏi cấp thành phố bậc tiểu học.', '- Kiểm tra công tác kiểm định chất lượng tại trường TH Kim Đồng.'],
          ['Bộ phận Tiểu học'],
        ],
        [['Tháng 12/2024'], ['- Tổ chức thi học sinh giỏi lớp 9 cấp thành phố.', '- Tổng hợp báo cáo thống kê giữa năm học.'], ['Bộ phận THCS']],
      ],
      'Các đơn vị căn cứ lịch công tác để chủ động thực hiện.',
    );
    const { text } = await readCalendarDocument(docx);
    const { items, ignored } = parseCalendarDocument(text, CALENDAR_RULES);
    expect(items.map(({ month, text: t, date }) => ({ month, text: t, date }))).toEqual(
      expectedItems({ file: 'html-table.html', layout: '' }).map(({ month, text: t, date }) => ({ month, text: t, date })),
    );
    expect(ignored.map((b) => [b.reason, b.text])).toEqual([
      ['before-calendar', 'LỊCH CÔNG TÁC THÁNG 11 VÀ THÁNG 12 NĂM 2024\nThời gian | Nội dung | Đơn vị thực hiện'],
      ['table-cell', 'Bộ phận Tiểu học'],
      ['table-cell', 'Bộ phận THCS'],
      ['after-calendar', 'Các đơn vị căn cứ lịch công tác để chủ động thực hiện.'],
    ]);
  });

  it('refuses a scanned .pdf (no text layer), a broken .docx, an old .doc and another zip', async () => {
    expect(await refusalOf(await pdfWithoutText())).toBe('no-text-layer');
    const docx = await docxOf('Tháng 9/2024: Họp.');
    expect(await refusalOf(docx.subarray(0, 200))).toBe('unsupported-format');
    expect(await refusalOf(Buffer.concat([Buffer.from('%PDF-1.7\n'), Buffer.alloc(64, 0x20)]))).toBe('unsupported-format');
    expect(await refusalOf(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]))).toBe('unsupported-format');
    expect(await refusalOf(Buffer.from([0x50, 0x4b, 0x03, 0x04, 0, 0, 0, 0]))).toBe('unsupported-format');
  });
});
