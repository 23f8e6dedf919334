/**
 * The school form's pages: plain data in, HTML out through the templates of `templates.ts`
 * (escaped by default). Server-rendered, works without JavaScript, Vietnamese, labels tied to
 * inputs, usable at 360 px and from the keyboard.
 */
import type { Catalog, Indicator, Period } from '../../schemas/catalog.ts';
import type { Values } from '../../schemas/submission.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { formatDate, formatDateTime, formatDecimal, formatNumber, formatRate } from '../commons/html.ts';
import { parseCount } from './numbers.ts';
import {
  formBody,
  type HistoryVersionView,
  historyBody,
  type PeriodLinkView,
  page,
  periodLinks,
  problemBody,
  type RateView,
  type ReceiptRowView,
  receiptBody,
  type SectionView,
  type SumView,
} from './templates.ts';

export type PeriodStatus = PeriodLinkView['status'];

/** A period the school can report for, with its due date for the school and where the school stands. */
export interface PeriodState {
  period: Period;
  dueOn: string;
  status: PeriodStatus;
}

export interface FormModel {
  catalog: Catalog;
  school: UnitItem;
  period: Period;
  /** Every period open to the school, the open (current) one first. */
  periods: PeriodState[];
  dueOn: string;
  today: string;
  token: string;
  /** The fields of the form, in catalog order. */
  fields: Indicator[];
  /** Codes a complete (non-draft) report must contain. */
  required: readonly string[];
  /** Whether the form offers "Lưu nháp". */
  drafts: boolean;
  /** Notes shown at the top of a section (e.g. the assessment scale in force), by section title. */
  notes: Record<string, string[]>;
  /** Overrides of field labels (e.g. the ratings of the assessment scale in force), by code. */
  labels: Record<string, string>;
  values: Record<string, string>;
  errors: Record<string, string[]>;
  generalErrors: string[];
  warnings: Record<string, string[]>;
  idempotencyKey: string;
  latestVersion: number;
  latestIsDraft: boolean;
  /** Values of the latest version (an emptied field that had one is cleared). */
  previous: Values;
}

const RATE = (i: Indicator): i is Extract<Indicator, { kind: 'rate' }> => i.kind === 'rate';

export const STATUS_LABELS: Record<PeriodStatus, string> = { submitted: 'đã nộp', draft: 'nháp', overdue: 'quá hạn', missing: 'chưa nộp' };

/** The status label, saying when a draft is past its due date too. */
const statusLabel = (state: PeriodState, today: string): string =>
  state.status === 'draft' && state.dueOn < today ? 'nháp, quá hạn' : STATUS_LABELS[state.status];

export const formLink = (token: string, periodId: string, view?: 'history'): string =>
  `/form?t=${encodeURIComponent(token)}&period=${encodeURIComponent(periodId)}${view ? `&view=${view}` : ''}`;

/** Sum rules whose total the school does not enter: the total is computed from the parts it enters. */
const computedSums = (catalog: Catalog, entered: ReadonlySet<string>) =>
  catalog.rules.flatMap((rule) =>
    rule.kind === 'sum' && !entered.has(rule.total) && rule.parts.some((part) => entered.has(part))
      ? [{ total: rule.total, parts: rule.parts.filter((part) => entered.has(part)) }]
      : [],
  );

/** A value the server can show: an entered field read as the server reads it, or a computed total. */
const typedValue = (code: string, typed: Record<string, string>, sums: Map<string, string[]>): number | null => {
  const parts = sums.get(code);
  if (!parts) return parseCount(typed[code] ?? '');
  const known = parts.map((part) => parseCount(typed[part] ?? '')).filter((v): v is number => v !== null);
  return known.length ? known.reduce((a, b) => a + b, 0) : null;
};

const rateText = (n: number | null, d: number | null, ratio: boolean): string =>
  n === null || d === null || d <= 0 ? '—' : ratio ? formatDecimal(n / d, 2) : formatRate(n, d, 2);

export const renderForm = (model: FormModel): string => {
  const { catalog, school, period, fields, today } = model;
  const byCode = new Map(catalog.indicators.map((i) => [i.code, i]));
  const entered = new Set(fields.map((f) => f.code));
  const sums = computedSums(catalog, entered);
  const sumParts = new Map(sums.map((s) => [s.total, s.parts]));
  const known = (code: string) => entered.has(code) || sumParts.has(code);
  const rates = catalog.indicators.filter(RATE).filter((r) => known(r.numerator) && known(r.denominator));
  const required = new Set(model.required);
  const sectionTitles = [...new Set(fields.map((f) => f.section))];
  const sectionOf = (indicator: Indicator | undefined, fallback: string): string =>
    indicator && sectionTitles.includes(indicator.section) ? indicator.section : fallback;
  const sections: SectionView[] = sectionTitles.map((title) => ({ title, notes: model.notes[title] ?? [], fields: [], sums: [], rates: [] }));
  const section = (title: string) => sections.find((s) => s.title === title) as SectionView;
  for (const f of fields) {
    section(f.section).fields.push({
      code: f.code,
      label: model.labels[f.code] ?? f.label,
      hint: f.hint,
      unit: f.kind === 'count' ? f.unit : '',
      required: required.has(f.code),
      flag: f.kind === 'flag',
      value: model.values[f.code] ?? '',
      errors: model.errors[f.code] ?? [],
      warnings: model.warnings[f.code] ?? [],
    });
  }
  for (const s of sums) {
    const total = byCode.get(s.total);
    const view: SumView = {
      code: s.total,
      label: total?.label ?? s.total,
      unit: total?.kind === 'count' ? total.unit : '',
      parts: s.parts.join(' '),
      hidden: s.parts.length < 2,
      shown: formatNumber(typedValue(s.total, model.values, sumParts)),
    };
    section(sectionOf(total, byCode.get(s.parts[0] as string)?.section as string)).sums.push(view);
  }
  for (const r of rates) {
    const view: RateView = {
      label: model.labels[r.code] ?? r.label,
      numerator: r.numerator,
      denominator: r.denominator,
      ratio: r.scale === 'ratio',
      shown: rateText(typedValue(r.numerator, model.values, sumParts), typedValue(r.denominator, model.values, sumParts), r.scale === 'ratio'),
    };
    const home = sectionOf(r, sectionOf(byCode.get(r.numerator), sectionOf(byCode.get(r.denominator), '')));
    if (home) section(home).rates.push(view);
  }
  // A total of one part is the part itself: not shown, but kept (hidden) when a rate needs it.
  const used = (code: string) => rates.some((r) => r.numerator === code || r.denominator === code);
  for (const s of sections) s.sums = s.sums.filter((sum) => !sum.hidden || used(sum.code));

  const labelOf = (code: string) => model.labels[code] ?? byCode.get(code)?.label ?? code;
  // A message that already names its field in quotes is not prefixed with the label again.
  const named = (code: string, message: string) => (message.includes(`"${labelOf(code)}"`) ? message : `${labelOf(code)}: ${message}`);
  const fieldErrors = fields.flatMap((f) => (model.errors[f.code] ?? []).map((message) => ({ href: `#f-${f.code}`, text: named(f.code, message) })));
  const summary = [...fieldErrors, ...model.generalErrors.map((text) => ({ text }))];

  const links = model.periods.map(
    (state): PeriodLinkView => ({
      label: state.period.label,
      href: formLink(model.token, state.period.id),
      current: state.period.id === period.id,
      status: state.status,
      statusLabel: statusLabel(state, today),
    }),
  );
  const openYear = model.periods[0]?.period.schoolYear;
  const currentLinks = links.filter((_, i) => i === 0 || model.periods[i]?.period.schoolYear === openYear);
  const olderLinks = links.filter((_, i) => i > 0 && model.periods[i]?.period.schoolYear !== openYear);
  const self = model.periods.find((p) => p.period.id === period.id);
  const status: PeriodStatus = self?.status ?? 'missing';
  const overdue: string[] = [];
  const overdueHere = model.dueOn < today && status !== 'submitted';
  if (overdueHere) {
    overdue.push(`Báo cáo ${period.label} đã quá hạn nộp (hạn ${formatDate(model.dueOn)}). Trường vẫn nộp được; báo cáo sẽ được ghi là nộp muộn.`);
  }
  const otherOverdue = model.periods.filter((p) => p.period.id !== period.id && p.dueOn < today && p.status !== 'submitted');
  if (otherOverdue.length) overdue.push(`Trường còn ${otherOverdue.length} kỳ báo cáo khác quá hạn chưa nộp (xem danh sách các kỳ bên dưới).`);

  const body = formBody({
    schoolName: school.name,
    periodLabel: period.label,
    periodId: period.id,
    due: formatDate(model.dueOn),
    status,
    statusLabel: self ? statusLabel(self, today) : STATUS_LABELS.missing,
    prefilled:
      model.latestVersion > 0
        ? ` · Các ô đã điền sẵn số liệu ${model.latestIsDraft ? 'bản nháp' : 'lần nộp'} gần nhất (phiên bản ${model.latestVersion}).`
        : '',
    historyHref: model.latestVersion > 0 ? formLink(model.token, period.id, 'history') : null,
    overdue,
    overdueHere,
    currentLinks,
    olderLinks,
    currentHtml: periodLinks(currentLinks),
    olderHtml: olderLinks.length ? periodLinks(olderLinks) : '',
    summary,
    warningCount: Object.values(model.warnings).flat().length,
    confirm: Object.values(model.warnings).flat().length > 0 && summary.length === 0,
    drafts: model.drafts,
    requiredCount: required.size,
    token: model.token,
    idempotencyKey: model.idempotencyKey,
    sections,
  });
  return page({ title: `Báo cáo ${period.label} · ${school.name}`, body });
};

export interface ReceiptModel {
  catalog: Catalog;
  school: UnitItem;
  period: Period;
  token: string;
  submissionId: string;
  version: number;
  submittedAt: string;
  dueOn: string;
  late: boolean;
  draft: boolean;
  values: Values;
  labels: Record<string, string>;
}

/** The receipt rows of one section: entered and computed counts with their unit, flags, and rates with their fraction. */
const receiptRows = (catalog: Catalog, values: Values, labels: Record<string, string>, title: string): ReceiptRowView[] => {
  // Computed totals, and those made of a single part the school gave (the part itself: not repeated).
  const sums = catalog.rules.flatMap((rule) => (rule.kind === 'sum' ? [rule] : []));
  const computed = new Set(sums.map((rule) => rule.total));
  const single = new Set(sums.filter((rule) => rule.parts.filter((part) => values[part] !== undefined).length < 2).map((rule) => rule.total));
  return catalog.indicators
    .filter((i) => i.section === title)
    .flatMap((i): ReceiptRowView[] => {
      const label = labels[i.code] ?? i.label;
      if (i.kind === 'rate') {
        const n = values[i.numerator];
        const d = values[i.denominator];
        if (n === undefined || d === undefined) return [];
        const ratio = i.scale === 'ratio';
        return [{ label, value: rateText(n, d, ratio), note: `${formatNumber(n)}/${formatNumber(d)}` }];
      }
      const value = values[i.code];
      if (value === undefined) return [];
      if (i.kind === 'flag') return [{ label, value: value === 1 ? 'Có' : 'Không', note: '' }];
      if (single.has(i.code)) return [];
      return [{ label, value: `${formatNumber(value)}${i.unit ? ` ${i.unit}` : ''}`, note: computed.has(i.code) ? 'tự tính' : '' }];
    });
};

/** The page after a report is stored: a receipt grouped by section, with units and rates, printable. */
export const renderReceipt = (model: ReceiptModel): string => {
  const titles = [...new Set(model.catalog.indicators.map((i) => i.section))];
  const sections = titles.map((title) => ({ title, rows: receiptRows(model.catalog, model.values, model.labels, title) })).filter((s) => s.rows.length > 0);
  const body = receiptBody({
    schoolName: model.school.name,
    draft: model.draft,
    periodLabel: model.period.label,
    version: model.version,
    submissionId: model.submissionId,
    when: formatDateTime(model.submittedAt),
    timing: `(hạn ${formatDate(model.dueOn)})`,
    late: model.late,
    editHref: formLink(model.token, model.period.id),
    historyHref: formLink(model.token, model.period.id, 'history'),
    sections,
  });
  return page({ title: `${model.draft ? 'Đã lưu nháp' : 'Biên nhận'} · ${model.period.label} · ${model.school.name}`, body });
};

export interface HistoryModel {
  catalog: Catalog;
  school: UnitItem;
  period: Period;
  token: string;
  labels: Record<string, string>;
  /** The versions as `GET /api/units/{school}/submissions/{period}` returns them, oldest first. */
  versions: {
    version: number;
    submittedBy: string;
    submittedAt: string;
    source: string;
    late: boolean;
    draft?: boolean;
    changes: Record<string, { from: number | null; to: number | null }>;
  }[];
}

/** The school's own history of versions for a period, newest first: who, when, from where, what changed. */
export const renderHistory = (model: HistoryModel): string => {
  const byCode = new Map(model.catalog.indicators.map((i) => [i.code, i]));
  const show = (code: string, value: number | null): string => {
    if (value === null) return '—';
    const indicator = byCode.get(code);
    if (indicator?.kind === 'flag') return value === 1 ? 'Có' : 'Không';
    return `${formatNumber(value)}${indicator?.kind === 'count' && indicator.unit ? ` ${indicator.unit}` : ''}`;
  };
  const order = new Map(model.catalog.indicators.map((i, n) => [i.code, n]));
  const versions = [...model.versions].reverse().map(
    (v): HistoryVersionView => ({
      version: v.version,
      when: formatDateTime(v.submittedAt),
      by: v.submittedBy,
      source: v.source === 'form' ? 'qua biểu mẫu' : 'qua API',
      state: v.draft ? 'bản nháp' : v.late ? 'đã nộp, muộn' : 'đã nộp, đúng hạn',
      changes: Object.entries(v.changes)
        .sort(([a], [b]) => (order.get(a) ?? 0) - (order.get(b) ?? 0))
        .map(([code, c]) => ({ label: model.labels[code] ?? byCode.get(code)?.label ?? code, from: show(code, c.from), to: show(code, c.to) })),
    }),
  );
  const body = historyBody({
    schoolName: model.school.name,
    periodLabel: model.period.label,
    formHref: formLink(model.token, model.period.id),
    versions,
  });
  return page({ title: `Lịch sử · ${model.period.label} · ${model.school.name}`, body });
};

export const renderProblem = (title: string, message: string): string => page({ title, body: problemBody({ title, message }) });
