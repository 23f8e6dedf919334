import { z } from 'zod';

export const IndicatorValueSchema = z.object({
  value: z.number().nullable(),
  numerator: z.number().optional(),
  denominator: z.number().optional(),
});

/**
 * Answer of `GET /api/units/{unitId}/rollups/{period}`.
 * @example { "unitId": "lc", "period": "2022-2023.start", "indicators": { "pupils": { "value": 812 } }, "completeness": { "expected": 4, "submitted": 1 }, "updatedAt": "2022-10-20T08:00:01+07:00" }
 */
export const RollupResponseSchema = z.object({
  unitId: z.string(),
  period: z.string(),
  indicators: z.record(z.string(), IndicatorValueSchema),
  completeness: z.object({ expected: z.number().int(), submitted: z.number().int() }),
  updatedAt: z.string().nullable(),
});
export type RollupResponse = z.infer<typeof RollupResponseSchema>;
