import { z } from 'zod';
import { DEFAULT_UNLOCK_HOURS, MAX_UNLOCK_HOURS } from '../domain/approval.ts';
import { ValuesSchema } from './submission.ts';
import { UnitIdSchema } from './unit.ts';

const CommentSchema = z.string({ error: 'Nhận xét phải là chuỗi ký tự' }).trim().max(2000, { error: 'Nhận xét tối đa 2.000 ký tự' });

/**
 * Body of `POST /api/units/{schoolId}/reviews/{period}`.
 * @example { "decision": "return", "comment": "Số lớp 5 chưa khớp với số học sinh lớp 5, đề nghị kiểm tra lại." }
 */
export const ReviewRequestSchema = z
  .object({
    decision: z.enum(['approve', 'return'], { error: 'decision phải là "approve" hoặc "return"' }),
    comment: CommentSchema.optional(),
  })
  .strict();
export type ReviewRequest = z.infer<typeof ReviewRequestSchema>;

/**
 * Body of `POST /api/units/{unitId}/approvals/{period}`.
 * @example { "decision": "approve", "comment": "Số liệu phường Kim Tân đã đối chiếu" }
 */
export const UnitApprovalRequestSchema = z
  .object({
    decision: z.enum(['approve', 'withdraw'], { error: 'decision phải là "approve" hoặc "withdraw"' }),
    comment: CommentSchema.optional(),
  })
  .strict();
export type UnitApprovalRequest = z.infer<typeof UnitApprovalRequestSchema>;

/**
 * Body of `POST /api/units/{schoolId}/unlock-requests/{period}`.
 * @example { "reason": "Nhập nhầm số học sinh lớp 1, cần sửa lại" }
 */
export const UnlockRequestSchema = z
  .object({
    reason: z
      .string({ error: 'Cần nêu lý do xin mở khóa' })
      .trim()
      .min(5, { error: 'Lý do xin mở khóa cần ít nhất 5 ký tự' })
      .max(2000, { error: 'Lý do tối đa 2.000 ký tự' }),
  })
  .strict();
export type UnlockRequestBody = z.infer<typeof UnlockRequestSchema>;

/**
 * Body of `POST /api/units/{schoolId}/unlock-requests/{period}/{id}`.
 * @example { "decision": "grant", "hours": 48, "comment": "Đồng ý, sửa trong 2 ngày" }
 */
export const UnlockDecisionSchema = z
  .object({
    decision: z.enum(['grant', 'refuse'], { error: 'decision phải là "grant" hoặc "refuse"' }),
    hours: z
      .number({ error: 'hours phải là một số giờ' })
      .int({ error: 'hours phải là số nguyên' })
      .min(1, { error: 'hours tối thiểu là 1' })
      .max(MAX_UNLOCK_HOURS, { error: `hours tối đa là ${MAX_UNLOCK_HOURS}` })
      .default(DEFAULT_UNLOCK_HOURS),
    comment: CommentSchema.optional(),
  })
  .strict();
export type UnlockDecision = z.infer<typeof UnlockDecisionSchema>;

export const DecisionActionSchema = z.enum([
  'review-approve',
  'review-return',
  'unit-approve',
  'unit-withdraw',
  'unlock-request',
  'unlock-grant',
  'unlock-refuse',
]);
export type DecisionAction = z.infer<typeof DecisionActionSchema>;

/**
 * The current decision of a (unit, period) (item `APPR#unit#period` / `STATE`). `rev` counts every
 * decision of the pair, so each one is written once, in order, conditioned on the previous.
 */
export const ApprovalStateSchema = z.object({
  unitId: UnitIdSchema,
  period: z.string(),
  decision: z.enum(['approved', 'returned', 'withdrawn', 'none']),
  /** For a school: the version approved or returned, and (approved) its values and timeliness. */
  version: z.number().int().positive().optional(),
  values: ValuesSchema.optional(),
  late: z.boolean().optional(),
  group: z.string().optional(),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  comment: z.string().optional(),
  rev: z.number().int().nonnegative(),
});
export type ApprovalState = z.infer<typeof ApprovalStateSchema>;

/**
 * One decision, kept forever (item `APPR#unit#period` / `LOG#rev`): the audit. The stream turns
 * each new one into its event (SubmissionApproved, SubmissionReturned, UnitApproved,
 * UnlockRequested, UnlockGranted).
 * @example { "unitId": "lc-tp-th-kim-dong", "period": "2022-2023.start", "rev": 2, "action": "review-return", "by": "lanh-dao-phuong", "byUnit": "lc-tp-p-kim-tan", "at": "2022-11-02T09:00:00.000+07:00", "comment": "Kiểm tra lại số lớp", "version": 1 }
 */
export const ApprovalDecisionSchema = z.object({
  unitId: UnitIdSchema,
  period: z.string(),
  rev: z.number().int().positive(),
  action: DecisionActionSchema,
  /** Who decided (the token's subject) and for which unit they act. */
  by: z.string(),
  byUnit: z.string(),
  at: z.string(),
  comment: z.string().optional(),
  version: z.number().int().positive().optional(),
  requestId: z.string().optional(),
  hours: z.number().int().positive().optional(),
  expiresAt: z.string().optional(),
  /** The school's form link (returns only), for the notification. */
  link: z.string().optional(),
});
export type ApprovalDecision = z.infer<typeof ApprovalDecisionSchema>;

/** An unlock request of a school for a period (item `APPR#school#period` / `UNLOCK#id`). */
export const UnlockRequestItemSchema = z.object({
  id: z.string(),
  schoolId: UnitIdSchema,
  period: z.string(),
  reason: z.string(),
  requestedBy: z.string(),
  requestedAt: z.string(),
  status: z.enum(['pending', 'granted', 'refused']),
  decidedBy: z.string().optional(),
  decidedAt: z.string().optional(),
  comment: z.string().optional(),
  hours: z.number().int().positive().optional(),
  expiresAt: z.string().optional(),
});
export type UnlockRequestItem = z.infer<typeof UnlockRequestItemSchema>;

export const RollupViewSchema = z.enum(['live', 'approved'], { error: 'view phải là "live" hoặc "approved"' });
export type RollupView = z.infer<typeof RollupViewSchema>;
