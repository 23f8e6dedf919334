import type { Catalog, Level } from '../schemas/catalog.ts';

export interface ValidationIssue {
  /** JSON path of the offending field, e.g. `values.pupils`. */
  path: string;
  /** Machine code, stable for integrators. */
  code: string;
  /** Vietnamese message for the user. */
  message: string;
}

/**
 * Hard validation of a school's values against the catalog: only indicators that apply to the
 * school's levels and are entered directly (rates are derived), numerators not above denominators.
 */
export const validateValues = (catalog: Catalog, levels: readonly Level[], values: Record<string, number>): ValidationIssue[] => {
  const issues: ValidationIssue[] = [];
  const byCode = new Map(catalog.indicators.map((indicator) => [indicator.code, indicator]));
  for (const code of Object.keys(values)) {
    const indicator = byCode.get(code);
    if (!indicator) {
      issues.push({ path: `values.${code}`, code: 'unknown_indicator', message: `Chỉ tiêu "${code}" không có trong danh mục` });
    } else if (indicator.kind === 'rate') {
      issues.push({ path: `values.${code}`, code: 'derived_indicator', message: `"${indicator.label}" được tính tự động, hãy nhập tử số và mẫu số` });
    } else if (!indicator.levels.some((level) => levels.includes(level))) {
      issues.push({ path: `values.${code}`, code: 'not_applicable', message: `"${indicator.label}" không áp dụng cho cấp học của trường` });
    }
  }
  for (const indicator of catalog.indicators) {
    if (indicator.kind !== 'rate') continue;
    const numerator = values[indicator.numerator];
    const denominator = values[indicator.denominator];
    if (numerator !== undefined && denominator !== undefined && numerator > denominator) {
      const numeratorLabel = byCode.get(indicator.numerator)?.label ?? indicator.numerator;
      const denominatorLabel = byCode.get(indicator.denominator)?.label ?? indicator.denominator;
      issues.push({
        path: `values.${indicator.numerator}`,
        code: 'numerator_above_denominator',
        message: `"${numeratorLabel}" (${numerator}) không được lớn hơn "${denominatorLabel}" (${denominator})`,
      });
    }
  }
  return issues;
};
