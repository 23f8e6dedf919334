import type { Catalog, Target } from '../schemas/catalog.ts';

/**
 * The target a unit is held to for an indicator in a school year: its own, else its nearest
 * ancestor's; within a unit the target of that school year, else the latest earlier one (targets
 * carry forward until a plan replaces them). A school carrying a group flag (e.g. std_level2) is
 * held to the group's stricter target where one exists.
 */
export const effectiveTarget = (
  catalog: Pick<Catalog, 'targets'>,
  indicator: string,
  unitChain: readonly string[],
  schoolYear: string,
  flags: Record<string, number> = {},
): Target | undefined => {
  const candidates = catalog.targets.filter((t) => t.indicator === indicator && t.schoolYear <= schoolYear && (!t.group || flags[t.group] === 1));
  for (const unitId of [...unitChain].reverse()) {
    const own = candidates.filter((t) => t.unitId === unitId);
    if (own.length === 0) continue;
    // The latest school year ("2022-2023" strings sort in time order).
    const year =
      own
        .map((t) => t.schoolYear)
        .sort()
        .at(-1) ?? '';
    const ofYear = own.filter((t) => t.schoolYear === year);
    return ofYear.find((t) => t.group) ?? ofYear[0];
  }
  return undefined;
};

export const isMet = (target: Pick<Target, 'threshold' | 'direction'>, value: number | null): boolean | null => {
  if (value === null) return null;
  // Compare at a precision that ignores floating noise (thresholds have at most 4 decimals).
  const v = Math.round(value * 1e9) / 1e9;
  return target.direction === 'atLeast' ? v >= target.threshold : v <= target.threshold;
};
