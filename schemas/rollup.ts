import * as z from 'zod';

export const TargetViewSchema = z.object({
  threshold: z.number(),
  direction: z.enum(['atLeast', 'atMost']),
  unitId: z.string(),
  schoolYear: z.string(),
  source: z.string(),
  group: z.string().optional(),
});

/** One indicator of a rollup: value, fraction for rates, share for flags, effective target. */
export const IndicatorValueSchema = z.object({
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
  share: z.number().optional(),
  target: TargetViewSchema.optional(),
  met: z.boolean().nullable().optional(),
});
export type IndicatorValue = z.infer<typeof IndicatorValueSchema>;

export const CompletenessSchema = z.object({
  expected: z.number().int(),
  submitted: z.number().int(),
  onTime: z.number().int(),
  late: z.number().int(),
  missing: z.array(z.object({ id: z.string(), name: z.string() })),
  /** The schools whose first report came after the due date, by name (with `missing`, when asked for). */
  lateSchools: z.array(z.object({ id: z.string(), name: z.string() })).optional(),
});

/**
 * Answer of `GET /api/units/{unitId}/rollups/{period}`.
 * @example { "unitId": "lao-cai", "period": "2022-2023.start", "indicators": { "pupils": { "value": 812 } }, "completeness": { "expected": 4, "submitted": 1, "onTime": 1, "late": 0, "missing": [] }, "updatedAt": "2022-10-20T08:00:01+07:00" }
 */
export const RollupResponseSchema = z.object({
  unitId: z.string(),
  name: z.string(),
  kind: z.string(),
  period: z.string(),
  indicators: z.record(z.string(), IndicatorValueSchema),
  completeness: CompletenessSchema,
  /** Open schools by `type/ownership` (the school rows of the seed tables). */
  schools: z.record(z.string(), z.number().int()),
  /** The same indicators per group of schools (ownership: public, private). */
  breakdown: z.record(z.string(), z.record(z.string(), IndicatorValueSchema)),
  updatedAt: z.string().nullable(),
});
export type RollupResponse = z.infer<typeof RollupResponseSchema>;
