import type { Catalog, Indicator, Level, Period } from '../schemas/catalog.ts';
import type { Values } from '../schemas/submission.ts';

export interface ValidationIssue {
  /** JSON path of the offending field, e.g. `values.pupils`. */
  path: string;
  /** Machine code, stable for integrators. */
  code: string;
  /** Vietnamese message for the user. */
  message: string;
}

const fmt = (n: number): string => n.toLocaleString('vi-VN');

const labelOf = (byCode: Map<string, Indicator>, code: string): string => byCode.get(code)?.label ?? code;

/** Fill the totals of sum rules that the school left out (when any part is given). */
export const withDerivedTotals = (catalog: Catalog, values: Record<string, number>): Record<string, number> => {
  const out = { ...values };
  for (const rule of catalog.rules) {
    if (rule.kind !== 'sum' || out[rule.total] !== undefined) continue;
    const present = rule.parts.filter((part) => out[part] !== undefined);
    if (present.length > 0) out[rule.total] = present.reduce((acc, part) => acc + (out[part] ?? 0), 0);
  }
  return out;
};

/**
 * Soft checks that warn but accept: a per-class average outside its plausible range, and a
 * change of more than the catalog's share against the school's previous period (outliers).
 */
export const softWarnings = (catalog: Catalog, values: Record<string, number>, previous?: Record<string, number>): ValidationIssue[] => {
  const warnings: ValidationIssue[] = [];
  const byCode = new Map(catalog.indicators.map((indicator) => [indicator.code, indicator]));
  for (const rule of catalog.rules) {
    if (rule.kind !== 'perUnitRange') continue;
    const n = values[rule.numerator];
    const d = values[rule.denominator];
    if (n === undefined || d === undefined || d === 0) continue;
    const average = n / d;
    if (average < rule.min || average > rule.max) {
      warnings.push({
        path: `values.${rule.numerator}`,
        code: 'implausible_average',
        message: `Bình quân ${average.toLocaleString('vi-VN', { maximumFractionDigits: 1 })} ${rule.unit} nằm ngoài khoảng thường gặp (${rule.min}–${rule.max}); vui lòng kiểm tra lại`,
      });
    }
  }
  if (previous) {
    const { maxChange, minPrevious } = catalog.outliers;
    for (const [code, value] of Object.entries(values)) {
      const before = previous[code];
      const indicator = byCode.get(code);
      if (before === undefined || before < minPrevious || indicator?.kind !== 'count') continue;
      const change = Math.abs(value - before) / before;
      if (change > maxChange) {
        warnings.push({
          path: `values.${code}`,
          code: 'outlier_change',
          message: `"${indicator.label}" thay đổi ${Math.round(change * 100)}% so với kỳ trước (${fmt(before)} → ${fmt(value)}); vui lòng kiểm tra lại`,
        });
      }
    }
  }
  return warnings;
};

/** The fields a school enters for a period: the period kind's fields that apply to its levels. */
export const periodFieldsFor = (catalog: Catalog, period: Period, levels: readonly Level[]): Indicator[] => {
  const spec = catalog.periodFields[period.kind];
  const wanted = new Set(spec.fields);
  return catalog.indicators.filter((indicator) => wanted.has(indicator.code) && indicator.levels.some((level) => levels.includes(level)));
};

/** The fields a complete (non-draft) report of a school must contain for a period: the union over its levels. */
export const requiredFieldsFor = (catalog: Catalog, period: Period, levels: readonly Level[]): string[] => {
  const spec = catalog.periodFields[period.kind];
  return [...new Set(levels.flatMap((level) => spec.required[level] ?? []))];
};

/** Totals of sum rules (computed from their parts). */
export const computedTotals = (catalog: Catalog): Set<string> => new Set(catalog.rules.flatMap((rule) => (rule.kind === 'sum' ? [rule.total] : [])));

export interface SubmissionCheckInput {
  levels: readonly Level[];
  period: Period;
  /** The body's values: a number sets a field, `null` clears it (only in a correction). */
  body: Record<string, number | null>;
  /** Values of the latest stored version of (school, period), draft or not; absent for a first report. */
  previous?: Values;
  /** A draft may be partial: required fields and rate pairs are not enforced. */
  draft: boolean;
}

export interface SubmissionCheck {
  issues: ValidationIssue[];
  /** The values of the new version: the previous version, the body over it, totals recomputed. */
  values: Values;
}

/**
 * Every hard check of a submission, in one pass so that every problem comes back at once.
 *
 * A submission is a change to the latest version: fields it gives replace theirs, `null` clears
 * one (only when there is a version to correct), fields it leaves out keep their value. Totals of
 * sum rules are recomputed from their parts. The result must then hold: known indicators of the
 * school's levels and of the period kind, flags 0/1, values within their plausible bound, percent
 * numerators not above their denominators and never without them, the ≤ and = rules (computed
 * totals included), and, unless it is a draft, every required field of the school's levels.
 */
export const checkSubmission = (catalog: Catalog, input: SubmissionCheckInput): SubmissionCheck => {
  const { levels, period, body, previous, draft } = input;
  const issues: ValidationIssue[] = [];
  const byCode = new Map(catalog.indicators.map((indicator) => [indicator.code, indicator]));
  const inPeriod = new Set(catalog.periodFields[period.kind].fields);
  const totals = computedTotals(catalog);
  const entries = Object.entries(body);
  if (entries.length === 0) {
    issues.push({ path: 'values', code: 'empty_values', message: 'Báo cáo chưa có giá trị nào' });
  }
  for (const [code, value] of entries) {
    const indicator = byCode.get(code);
    const path = `values.${code}`;
    if (!indicator) {
      issues.push({ path, code: 'unknown_indicator', message: `Chỉ tiêu "${code}" không có trong danh mục` });
    } else if (indicator.kind === 'rate') {
      issues.push({ path, code: 'derived_indicator', message: `"${indicator.label}" được tính tự động, hãy nhập tử số và mẫu số` });
    } else if (!indicator.levels.some((level) => levels.includes(level))) {
      issues.push({ path, code: 'not_applicable', message: `"${indicator.label}" không áp dụng cho cấp học của trường` });
    } else if (!inPeriod.has(code)) {
      issues.push({ path, code: 'not_in_period', message: `"${indicator.label}" không thuộc ${period.label}` });
    } else if (value === null) {
      if (!previous) issues.push({ path, code: 'null_not_correction', message: `Chỉ xóa được "${indicator.label}" khi sửa một báo cáo đã gửi` });
    } else if (indicator.kind === 'flag' && value !== 0 && value !== 1) {
      issues.push({ path, code: 'flag_not_binary', message: `"${indicator.label}" chỉ nhận 0 (không) hoặc 1 (có)` });
    } else if (indicator.kind === 'count' && value > indicator.max) {
      issues.push({
        path,
        code: 'above_max',
        message: `"${indicator.label}" (${fmt(value)}) vượt quá mức hợp lý cho một trường (tối đa ${fmt(indicator.max)})`,
      });
    }
  }
  // The new version: the previous one without its computed totals (recomputed below), the body over it.
  const merged: Values = {};
  for (const [code, value] of Object.entries(previous ?? {})) {
    const rule = catalog.rules.find((r) => r.kind === 'sum' && r.total === code);
    if (rule?.kind === 'sum' && rule.parts.some((part) => previous?.[part] !== undefined)) continue;
    merged[code] = value;
  }
  for (const [code, value] of entries) {
    if (!byCode.has(code)) continue;
    if (value === null) delete merged[code];
    else merged[code] = value;
  }
  const values = withDerivedTotals(catalog, merged);

  for (const code of totals) {
    const value = values[code];
    const indicator = byCode.get(code);
    if (value !== undefined && indicator?.kind === 'count' && value > indicator.max && body[code] === undefined) {
      issues.push({
        path: `values.${code}`,
        code: 'above_max',
        message: `"${indicator.label}" (tự tính: ${fmt(value)}) vượt quá mức hợp lý cho một trường (tối đa ${fmt(indicator.max)})`,
      });
    }
  }
  const shown = (code: string): string => `"${labelOf(byCode, code)}"${totals.has(code) && body[code] === undefined ? ' (tự tính)' : ''}`;
  const notAbove = (left: string, right: string, code: string): void => {
    const l = values[left];
    const r = values[right];
    if (l !== undefined && r !== undefined && l > r) {
      issues.push({ path: `values.${left}`, code, message: `${shown(left)} (${fmt(l)}) không được lớn hơn ${shown(right)} (${fmt(r)})` });
    }
  };
  for (const indicator of catalog.indicators) {
    if (indicator.kind !== 'rate' || indicator.scale !== 'percent') continue;
    notAbove(indicator.numerator, indicator.denominator, 'numerator_above_denominator');
    if (!draft && values[indicator.numerator] !== undefined && values[indicator.denominator] === undefined) {
      issues.push({
        path: `values.${indicator.denominator}`,
        code: 'denominator_missing',
        message: `Thiếu ${shown(indicator.denominator)}: cần để tính "${indicator.label}" từ ${shown(indicator.numerator)}`,
      });
    }
  }
  for (const rule of catalog.rules) {
    if (rule.kind === 'lte') notAbove(rule.left, rule.right, 'rule_lte');
    else if (rule.kind === 'sum') {
      const total = values[rule.total];
      const present = rule.parts.filter((part) => values[part] !== undefined);
      const sum = present.reduce((acc, part) => acc + (values[part] ?? 0), 0);
      if (total !== undefined && present.length > 0 && total !== sum) {
        issues.push({
          path: `values.${rule.total}`,
          code: 'rule_sum',
          message: `"${labelOf(byCode, rule.total)}" (${fmt(total)}) phải bằng tổng ${present.map((p) => `"${labelOf(byCode, p)}"`).join(' + ')} (${fmt(sum)})`,
        });
      }
    }
  }
  if (!draft) {
    for (const code of requiredFieldsFor(catalog, period, levels)) {
      if (values[code] === undefined) {
        issues.push({ path: `values.${code}`, code: 'required', message: `Thiếu "${labelOf(byCode, code)}" (bắt buộc trong ${period.label})` });
      }
    }
  }
  // One message per field and reason is enough (a missing denominator of two rates is one problem).
  const seen = new Set<string>();
  return { issues: issues.filter((issue) => !seen.has(`${issue.path}|${issue.code}`) && seen.add(`${issue.path}|${issue.code}`) !== undefined), values };
};
