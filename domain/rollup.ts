import type { Catalog } from '../schemas/catalog.ts';
import type { Values } from '../schemas/submission.ts';
import type { RollupResponse } from '../schemas/rollup.ts';

/**
 * The change a new version brings against the version already applied: for every code in
 * either, new − old (a code missing in the new version counts as 0, so nothing is left over).
 * Zero entries are dropped.
 */
export const diffValues = (previous: Values, next: Values): Values => {
  const delta: Values = {};
  for (const code of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    const d = (next[code] ?? 0) - (previous[code] ?? 0);
    if (d !== 0) delta[code] = d;
  }
  return delta;
};

/** Add a delta to sums in place (used by recomputation and tests). */
export const addInto = (sums: Values, delta: Values): Values => {
  for (const [code, d] of Object.entries(delta)) sums[code] = (sums[code] ?? 0) + d;
  return sums;
};

/**
 * The indicators of a unit from its sums: counts and flags as sums, rates as
 * Σnumerator / Σdenominator (null when the denominator is 0).
 */
export const indicatorView = (catalog: Catalog, sums: Values): RollupResponse['indicators'] => {
  const view: RollupResponse['indicators'] = {};
  for (const indicator of catalog.indicators) {
    if (indicator.kind === 'rate') {
      const numerator = sums[indicator.numerator];
      const denominator = sums[indicator.denominator];
      if (numerator === undefined && denominator === undefined) continue;
      const n = numerator ?? 0;
      const d = denominator ?? 0;
      view[indicator.code] = { value: d === 0 ? null : n / d, numerator: n, denominator: d };
    } else {
      const value = sums[indicator.code];
      if (value !== undefined) view[indicator.code] = { value };
    }
  }
  return view;
};
