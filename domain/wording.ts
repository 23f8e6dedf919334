import type { Catalog, Level } from '../schemas/catalog.ts';

/**
 * The catalog as a school of these levels reads it: a preschool speaks of children (trẻ), so the
 * indicators it shares with the other levels take their preschool wording (catalog data). Only
 * labels and units change; codes, rules and targets stay the same.
 */
export const catalogForLevels = (catalog: Catalog, levels: readonly Level[]): Catalog => {
  if (levels.length !== 1 || levels[0] !== 'MN') return catalog;
  return {
    ...catalog,
    indicators: catalog.indicators.map((indicator) => {
      if (!indicator.preschool) return indicator;
      const { label, unit } = indicator.preschool;
      return indicator.kind === 'count' && unit ? { ...indicator, label, unit } : { ...indicator, label };
    }),
  };
};
