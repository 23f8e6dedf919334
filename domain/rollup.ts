import type { Catalog } from '../schemas/catalog.ts';
import type { IndicatorValue } from '../schemas/rollup.ts';
import type { Values } from '../schemas/submission.ts';
import { effectiveTarget, isMet } from './targets.ts';

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

/**
 * Write sharding of hot aggregates: a unit with many schools spreads its aggregate over several
 * items in separate partitions (one per 25 expected schools, at most 16); each school always adds
 * into the same shard, and a read sums the shards. The top of the tree thus takes up to 16 times
 * the per-item write limit, and concurrent rollups of sibling schools rarely touch the same item.
 */
export const MAX_SHARDS = 16;
export const SCHOOLS_PER_SHARD = 25;
export const shardCount = (expectedSchools: number): number => Math.min(MAX_SHARDS, Math.max(1, Math.ceil(expectedSchools / SCHOOLS_PER_SHARD)));

/** The shard a school writes to, stable for a given shard count (FNV-1a of the id). */
export const shardOf = (schoolId: string, shards: number): number => {
  let hash = 0x811c9dc5;
  for (let i = 0; i < schoolId.length; i++) hash = Math.imul(hash ^ schoolId.charCodeAt(i), 0x01000193) >>> 0;
  return hash % shards;
};

/** What changed from one version to the next: code → { from, to } (a missing value is null). */
export const versionChanges = (previous: Values, next: Values): Record<string, { from: number | null; to: number | null }> => {
  const changes: Record<string, { from: number | null; to: number | null }> = {};
  for (const code of new Set([...Object.keys(previous), ...Object.keys(next)])) {
    if (previous[code] !== next[code]) changes[code] = { from: previous[code] ?? null, to: next[code] ?? null };
  }
  return changes;
};

/** Add a delta to sums in place (used by recomputation and tests). */
export const addInto = (sums: Values, delta: Values): Values => {
  for (const [code, d] of Object.entries(delta)) sums[code] = (sums[code] ?? 0) + d;
  return sums;
};

/** Separates a rate from the side of its pair sums: `th_completion_rate/n`, `th_completion_rate/d`. */
export const PAIR_SEPARATOR = '/';
export const pairKeys = (rate: string): { n: string; d: string } => ({ n: `${rate}${PAIR_SEPARATOR}n`, d: `${rate}${PAIR_SEPARATOR}d` });

/**
 * What one school adds to the aggregates: its values, and for every rate whose numerator and
 * denominator it both reported, the pair again under the rate's own keys. A rate then rolls up
 * only over the schools that reported both sides: a school that gave a denominator without its
 * numerator does not pull the rate down, nor one that gave a numerator alone push it up.
 */
export const rollupValues = (catalog: Catalog, values: Values): Values => {
  const out: Values = { ...values };
  for (const indicator of catalog.indicators) {
    if (indicator.kind !== 'rate') continue;
    const n = values[indicator.numerator];
    const d = values[indicator.denominator];
    if (n === undefined || d === undefined) continue;
    const pair = pairKeys(indicator.code);
    out[pair.n] = n;
    out[pair.d] = d;
  }
  return out;
};

export interface ViewContext {
  /** The unit and its ancestors, root first, the unit last (for targets). */
  unitChain?: readonly string[];
  schoolYear?: string;
  /** Schools expected in the period (for flag shares). */
  expected?: number;
  /** A school's own flags (for group targets such as level-2 standard schools). */
  flags?: Values;
}

/**
 * The indicators of a unit from its sums: counts as sums, flags as a count and a share of the
 * expected schools, rates as Σnumerator / Σdenominator over the schools that reported both
 * (the pair sums of `rollupValues`; null when the denominator is 0); each
 * with its effective target and whether it is met, when a context is given.
 */
export const indicatorView = (catalog: Catalog, sums: Values, context: ViewContext = {}): Record<string, IndicatorValue> => {
  const view: Record<string, IndicatorValue> = {};
  for (const indicator of catalog.indicators) {
    let entry: IndicatorValue | undefined;
    if (indicator.kind === 'rate') {
      const pair = pairKeys(indicator.code);
      const numerator = sums[pair.n];
      const denominator = sums[pair.d];
      if (numerator === undefined && denominator === undefined) continue;
      const n = numerator ?? 0;
      const d = denominator ?? 0;
      entry = { value: d === 0 ? null : n / d, numerator: n, denominator: d };
    } else {
      const value = sums[indicator.code];
      if (value === undefined) continue;
      entry = { value };
      if (indicator.kind === 'flag' && context.expected) entry.share = value / context.expected;
    }
    if (context.unitChain && context.schoolYear) {
      const target = effectiveTarget(catalog, indicator.code, context.unitChain, context.schoolYear, context.flags);
      if (target) {
        const measured = indicator.kind === 'flag' ? (entry.share ?? null) : entry.value;
        entry.target = {
          threshold: target.threshold,
          direction: target.direction,
          unitId: target.unitId,
          schoolYear: target.schoolYear,
          source: target.source,
          ...(target.group ? { group: target.group } : {}),
        };
        entry.met = isMet(target, measured);
      }
    }
    view[indicator.code] = entry;
  }
  return view;
};
