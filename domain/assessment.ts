/** Lower-secondary assessment scales, phased in by grade and school year (catalog data). */
import type { AssessmentScale, Catalog } from '../schemas/catalog.ts';

/**
 * The scale a grade used in a school year: of the scales that had reached that grade by then, the
 * one that reached it last (Circular 22/2021 from grade 6 in 2021-2022, grade 7 in 2022-2023, …;
 * Circular 58/2011 before). Undefined when none had.
 */
export const assessmentScaleFor = (catalog: Catalog, grade: number, schoolYear: string): AssessmentScale | undefined => {
  let best: { scale: AssessmentScale; from: string } | undefined;
  for (const scale of catalog.assessmentScales) {
    const from = scale.from[String(grade)];
    if (from === undefined || from > schoolYear) continue;
    if (!best || from > best.from) best = { scale, from };
  }
  return best?.scale;
};
