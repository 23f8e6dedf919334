import type { Catalog, Period } from '../schemas/catalog.ts';

/** The due date of a period for a unit: the override of its nearest ancestor (or itself), else the default. */
export const dueDateFor = (period: Period, unitChain: readonly string[]): string => {
  for (const unitId of [...unitChain].reverse()) {
    const override = period.dueOverrides[unitId];
    if (override) return override;
  }
  return period.dueOn;
};

/** The reporting period before this one in the catalog, plans left out (for outlier checks). */
export const previousPeriod = (catalog: Catalog, periodId: string): Period | undefined => {
  const index = catalog.periods.findIndex((p) => p.id === periodId);
  return catalog.periods
    .slice(0, Math.max(index, 0))
    .reverse()
    .find((p) => p.kind !== 'plan');
};
