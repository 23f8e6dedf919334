import * as z from 'zod';

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
  /**
   * How a preschool says it, where the shared label speaks of pupils (học sinh): a preschool's
   * form, receipt and messages say "trẻ" (children).
   */
  preschool: z.object({ label: z.string().min(1), unit: z.string().min(1).optional() }).optional(),
});

/** A count rolls up by sum. */
export const CountIndicatorSchema = IndicatorBaseSchema.extend({
  kind: z.literal('count'),
  unit: z.string().default(''),
  /**
   * Plausible upper bound for one school (a value above is refused with 400). Bounds also keep
   * aggregate sums exact: bound × the national school count stays below 2^53.
   */
  max: z.number().int().positive(),
});

/**
 * A rate is defined by a numerator and a denominator count; it rolls up as
 * Σnumerator / Σdenominator, never as an average of rates.
 */
export const RateIndicatorSchema = IndicatorBaseSchema.extend({
  kind: z.literal('rate'),
  numerator: IndicatorCodeSchema,
  denominator: IndicatorCodeSchema,
  /** `percent` (numerator ≤ denominator, shown as %) or `ratio` (e.g. teachers per class, plan fulfilment). */
  scale: z.enum(['percent', 'ratio']).default('percent'),
});

/** A flag is 0 or 1 for a school; it rolls up as a count and a share of schools. */
export const FlagIndicatorSchema = IndicatorBaseSchema.extend({
  kind: z.literal('flag'),
});

/**
 * Cross-field rules, as data. `sum`: total = Σ parts (the total is computed when the school leaves
 * it out, checked when it gives it). `lte`: left ≤ right. `range`: soft check of a per-class
 * average (e.g. pupils per class) that warns but accepts.
 */
export const CrossFieldRuleSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('sum'), total: IndicatorCodeSchema, parts: z.array(IndicatorCodeSchema).min(2), source: z.string().default('') }),
  z.object({ kind: z.literal('lte'), left: IndicatorCodeSchema, right: IndicatorCodeSchema, source: z.string().default('') }),
  z.object({
    kind: z.literal('perUnitRange'),
    numerator: IndicatorCodeSchema,
    denominator: IndicatorCodeSchema,
    min: z.number().nonnegative(),
    max: z.number().positive(),
    /** Vietnamese noun of the ratio, e.g. "học sinh/lớp". */
    unit: z.string(),
  }),
]);
export type CrossFieldRule = z.infer<typeof CrossFieldRuleSchema>;

/** Soft rule: a change of more than this share against the school's previous period warns. */
export const OutlierRuleSchema = z.object({ maxChange: z.number().positive(), minPrevious: z.number().int().nonnegative().default(20) });

export const DirectionSchema = z.enum(['atLeast', 'atMost']);

/**
 * A target (chỉ tiêu): an indicator, a threshold (a fraction for rates and flags, a number for
 * counts), a direction, a unit and a school year, with the seed it comes from. `group` narrows it
 * to schools carrying a flag (e.g. level-2 standard schools are held to a stricter rate).
 * @example { "indicator": "thcs_graduation", "threshold": 0.99, "direction": "atLeast", "unitId": "lao-cai", "schoolYear": "2021-2022", "source": "001 mục 4" }
 */
export const TargetSchema = z.object({
  indicator: IndicatorCodeSchema,
  threshold: z.number().nonnegative(),
  direction: DirectionSchema,
  unitId: z.string(),
  schoolYear: z.string().regex(/^\d{4}-\d{4}$/),
  group: IndicatorCodeSchema.optional(),
  source: z.string().min(1),
});
export type Target = z.infer<typeof TargetSchema>;

/**
 * One indicator (chỉ tiêu) of the catalog.
 * @example { "code": "pupils", "label": "Số học sinh", "kind": "count", "section": "Quy mô", "levels": ["MN","TH","THCS"] }
 */
export const IndicatorSchema = z.discriminatedUnion('kind', [CountIndicatorSchema, RateIndicatorSchema, FlagIndicatorSchema]);
export type Indicator = z.infer<typeof IndicatorSchema>;

export const PeriodKindSchema = z.enum(['plan', 'start', 'semester1', 'end']);
export type PeriodKind = z.infer<typeof PeriodKindSchema>;

/**
 * What one period kind collects: its fields (count and flag indicators) and, per level, the
 * fields a complete (non-draft) report must contain. A school with several levels needs the
 * required fields of each.
 * @example { "fields": ["th_classes", "th_pupils", "teachers"], "required": { "TH": ["th_classes", "th_pupils"] } }
 */
export const PeriodFieldsSchema = z.object({
  fields: z.array(IndicatorCodeSchema).min(1),
  required: z.partialRecord(LevelSchema, z.array(IndicatorCodeSchema)).default({}),
});
export type PeriodFields = z.infer<typeof PeriodFieldsSchema>;

/**
 * An assessment scale for lower-secondary learning results (e.g. Circular 58/2011: Giỏi / Khá /
 * Trung bình / Yếu / Kém; Circular 22/2021: Tốt / Khá / Đạt / Chưa đạt), its grades and the
 * school year from which each grade used it (phased in).
 */
export const AssessmentScaleSchema = z.object({
  id: z.string().regex(/^[a-z0-9_]+$/),
  regulation: z.string().min(1),
  /** Ratings from best to worst. */
  ratings: z.array(z.object({ code: z.string().regex(/^[a-z_]+$/), label: z.string().min(1) })).min(2),
  /** Grade → first school year (YYYY-YYYY) that grade used this scale. */
  from: z.record(z.string().regex(/^\d{1,2}$/), z.string().regex(/^\d{4}-\d{4}$/)),
});
export type AssessmentScale = z.infer<typeof AssessmentScaleSchema>;

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
  /** Due dates overridden for a unit and everything below it (e.g. a province's own deadline). */
  dueOverrides: z.record(z.string(), z.string().date()).default({}),
  /** Last day submissions are taken (YYYY-MM-DD, Vietnam time); after it, only an unlock grant opens the period. */
  locksOn: z.string().date().optional(),
  /** Lock dates overridden for a unit and everything below it, like `dueOverrides`. */
  lockOverrides: z.record(z.string(), z.string().date()).default({}),
});
export type Period = z.infer<typeof PeriodSchema>;

/** The whole catalog: indicators and periods, checked for internal consistency at load. */
export const CatalogSchema = z
  .object({
    indicators: z.array(IndicatorSchema).min(1),
    periods: z.array(PeriodSchema).min(1),
    rules: z.array(CrossFieldRuleSchema).default([]),
    outliers: OutlierRuleSchema.default({ maxChange: 0.5, minPrevious: 20 }),
    targets: z.array(TargetSchema).default([]),
    /** Fields and required fields of each period kind. */
    periodFields: z.record(PeriodKindSchema, PeriodFieldsSchema),
    /** Lower-secondary assessment scales and their phase-in by grade. */
    assessmentScales: z.array(AssessmentScaleSchema).default([]),
    /** An upper bound of the number of schools in the country: bounds × this must stay below 2^53. */
    nationalSchools: z.number().int().positive().default(100_000),
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
    const needs = (path: (string | number)[], code: string, what: string): void => {
      const ref = byCode.get(code);
      if (!ref || ref.kind === 'rate') ctx.addIssue({ code: 'custom', path, message: `${what} '${code}' must be a count or flag indicator` });
    };
    catalog.rules.forEach((rule, i) => {
      const fields: [string, string][] =
        rule.kind === 'sum'
          ? [['total', rule.total], ...rule.parts.map((code, j): [string, string] => [`parts.${j}`, code])]
          : rule.kind === 'lte'
            ? [
                ['left', rule.left],
                ['right', rule.right],
              ]
            : [
                ['numerator', rule.numerator],
                ['denominator', rule.denominator],
              ];
      for (const [field, code] of fields) needs(['rules', i, field], code, `${rule.kind === 'perUnitRange' ? 'range' : rule.kind} rule field`);
    });
    catalog.targets.forEach((target, i) => {
      if (!byCode.has(target.indicator))
        ctx.addIssue({ code: 'custom', path: ['targets', i, 'indicator'], message: `unknown indicator '${target.indicator}'` });
      if (target.group && byCode.get(target.group)?.kind !== 'flag') {
        ctx.addIssue({ code: 'custom', path: ['targets', i, 'group'], message: `group '${target.group}' must be a flag indicator` });
      }
    });
    catalog.indicators.forEach((indicator, i) => {
      if (indicator.kind === 'count' && indicator.max * catalog.nationalSchools > Number.MAX_SAFE_INTEGER) {
        ctx.addIssue({
          code: 'custom',
          path: ['indicators', i, 'max'],
          message: `bound ${indicator.max} × ${catalog.nationalSchools} schools exceeds 2^53: sums could lose precision`,
        });
      }
    });
    for (const [kind, spec] of Object.entries(catalog.periodFields)) {
      const fields = new Set(spec.fields);
      spec.fields.forEach((code, j) => {
        const ref = byCode.get(code);
        if (!ref || ref.kind === 'rate') {
          ctx.addIssue({ code: 'custom', path: ['periodFields', kind, 'fields', j], message: `field '${code}' must be a count or flag indicator` });
        }
      });
      for (const [level, codes] of Object.entries(spec.required)) {
        // A complete report must be able to pass the rules: a required percent numerator needs its
        // denominator required too (computed totals count as given when one of their parts is).
        const given = new Set(codes ?? []);
        for (const rule of catalog.rules) if (rule.kind === 'sum' && rule.parts.some((part) => given.has(part))) given.add(rule.total);
        for (const indicator of catalog.indicators) {
          if (indicator.kind === 'rate' && indicator.scale === 'percent' && given.has(indicator.numerator) && !given.has(indicator.denominator)) {
            ctx.addIssue({
              code: 'custom',
              path: ['periodFields', kind, 'required', level],
              message: `'${indicator.numerator}' is required without its denominator '${indicator.denominator}' (rate '${indicator.code}')`,
            });
          }
        }
        (codes ?? []).forEach((code, j) => {
          const ref = byCode.get(code);
          if (!fields.has(code)) {
            ctx.addIssue({ code: 'custom', path: ['periodFields', kind, 'required', level, j], message: `required '${code}' is not a field of '${kind}'` });
          } else if (ref && !ref.levels.includes(level as Level)) {
            ctx.addIssue({
              code: 'custom',
              path: ['periodFields', kind, 'required', level, j],
              message: `required '${code}' does not apply to level ${level}`,
            });
          }
        });
      }
    }
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
