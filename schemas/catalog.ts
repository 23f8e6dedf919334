import { z } from 'zod';

/** School levels (cấp học): mầm non, tiểu học, trung học cơ sở. */
export const LevelSchema = z.enum(['MN', 'TH', 'THCS']);
export type Level = z.infer<typeof LevelSchema>;

/** A stable indicator code: lower-case ASCII with underscores, used as a DynamoDB attribute suffix. */
export const IndicatorCodeSchema = z.string().regex(/^[a-z][a-z0-9_]{1,47}$/);

const IndicatorBaseSchema = z.object({
  code: IndicatorCodeSchema,
  /** Vietnamese label shown on the form and the dashboard. */
  label: z.string().min(1),
  /** Short Vietnamese hint shown under the field. */
  hint: z.string().default(''),
  /** Section of the form (quy mô, chất lượng mầm non, …). */
  section: z.string().min(1),
  levels: z.array(LevelSchema).min(1),
  /** Seed file the indicator comes from. */
  source: z.string().default(''),
});

/** A count rolls up by sum. */
export const CountIndicatorSchema = IndicatorBaseSchema.extend({
  kind: z.literal('count'),
  unit: z.string().default(''),
});

/**
 * A rate is defined by a numerator and a denominator count; it rolls up as
 * Σnumerator / Σdenominator, never as an average of rates.
 */
export const RateIndicatorSchema = IndicatorBaseSchema.extend({
  kind: z.literal('rate'),
  numerator: IndicatorCodeSchema,
  denominator: IndicatorCodeSchema,
});

/** A flag is 0 or 1 for a school; it rolls up as a count and a share of schools. */
export const FlagIndicatorSchema = IndicatorBaseSchema.extend({
  kind: z.literal('flag'),
});

/**
 * One indicator (chỉ tiêu) of the catalog.
 * @example { "code": "pupils", "label": "Số học sinh", "kind": "count", "section": "Quy mô", "levels": ["MN","TH","THCS"] }
 */
export const IndicatorSchema = z.discriminatedUnion('kind', [
  CountIndicatorSchema,
  RateIndicatorSchema,
  FlagIndicatorSchema,
]);
export type Indicator = z.infer<typeof IndicatorSchema>;

export const PeriodKindSchema = z.enum(['plan', 'start', 'semester1', 'end']);

/**
 * A reporting period of a school year.
 * @example { "id": "2022-2023.start", "schoolYear": "2022-2023", "kind": "start", "label": "Đầu năm học 2022-2023", "opensOn": "2022-09-05", "dueOn": "2022-10-31" }
 */
export const PeriodSchema = z.object({
  id: z.string().regex(/^\d{4}-\d{4}\.[a-z0-9]+$/),
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/),
  kind: PeriodKindSchema,
  label: z.string().min(1),
  /** Date the figures are taken at (YYYY-MM-DD, Vietnam time). */
  asOf: z.string().date().optional(),
  opensOn: z.string().date(),
  dueOn: z.string().date(),
  /** Codes collected in this period; empty means every indicator. */
  indicators: z.array(IndicatorCodeSchema).default([]),
});
export type Period = z.infer<typeof PeriodSchema>;

/** The whole catalog: indicators and periods, checked for internal consistency at load. */
export const CatalogSchema = z
  .object({
    indicators: z.array(IndicatorSchema).min(1),
    periods: z.array(PeriodSchema).min(1),
  })
  .superRefine((catalog, ctx) => {
    const byCode = new Map<string, Indicator>();
    catalog.indicators.forEach((indicator, i) => {
      if (byCode.has(indicator.code)) {
        ctx.addIssue({ code: 'custom', path: ['indicators', i, 'code'], message: `duplicate indicator code '${indicator.code}'` });
      }
      byCode.set(indicator.code, indicator);
    });
    catalog.indicators.forEach((indicator, i) => {
      if (indicator.kind !== 'rate') return;
      for (const part of ['numerator', 'denominator'] as const) {
        const ref = byCode.get(indicator[part]);
        if (!ref || ref.kind === 'rate') {
          ctx.addIssue({
            code: 'custom',
            path: ['indicators', i, part],
            message: `rate '${indicator.code}' needs a count or flag indicator as ${part}, got '${indicator[part]}'`,
          });
        }
      }
    });
    const periodIds = new Set<string>();
    catalog.periods.forEach((period, i) => {
      if (periodIds.has(period.id)) {
        ctx.addIssue({ code: 'custom', path: ['periods', i, 'id'], message: `duplicate period '${period.id}'` });
      }
      periodIds.add(period.id);
      period.indicators.forEach((code, j) => {
        if (!byCode.has(code)) {
          ctx.addIssue({ code: 'custom', path: ['periods', i, 'indicators', j], message: `unknown indicator '${code}'` });
        }
      });
    });
  });
export type Catalog = z.infer<typeof CatalogSchema>;
