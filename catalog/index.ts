import { type Catalog, CatalogSchema } from '../schemas/catalog.ts';
import { ASSESSMENT_SCALES, PERIOD_FIELDS } from './fields.ts';
import { CHECKS, INDICATORS } from './indicators.ts';
import { PERIODS } from './periods.ts';
import { TARGETS } from './targets.ts';

/**
 * Validate a catalog; throws an error naming every bad entry (path and reason).
 */
export const loadCatalog = (input: unknown): Catalog => {
  const parsed = CatalogSchema.safeParse(input);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => `  ${issue.path.join('.')}: ${issue.message}`);
    throw new Error(`Invalid catalog:\n${lines.join('\n')}`);
  }
  return parsed.data;
};

/** The catalog bundled with every function. */
export const CATALOG: Catalog = loadCatalog({
  indicators: INDICATORS,
  periods: PERIODS,
  rules: CHECKS,
  outliers: { maxChange: 0.5, minPrevious: 20 },
  targets: TARGETS,
  periodFields: PERIOD_FIELDS,
  assessmentScales: ASSESSMENT_SCALES,
  nationalSchools: 100_000,
});
