/**
 * Calendar import over HTTP, as a leader meets it: the same PUT takes text, JSON, a .docx or a .pdf
 * (raw body, base64-encoded by the gateway as API Gateway does, or a multipart form); the answer
 * lists the ignored text; `?dryRun=true` previews without storing; unreadable input is a 400 with
 * the field and the reason, never a 5xx.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { docxOf, pdfOf } from '../fixtures/calendars/documents.ts';
import { startTestRuntime, type TestRuntime } from '../helpers/runtime.ts';

const CITY = 'lc-tp-lao-cai';
const YEAR = '2024-2025';
const table = readFileSync('test/fixtures/calendars/corpus/table.md', 'utf8');
const numbered = readFileSync('test/fixtures/calendars/corpus/numbered-months.txt', 'utf8');

describe('PUT /api/units/{unitId}/calendar/{year} with real documents', () => {
  let rt: TestRuntime;
  let leader: string;
  beforeAll(async () => {
    rt = await startTestRuntime();
    leader = await rt.token(CITY, 'leader');
  });
  afterAll(async () => {
    await rt?.stop();
  });

  // biome-ignore lint/suspicious/noExplicitAny: tests read arbitrary JSON answers
  const put = async (body: BodyInit, contentType?: string, query = '', year = YEAR): Promise<{ status: number; body: any }> => {
    const response = await fetch(`${rt.url}/api/units/${CITY}/calendar/${year}${query}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${leader}`, ...(contentType ? { 'content-type': contentType } : {}) },
      body,
    });
    return { status: response.status, body: await response.json() };
  };
  const stored = async () => (await rt.api(`/api/units/${CITY}/calendar/${YEAR}`, { token: leader })).body.items as { month: string; text: string }[];

  it('previews a table with ?dryRun=true: the items and the ignored side column, nothing stored', async () => {
    const answer = await put(table, 'text/plain; charset=utf-8', '?dryRun=true');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ dryRun: true, format: 'text', items: 12, months: 6 });
    expect(answer.body.preview[0]).toMatchObject({ month: '2024-08', text: 'Tổ chức tựu trường cho học sinh từ ngày 26/8/2024.', date: '2024-08-26' });
    expect(answer.body.ignored).toContainEqual(expect.objectContaining({ reason: 'table-cell', text: 'Ban giám hiệu' }));
    expect(answer.body.ignored).toContainEqual(expect.objectContaining({ reason: 'after-calendar', text: 'Người lập bảng\nTrần Thị Hoa' }));
    expect(await stored()).toEqual([]);
  });

  it('imports a .docx sent as the raw body (base64 through the gateway), then the same text changes nothing', async () => {
    const answer = await put(new Uint8Array(await docxOf(table)), 'application/vnd.openxmlformats-officedocument.wordprocessingml.document');
    expect(answer.status).toBe(200);
    expect(answer.body).toMatchObject({ format: 'docx', added: 12, removed: 0, unchanged: 0, items: 12 });
    const again = await put(table, 'text/plain; charset=utf-8');
    expect(again.body).toMatchObject({ format: 'text', added: 0, removed: 0, unchanged: 12 });
    expect(await stored()).toHaveLength(12);
  });

  it('imports a .pdf uploaded as a multipart form; months of another school year are listed as ignored', async () => {
    const form = new FormData();
    form.append('document', new Blob([new Uint8Array(await pdfOf(numbered))], { type: 'application/pdf' }), 'ke-hoach-2024.pdf');
    const answer = await put(form);
    expect(answer.status).toBe(200);
    // August to December 2024 belong to 2024-2025; January to July to 2023-2024.
    expect(answer.body).toMatchObject({ format: 'pdf', items: 9, months: 5, added: 9, removed: 12 });
    const other = answer.body.ignored.filter((b: { reason: string }) => b.reason === 'other-school-year');
    expect(other).toHaveLength(15);
    expect(other[0].text).toBe('2024-01: Tổ chức sơ kết học kỳ I tại các trường trên địa bàn TP. Lào Cai.');
    expect(answer.body.ignored).toContainEqual(expect.objectContaining({ reason: 'after-calendar', fromLine: expect.any(Number) }));
    expect((await stored()).map((i) => i.month)).not.toContain('2025-01');
  });

  it('answers 400 with the field and the reason for bad years and unreadable documents, and stores nothing', async () => {
    const before = await stored();
    const cases: [Promise<{ status: number; body: { issues: { path: string; code: string }[] } }>, string, string][] = [
      [put(table, 'text/plain', '', 'banana'), 'year', 'bad-school-year'],
      [put(table, 'text/plain', '', '2024'), 'year', 'bad-school-year'],
      [put(table, 'text/plain', '', '7131-7132'), 'year', 'bad-school-year'],
      [put('', 'text/plain'), 'document', 'empty'],
      [put(new Uint8Array([0x7f, 0x45, 0x4c, 0x46, 2, 1, 1, 0, 0, 0, 0, 0]), 'application/octet-stream'), 'document', 'binary'],
      [put(Buffer.from(table, 'utf16le'), 'text/plain'), 'document', 'binary'],
      [put('KẾ HOẠCH\nKhông có lịch tháng nào.', 'text/plain'), 'document', 'no-months'],
      [put(JSON.stringify({ document: 'Tháng 01/7132: Họp.' }), 'application/json'), 'document', 'bad-year'],
      [put(new Uint8Array([0x25, 0x50, 0x44, 0x46, 0x2d, 0x31, 0x2e, 0x37, 0x0a, 0, 1, 2]), 'application/pdf'), 'document', 'unsupported-format'],
    ];
    for (const [answer, path, code] of cases) {
      const { status, body } = await answer;
      expect(status, code).toBe(400);
      expect(body.issues[0]).toMatchObject({ path, code });
    }
    expect(await stored()).toEqual(before);
  });

  it('refuses a document over 4 MB with 413, and a body over the 6 MB gateway limit before any function', async () => {
    const big = await put(new Uint8Array(4.5 * 1024 * 1024).fill(0x41), 'text/plain');
    expect(big.status).toBe(413);
    expect(big.body.issues[0]).toMatchObject({ path: 'document', code: 'too_large' });
    const huge = await fetch(`${rt.url}/api/units/${CITY}/calendar/${YEAR}`, {
      method: 'PUT',
      headers: { authorization: `Bearer ${leader}`, 'content-type': 'text/plain' },
      body: new Uint8Array(7 * 1024 * 1024).fill(0x41),
    });
    expect(huge.status).toBe(413);
  });

  it('reads a UTF-16 document with its BOM', async () => {
    const text = 'THÁNG 9 NĂM 2024:\n- Họp giao ban hiệu trưởng.\n';
    const answer = await put(Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]), 'text/plain; charset=utf-16', '?dryRun=true');
    expect(answer.status).toBe(200);
    expect(answer.body.preview.map((i: { text: string }) => i.text)).toEqual(['Họp giao ban hiệu trưởng.']);
  });
});
