import type { Catalog, Indicator, Level } from '../schemas/catalog.ts';

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

/**
 * Hard validation of a school's values against the catalog: only indicators that apply to the
 * school's levels and are entered directly (rates are derived), flags 0 or 1, percent numerators
 * not above their denominators, and the cross-field rules of the catalog (sums, ≤).
 */
export const validateValues = (catalog: Catalog, levels: readonly Level[], values: Record<string, number>): ValidationIssue[] => {
  const issues: ValidationIssue[] = [];
  const byCode = new Map(catalog.indicators.map((indicator) => [indicator.code, indicator]));
  for (const [code, value] of Object.entries(values)) {
    const indicator = byCode.get(code);
    if (!indicator) {
      issues.push({ path: `values.${code}`, code: 'unknown_indicator', message: `Chỉ tiêu "${code}" không có trong danh mục` });
    } else if (indicator.kind === 'rate') {
      issues.push({ path: `values.${code}`, code: 'derived_indicator', message: `"${indicator.label}" được tính tự động, hãy nhập tử số và mẫu số` });
    } else if (!indicator.levels.some((level) => levels.includes(level))) {
      issues.push({ path: `values.${code}`, code: 'not_applicable', message: `"${indicator.label}" không áp dụng cho cấp học của trường` });
    } else if (indicator.kind === 'flag' && value !== 0 && value !== 1) {
      issues.push({ path: `values.${code}`, code: 'flag_not_binary', message: `"${indicator.label}" chỉ nhận 0 (không) hoặc 1 (có)` });
    }
  }
  /** left ≤ right, when both are given. */
  const notAbove = (left: string, right: string, code: string): void => {
    const l = values[left];
    const r = values[right];
    if (l !== undefined && r !== undefined && l > r) {
      issues.push({
        path: `values.${left}`,
        code,
        message: `"${labelOf(byCode, left)}" (${fmt(l)}) không được lớn hơn "${labelOf(byCode, right)}" (${fmt(r)})`,
      });
    }
  };
  for (const indicator of catalog.indicators) {
    if (indicator.kind === 'rate' && indicator.scale === 'percent') notAbove(indicator.numerator, indicator.denominator, 'numerator_above_denominator');
  }
  for (const rule of catalog.rules) {
    if (rule.kind === 'lte') {
      notAbove(rule.left, rule.right, 'rule_lte');
    } else if (rule.kind === 'sum') {
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
  return issues;
};

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
