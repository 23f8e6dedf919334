import * as z from 'zod';
import { UNIT_ID_PATTERN, UnitIdSchema } from './unit.ts';

/** Indicator values as submitted: code → non-negative integer. */
export const ValuesSchema = z.record(
  z.string(),
  z.number({ error: 'Giá trị phải là một số' }).int({ error: 'Giá trị phải là số nguyên' }).nonnegative({ error: 'Giá trị không được âm' }),
);
export type Values = z.infer<typeof ValuesSchema>;

/** Values in a request: a number sets a field, `null` clears it (only in a correction). */
export const RequestValuesSchema = z.record(
  z.string(),
  z.number({ error: 'Giá trị phải là một số' }).int({ error: 'Giá trị phải là số nguyên' }).nonnegative({ error: 'Giá trị không được âm' }).nullable(),
);

/** Periods look like `2022-2023.start`. */
export const PERIOD_ID_PATTERN = /^\d{4}-\d{4}\.[a-z0-9]{1,20}$/;
export const PeriodIdSchema = z.string().regex(PERIOD_ID_PATTERN);

/**
 * Body of `POST /api/submissions`. `draft: true` saves a partial report: versioned and shown to the
 * school, never rolled up nor counted as submitted.
 * @example { "unitId": "lc-tp-th-kim-dong", "period": "2022-2023.start", "values": { "classes": 24, "pupils": 812 }, "idempotencyKey": "f1c2…" }
 */
export const SubmissionRequestSchema = z
  .object({
    unitId: z.string({ error: 'Thiếu mã đơn vị' }).regex(UNIT_ID_PATTERN, { error: 'Mã đơn vị không hợp lệ' }),
    period: z.string({ error: 'Thiếu kỳ báo cáo' }).regex(PERIOD_ID_PATTERN, { error: 'Mã kỳ báo cáo không hợp lệ' }),
    values: RequestValuesSchema,
    draft: z.boolean({ error: 'draft phải là true hoặc false' }).optional(),
    idempotencyKey: z
      .string()
      .regex(/^[\x21-\x7e]{8,128}$/, { error: 'Khóa chống gửi trùng phải có từ 8 đến 128 ký tự ASCII, không có khoảng trắng' })
      .optional(),
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
  /** An import of historical figures (token flag `import`), allowed past the lock date. */
  imported: z.boolean().optional(),
  /** The due date that applied (YYYY-MM-DD) and whether the version came after it. */
  dueOn: z.string().date().optional(),
  late: z.boolean().optional(),
  /** A draft: shown to the school, never rolled up. */
  draft: z.boolean().optional(),
});
export type SubmissionVersion = z.infer<typeof SubmissionVersionSchema>;

/** Answer of an accepted submission. */
export const SubmissionAcceptedResponseSchema = z.object({
  submissionId: z.string(),
  version: z.number().int().positive(),
});
export type SubmissionAcceptedResponse = z.infer<typeof SubmissionAcceptedResponseSchema>;
