import * as z from 'zod';
import { UnitIdSchema } from './unit.ts';

/** Indicator values as submitted: code → non-negative integer. */
export const ValuesSchema = z.record(
  z.string(),
  z.number({ error: 'Giá trị phải là một số' }).int({ error: 'Giá trị phải là số nguyên' }).nonnegative({ error: 'Giá trị không được âm' }),
);
export type Values = z.infer<typeof ValuesSchema>;

/**
 * Body of `POST /api/submissions`.
 * @example { "unitId": "lc-tp-th-kim-dong", "period": "2022-2023.start", "values": { "classes": 24, "pupils": 812 }, "idempotencyKey": "f1c2…" }
 */
export const SubmissionRequestSchema = z
  .object({
    unitId: UnitIdSchema.or(z.string({ error: 'Thiếu mã đơn vị' }).min(1, { error: 'Thiếu mã đơn vị' })),
    period: z.string({ error: 'Thiếu kỳ báo cáo' }).min(1, { error: 'Thiếu kỳ báo cáo' }),
    values: ValuesSchema,
    idempotencyKey: z.string().min(8, { error: 'Khóa chống gửi trùng phải có ít nhất 8 ký tự' }).max(128).optional(),
  })
  .strict();
export type SubmissionRequest = z.infer<typeof SubmissionRequestSchema>;

export const SubmissionSourceSchema = z.enum(['api', 'form']);

/** One stored version of a school's submission for a period (every version is kept). */
export const SubmissionVersionSchema = z.object({
  submissionId: z.string(),
  schoolId: UnitIdSchema,
  period: z.string(),
  version: z.number().int().positive(),
  values: ValuesSchema,
  submittedBy: z.string(),
  submittedAt: z.string().datetime({ offset: true }),
  source: SubmissionSourceSchema,
  /** The due date that applied (YYYY-MM-DD) and whether the version came after it. */
  dueOn: z.string().date().optional(),
  late: z.boolean().optional(),
});
export type SubmissionVersion = z.infer<typeof SubmissionVersionSchema>;

/** Answer of an accepted submission. */
export const SubmissionAcceptedResponseSchema = z.object({
  submissionId: z.string(),
  version: z.number().int().positive(),
});
export type SubmissionAcceptedResponse = z.infer<typeof SubmissionAcceptedResponseSchema>;
