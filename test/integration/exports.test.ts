/**
 * Exports of a rollup, over HTTP, on the demo data rolled up by the real pipeline: the xlsx opened
 * with exceljs has seed 000's table II.2.1 for Lào Cai city (73 / 1,096 / 35,389 in 2021-2022 and
 * 73 / 1,102 / 35,585 in 2022-2023, numeric cells), the indicators against their targets and the
 * schools by name; the CSV starts with a UTF-8 BOM; another leader's token is refused.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoSubmissions } from '../../catalog/demo-submissions.ts';
import { DEMO_UNITS } from '../../catalog/units.ts';
import { postDemoSubmissions } from '../../local/demo.ts';
import { startTestRuntime, TEST_SECRET, type TestRuntime, waitFor } from '../helpers/runtime.ts';
import { seededCities } from '../helpers/seed-tables.ts';

const CITY = 'lc-tp-lao-cai';
const PERIOD = '2022-2023.start';

const download = async (url: string, headers: Record<string, string> = {}): Promise<{ status: number; type: string; bytes: Buffer }> => {
  const response = await fetch(url, { headers });
  return { status: response.status, type: response.headers.get('content-type') ?? '', bytes: Buffer.from(await response.arrayBuffer()) };
};

const rowOf = (sheet: ExcelJS.Worksheet, label: string): ExcelJS.Row => {
  let found: ExcelJS.Row | undefined;
  sheet.eachRow((row) => {
    if (row.getCell(1).value === label) found ??= row;
  });
  if (!found) throw new Error(`no row ${label}`);
  return found;
};

describe('Exports of a rollup (xlsx and CSV)', () => {
  let rt: TestRuntime;
  let leader: string;

  beforeAll(async () => {
    rt = await startTestRuntime({ units: seededCities });
    const city = demoSubmissions(DEMO_UNITS).filter((s) => s.schoolId.startsWith('lc-tp-'));
    await postDemoSubmissions(city, { url: rt.url, jwtSecret: TEST_SECRET, concurrency: 8 });
    leader = await rt.token(CITY, 'leader');
    for (const period of [PERIOD, '2021-2022.end']) {
      await waitFor(
        () => rt.api(`/api/units/${CITY}/rollups/${period}`, { token: leader }),
        (a) => a.status === 200 && a.body.completeness.submitted === 73,
        60_000,
      );
    }
    await rt.settle();
  }, 180_000);
  afterAll(async () => {
    await rt?.stop();
  });

  describe('given the leader of Lào Cai city', () => {
    it('when it downloads the xlsx, then sheet 1 is table II.2.1 of seed 000 with numeric cells and the change', async () => {
      const answer = await download(`${rt.url}/api/units/${CITY}/rollups/${PERIOD}.xlsx`, { authorization: `Bearer ${leader}` });
      expect(answer.status).toBe(200);
      expect(answer.type).toContain('spreadsheetml');
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(answer.bytes as unknown as ArrayBuffer);
      expect(workbook.worksheets.map((s) => s.name)).toEqual(['Quy mô', 'Chỉ tiêu', 'Tiến độ nộp']);
      const scale = workbook.getWorksheet('Quy mô') as ExcelJS.Worksheet;
      const header = rowOf(scale, 'Cấp học');
      expect(header.getCell(2).value).toBe('Thực hiện năm học 2021-2022');
      expect(header.getCell(5).value).toBe('Thực hiện năm học 2022-2023');
      const total = rowOf(scale, 'Cộng');
      const figures = [2, 3, 4, 5, 6, 7, 8, 9, 10].map((col) => total.getCell(col));
      for (const cell of figures) expect(cell.type).toBe(ExcelJS.ValueType.Number);
      // 2021-2022: 73 / 1,096 / 35,389; 2022-2023: 73 / 1,102 / 35,585; "tăng 06 lớp, tăng 196 học sinh".
      expect(figures.map((c) => c.value)).toEqual([73, 1096, 35389, 73, 1102, 35585, 0, 6, 196]);
      // Level rows, with public and private rows where 000 has them (preschool, primary).
      const labels: unknown[] = [];
      scale.eachRow((row, n) => {
        if (n > header.number + 1) labels.push(row.getCell(1).value);
      });
      expect(labels).toEqual(['Mầm non', '- Công lập', '- Tư thục', 'Tiểu học', '- Công lập', '- Tư thục', 'THCS', 'Cộng']);
      expect(rowOf(scale, 'Mầm non').values).toEqual([undefined, 'Mầm non', 32, 391, 10006, 32, 373, 9583, 0, -18, -423]);
      expect(rowOf(scale, 'THCS').values).toEqual([undefined, 'THCS', 21, 264, 9892, 21, 272, 10165, 0, 8, 273]);
    });

    it('when it reads sheets 2 and 3, then indicators stand against targets and every school is named with its status', async () => {
      const answer = await download(`${rt.url}/api/units/${CITY}/rollups/${PERIOD}.xlsx`, { authorization: `Bearer ${leader}` });
      const workbook = new ExcelJS.Workbook();
      await workbook.xlsx.load(answer.bytes as unknown as ArrayBuffer);
      const indicators = workbook.getWorksheet('Chỉ tiêu') as ExcelJS.Worksheet;
      const byCode = new Map<string, ExcelJS.Row>();
      indicators.eachRow((row) => {
        byCode.set(String(row.getCell(3).value), row);
      });
      expect(byCode.get('pupils')?.getCell(4).value).toBe(35585);
      // A start-of-year rate with the province's target (001 mục 3): pupils against the plan.
      const completion = byCode.get('plan_fulfilment') as ExcelJS.Row;
      expect(completion.getCell(4).type).toBe(ExcelJS.ValueType.Number);
      expect(completion.getCell(4).value).toBeCloseTo((completion.getCell(5).value as number) / (completion.getCell(6).value as number), 10);
      expect(completion.getCell(7).value).toBe(0.98);
      expect(['Đạt', 'Không đạt']).toContain(completion.getCell(9).value);
      const completeness = workbook.getWorksheet('Tiến độ nộp') as ExcelJS.Worksheet;
      expect(completeness.getRow(3).values).toEqual([undefined, 73, 73, 0, 73, 0]);
      const names: unknown[] = [];
      completeness.eachRow((row, n) => {
        if (n > 5) names.push(row.getCell(2).value);
      });
      expect(names).toHaveLength(73);
      expect(names).toContain('Trường Tiểu học Kim Đồng');
    });

    it('when it downloads the CSV, then it is UTF-8 with a BOM and the Vietnamese labels', async () => {
      const answer = await download(`${rt.url}/api/units/${CITY}/rollups/${PERIOD}.csv`, { authorization: `Bearer ${leader}` });
      expect(answer.status).toBe(200);
      expect(answer.type).toBe('text/csv; charset=utf-8');
      expect([...answer.bytes.subarray(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
      const lines = answer.bytes.toString('utf8').slice(1).trim().split('\r\n');
      expect(lines[0]).toBe('don_vi,ten_don_vi,ky,nhom,ma,chi_tieu,gia_tri,tu_so,mau_so,muc_tieu,so_voi_muc_tieu,ket_qua');
      expect(lines).toContain(`${CITY},Thành phố Lào Cai,${PERIOD},Quy mô trường lớp,pupils,"Tổng số học sinh, trẻ",35585,,,,,`);
    });

    it('when it follows a link with its token (?t=) instead of a header, then the export is served', async () => {
      const answer = await download(`${rt.url}/api/units/${CITY}/rollups/${PERIOD}.csv?t=${encodeURIComponent(leader)}`);
      expect(answer.status).toBe(200);
    });
  });

  describe('given another leader', () => {
    it('when the leader of Uông Bí asks for Lào Cai city, then both exports are refused (403), by header or by link', async () => {
      const other = await rt.token('qn-uong-bi', 'leader');
      for (const ext of ['xlsx', 'csv']) {
        expect((await download(`${rt.url}/api/units/${CITY}/rollups/${PERIOD}.${ext}`, { authorization: `Bearer ${other}` })).status).toBe(403);
        expect((await download(`${rt.url}/api/units/${CITY}/rollups/${PERIOD}.${ext}?t=${other}`)).status).toBe(403);
      }
      expect((await download(`${rt.url}/api/units/${CITY}/rollups/${PERIOD}.xlsx`)).status).toBe(401);
    });
  });
});
