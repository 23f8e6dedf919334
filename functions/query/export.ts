/**
 * Exports of a rollup in the office's own layout: an xlsx workbook (exceljs, numbers as numeric
 * cells) with the scale table of seed 000's II.2.1, the indicators against their targets and the
 * completeness with the schools' names; and a CSV (UTF-8 with a BOM, so Excel reads Vietnamese).
 */
import type ExcelJS from 'exceljs';
import { type ScaleFigures, scaleRows } from '../../domain/scale-table.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Catalog, Indicator, Period } from '../../schemas/catalog.ts';
import type { IndicatorValue, RollupResponse } from '../../schemas/rollup.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { assertCanRead } from '../commons/auth.ts';
import { HttpError, type HttpResult } from '../commons/http.ts';
import { requirePeriod, requireUnit, rollupOf } from '../commons/read.ts';
import { comparisonRollup, type SchoolStatus, scaleSourceOf, schoolStatuses } from '../commons/report.ts';

export type ExportFormat = 'json' | 'xlsx' | 'csv';

/**
 * API Gateway path parameters are whole segments, so `/rollups/{period}` also receives
 * `2022-2023.start.xlsx`: the suffix picks the format.
 */
export const splitFormat = (segment: string): { period: string; format: ExportFormat } => {
  const match = segment.match(/^(.*)\.(xlsx|csv)$/);
  return match ? { period: match[1] as string, format: match[2] as ExportFormat } : { period: segment, format: 'json' };
};

const STATUS_LABEL: Record<SchoolStatus, string> = { onTime: 'Đúng hạn', late: 'Nộp muộn', missing: 'Chưa nộp' };

interface ExportData {
  unit: UnitItem;
  period: Period;
  rollup: RollupResponse;
  comparison: { period: Period; rollup: RollupResponse } | null;
  schools: { id: string; name: string; status: SchoolStatus }[];
}

const readExportData = async (tableName: string, catalog: Catalog, claims: TokenClaims, unitId: string, periodId: string): Promise<ExportData> => {
  const unit = await requireUnit(tableName, unitId);
  assertCanRead(claims, unit);
  const period = requirePeriod(catalog, periodId);
  const [rollup, comparison] = await Promise.all([rollupOf(tableName, catalog, unit, period), comparisonRollup(tableName, catalog, unit, period)]);
  return { unit, period, rollup, comparison, schools: await schoolStatuses(tableName, unit, period.id, rollup) };
};

const directionText = (view: IndicatorValue): string => (view.target ? (view.target.direction === 'atLeast' ? '≥' : '≤') : '');
const metText = (view: IndicatorValue): string => (view.met === true ? 'Đạt' : view.met === false ? 'Không đạt' : '');

/** The indicators of a rollup in catalog order, with their catalog entry. */
const indicatorRows = (catalog: Catalog, rollup: RollupResponse): { indicator: Indicator; view: IndicatorValue }[] =>
  catalog.indicators.flatMap((indicator) => {
    const view = rollup.indicators[indicator.code];
    return view ? [{ indicator, view }] : [];
  });

/** The measured figure a target is compared with: a rate's value, a flag's share, a count's sum. */
const measured = (indicator: Indicator, view: IndicatorValue): number | null => (indicator.kind === 'flag' ? (view.share ?? null) : view.value);

const numberFormat = (indicator: Indicator): string =>
  indicator.kind === 'rate' ? (indicator.scale === 'ratio' ? '0.00' : '0.0%') : indicator.kind === 'flag' ? '0.0%' : '#,##0';

const thin = { style: 'thin' as const, color: { argb: 'FF8A8F98' } };
const BORDER = { top: thin, left: thin, bottom: thin, right: thin };

const styleHeader = (row: ExcelJS.Row): void => {
  row.eachCell((cell) => {
    cell.font = { bold: true };
    cell.alignment = { vertical: 'middle', horizontal: 'center', wrapText: true };
    cell.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFE8EEF6' } };
    cell.border = BORDER;
  });
};

const scaleSheet = (workbook: ExcelJS.Workbook, data: ExportData): void => {
  const sheet = workbook.addWorksheet('Quy mô', { views: [{ state: 'frozen', ySplit: 4 }] });
  const current = data.period.schoolYear;
  const previous = data.comparison?.period.schoolYear ?? `${Number(current.slice(0, 4)) - 1}-${current.slice(0, 4)}`;
  sheet.addRow([`Quy mô trường, lớp, học sinh — ${data.unit.name}`]).font = { bold: true, size: 13 };
  sheet.addRow([
    `Năm học ${current}: ${data.period.label}${data.comparison ? `; năm học ${previous}: ${data.comparison.period.label}` : `; năm học ${previous}: chưa có số liệu`}`,
  ]);
  const top = sheet.addRow(['Cấp học', `Thực hiện năm học ${previous}`, '', '', `Thực hiện năm học ${current}`, '', '', 'So sánh (tăng +, giảm −)', '', '']);
  const sub = sheet.addRow(['', ...Array.from({ length: 3 }, () => ['Số trường', 'Số nhóm, lớp', 'Số học sinh']).flat()]);
  sheet.mergeCells(top.number, 1, sub.number, 1);
  for (const col of [2, 5, 8]) sheet.mergeCells(top.number, col, top.number, col + 2);
  styleHeader(top);
  styleHeader(sub);
  const rows = scaleRows(scaleSourceOf(data.rollup), data.comparison ? scaleSourceOf(data.comparison.rollup) : null);
  const cells = (f: ScaleFigures | [number | null, number | null, number | null] | null): (number | null)[] => (f ? [...f] : [null, null, null]);
  for (const row of rows) {
    const added = sheet.addRow([row.label, ...cells(row.previous), ...cells(row.current), ...cells(row.change)]);
    added.eachCell({ includeEmpty: true }, (cell, col) => {
      cell.border = BORDER;
      if (col > 1) cell.numFmt = col >= 8 ? '+#,##0;-#,##0;0' : '#,##0';
    });
    if (row.kind !== 'group') added.font = { bold: true };
  }
  sheet.getColumn(1).width = 16;
  for (let col = 2; col <= 10; col++) sheet.getColumn(col).width = 13;
};

/** One indicator's figures as both exports give them: value, numerator, denominator, target, comparison, result. */
const indicatorFigures = (indicator: Indicator, view: IndicatorValue, expected: number): (string | number | null)[] => [
  indicator.kind === 'flag' ? view.value : measured(indicator, view),
  view.numerator ?? (indicator.kind === 'flag' ? view.value : null),
  view.denominator ?? (indicator.kind === 'flag' ? expected : null),
  view.target?.threshold ?? null,
  directionText(view),
  metText(view),
];

const indicatorSheet = (workbook: ExcelJS.Workbook, catalog: Catalog, data: ExportData): void => {
  const sheet = workbook.addWorksheet('Chỉ tiêu', { views: [{ state: 'frozen', ySplit: 2 }] });
  sheet.addRow([`Các chỉ tiêu so với mục tiêu — ${data.unit.name} — ${data.period.label}`]).font = { bold: true, size: 13 };
  styleHeader(sheet.addRow(['Nhóm', 'Chỉ tiêu', 'Mã', 'Giá trị', 'Tử số', 'Mẫu số', 'Mục tiêu', 'So với mục tiêu', 'Kết quả', 'Nguồn mục tiêu']));
  for (const { indicator, view } of indicatorRows(catalog, data.rollup)) {
    const row = sheet.addRow([
      indicator.section,
      indicator.label,
      indicator.code,
      ...indicatorFigures(indicator, view, data.rollup.completeness.expected),
      view.target?.source ?? '',
    ]);
    row.getCell(4).numFmt = indicator.kind === 'flag' ? '#,##0' : numberFormat(indicator);
    row.getCell(5).numFmt = '#,##0';
    row.getCell(6).numFmt = '#,##0';
    row.getCell(7).numFmt = numberFormat(indicator);
    row.eachCell({ includeEmpty: true }, (cell) => {
      cell.border = BORDER;
    });
  }
  for (const [col, width] of [28, 44, 22, 12, 11, 11, 11, 10, 11, 24].entries()) sheet.getColumn(col + 1).width = width;
};

const completenessSheet = (workbook: ExcelJS.Workbook, data: ExportData): void => {
  const sheet = workbook.addWorksheet('Tiến độ nộp');
  const c = data.rollup.completeness;
  sheet.addRow([`Tiến độ nộp báo cáo — ${data.unit.name} — ${data.period.label}`]).font = { bold: true, size: 13 };
  styleHeader(sheet.addRow(['Số trường phải nộp', 'Đã nộp', 'Đúng hạn', 'Nộp muộn', 'Chưa nộp']));
  sheet.addRow([c.expected, c.submitted, c.onTime, c.late, c.missing.length]);
  sheet.addRow([]);
  styleHeader(sheet.addRow(['STT', 'Trường', 'Mã đơn vị', 'Tình trạng']));
  data.schools.forEach((school, i) => {
    sheet.addRow([i + 1, school.name, school.id, STATUS_LABEL[school.status]]).eachCell((cell) => {
      cell.border = BORDER;
    });
  });
  for (const [col, width] of [18, 44, 30, 14, 12].entries()) sheet.getColumn(col + 1).width = width;
};

export const xlsxOf = async (catalog: Catalog, data: ExportData): Promise<Buffer> => {
  // exceljs is a megabyte of code: loaded on the first export, not at every cold start of the read API.
  const { default: Excel } = await import('exceljs');
  const workbook = new Excel.Workbook();
  workbook.creator = 'tonghop';
  scaleSheet(workbook, data);
  indicatorSheet(workbook, catalog, data);
  completenessSheet(workbook, data);
  return Buffer.from(await workbook.xlsx.writeBuffer());
};

const csvCell = (value: string | number | null | undefined): string => {
  if (value === null || value === undefined) return '';
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
};

/** The indicators as CSV rows (numbers with a dot, rates as fractions beside their numerator and denominator). */
export const csvOf = (catalog: Catalog, data: ExportData): string => {
  const header = ['don_vi', 'ten_don_vi', 'ky', 'nhom', 'ma', 'chi_tieu', 'gia_tri', 'tu_so', 'mau_so', 'muc_tieu', 'so_voi_muc_tieu', 'ket_qua'];
  const lines = indicatorRows(catalog, data.rollup).map(({ indicator, view }) =>
    [
      data.unit.id,
      data.unit.name,
      data.period.id,
      indicator.section,
      indicator.code,
      indicator.label,
      ...indicatorFigures(indicator, view, data.rollup.completeness.expected),
    ]
      .map(csvCell)
      .join(','),
  );
  return `\uFEFF${[header.join(','), ...lines].join('\r\n')}\r\n`;
};

/** `GET /api/units/{unitId}/rollups/{period}.xlsx|.csv` as an HTTP answer (binary bodies base64-encoded, as API Gateway wants). */
export const exportRollup = async (
  tableName: string,
  catalog: Catalog,
  claims: TokenClaims,
  unitId: string,
  periodId: string,
  format: Exclude<ExportFormat, 'json'>,
): Promise<HttpResult> => {
  const data = await readExportData(tableName, catalog, claims, unitId, periodId);
  const name = `tonghop-${data.unit.id}-${data.period.id}.${format}`;
  const headers = { 'content-disposition': `attachment; filename="${name}"`, 'cache-control': 'no-store' };
  if (format === 'csv') {
    return { statusCode: 200, headers: { ...headers, 'content-type': 'text/csv; charset=utf-8' }, body: csvOf(catalog, data) };
  }
  if (format !== 'xlsx') throw new HttpError(400, 'Định dạng không hỗ trợ');
  return {
    statusCode: 200,
    headers: { ...headers, 'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' },
    body: (await xlsxOf(catalog, data)).toString('base64'),
    isBase64Encoded: true,
  };
};
