import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { docxOf, pdfOf } from '../fixtures/calendars/documents.ts';

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/calendar-import.ts', ...args], { encoding: 'utf8' });
const dir = mkdtempSync(join(tmpdir(), 'calendar-cli-'));
const file = (name: string, content: string | Buffer): string => {
  const path = join(dir, name);
  writeFileSync(path, content);
  return path;
};
const NUMBERED = 'test/fixtures/calendars/corpus/numbered-months.txt';

/** Each case starts the CLI (tsx) in its own process: slow on a loaded machine, hence the timeout. */
describe('CLI: npm run calendar:import', { timeout: 60_000 }, () => {
  it('--json prints the items of seed 000 as a JSON array', () => {
    const result = run('test/fixtures/calendars/seed-000-appendix.txt', '--json');
    expect(result.status).toBe(0);
    const items = JSON.parse(result.stdout) as { month: string; text: string; date: string | null; audience: string; kind: string }[];
    expect(items).toHaveLength(96);
    expect(items[0]).toEqual({
      month: '2022-08',
      text: 'Tổ chức Hội nghị tổng kết năm học 2021-2022, triển khai nhiệm vụ năm học 2022-2023.',
      date: null,
      audience: 'office',
      kind: 'meeting',
    });
  });
  it('--dry-run prints a table and stores nothing; a month without a year needs --year', () => {
    const dry = run('test/fixtures/calendars/months-without-year.html', '--dry-run', '--year', '2023-2024');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('6 items in 4 months; nothing stored (dry run)');
    expect(dry.stdout).toMatch(/2023-09\s+2023-09-05\s+event/);
    const noYear = run('test/fixtures/calendars/months-without-year.html', '--dry-run');
    expect(noYear.status).toBe(2);
    expect(noYear.stderr).toContain('không ghi năm: hãy chọn năm học (--year');
  });
  it('--dry-run lists the ignored text after the items: what came before and after the calendar', () => {
    const dry = run(NUMBERED, '--dry-run');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('24 items in 12 months; nothing stored (dry run)');
    expect(dry.stdout).toContain('ignored text (2 blocks)');
    expect(dry.stdout).toMatch(/-- lines 37–51, after-calendar\n {3}III\. GIẢI PHÁP THỰC HIỆN\n[\s\S]*Nơi nhận:[\s\S]*Nguyễn Văn An/);
    expect(dry.stdout.split('ignored text')[0]).not.toContain('Nơi nhận');
  });
  it('a .docx and a .pdf of the same text print the same items as the text', async () => {
    const text = readFileSync(NUMBERED, 'utf8');
    const fromText = run(NUMBERED, '--json');
    const fromDocx = run(file('plan.docx', await docxOf(text)), '--json');
    const fromPdf = run(file('plan.pdf', await pdfOf(text)), '--json');
    expect(fromText.status).toBe(0);
    expect(JSON.parse(fromDocx.stdout)).toEqual(JSON.parse(fromText.stdout));
    expect(JSON.parse(fromPdf.stdout)).toEqual(JSON.parse(fromText.stdout));
  });
  it('reads "THÁNG 9 NĂM 2024:" headings and a UTF-16 file with its BOM', () => {
    const text = 'THÁNG 9 NĂM 2024:\n- Họp giao ban hiệu trưởng.\nTHÁNG 10 NĂM 2024:\n- Kiểm tra nề nếp dạy học.\n';
    const utf16 = run(file('utf16.txt', Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')])), '--json');
    expect(utf16.status).toBe(0);
    expect((JSON.parse(utf16.stdout) as { month: string }[]).map((i) => i.month)).toEqual(['2024-09', '2024-10']);
  });
  it('exits 2 with the reason for an empty file, a binary file, a file without months and a bad --year', () => {
    const cases: [string[], RegExp][] = [
      [[file('empty.txt', ''), '--dry-run'], /Tài liệu rỗng \[empty\]/],
      [[file('binary.bin', Buffer.from([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0])), '--dry-run'], /nhị phân .*\[binary\]/],
      [[file('prose.txt', 'KẾ HOẠCH\nKhông có lịch tháng nào.\n'), '--dry-run'], /Không tìm thấy tháng nào .*\[no-months\]/],
      [[NUMBERED, '--dry-run', '--year', 'banana'], /Năm học "banana" không hợp lệ/],
      [[NUMBERED, '--dry-run', '--year', '2024'], /Năm học "2024" không hợp lệ/],
      [[NUMBERED, '--dry-run', '--year', '7131-7132'], /ngoài khoảng cho phép/],
    ];
    for (const [args, message] of cases) {
      const result = run(...args);
      expect(result.status, args.join(' ')).toBe(2);
      expect(result.stderr).toMatch(message);
      expect(result.stdout).toBe('');
    }
  });
});
