import * as z from 'zod';
import { UnitIdSchema } from './unit.ts';

/** The `source` of every event tonghop puts on its bus. */
export const EVENT_SOURCE = 'tonghop';

/**
 * Detail of `SubmissionAccepted`: a school's submission version was stored.
 * Emitted by the stream publisher from the table's stream (no dual write).
 * @example { "submissionId": "01J…", "schoolId": "lc-tp-th-kim-dong", "period": "2022-2023.start", "version": 2, "submittedAt": "2022-10-20T08:00:00+07:00" }
 */
export const SubmissionAcceptedDetailSchema = z.object({
  submissionId: z.string(),
  schoolId: UnitIdSchema,
  period: z.string(),
  version: z.number().int().positive(),
  submittedAt: z.string(),
});
export type SubmissionAcceptedDetail = z.infer<typeof SubmissionAcceptedDetailSchema>;

/**
 * Detail of `RollupUpdated`: a unit's aggregate for a period changed. The publisher coalesces the
 * changes of one stream batch per (unit, period): `changed` is their union, `schools` lists every
 * school whose applied version moved, and `schoolId` / `version` name the last of them.
 * @example { "unitId": "lc-tp", "period": "2022-2023.start", "changed": ["pupils"], "schoolId": "lc-tp-th-kim-dong", "version": 2, "schools": ["lc-tp-th-kim-dong"] }
 */
export const RollupUpdatedDetailSchema = z.object({
  unitId: UnitIdSchema,
  period: z.string(),
  changed: z.array(z.string()),
  schoolId: UnitIdSchema,
  version: z.number().int().positive(),
  schools: z.array(UnitIdSchema).optional(),
});
export type RollupUpdatedDetail = z.infer<typeof RollupUpdatedDetailSchema>;

/** A change of a unit's state recorded by the evaluation (the stream turns each into an event). */
export const TransitionSchema = z.discriminatedUnion('type', [
  z.object({
    type: z.enum(['TargetMet', 'TargetMissed']),
    indicator: z.string(),
    value: z.number().nullable(),
    threshold: z.number(),
    direction: z.enum(['atLeast', 'atMost']),
    targetUnitId: z.string(),
  }),
  z.object({ type: z.literal('UnitCompleted'), expected: z.number().int() }),
]);
export type Transition = z.infer<typeof TransitionSchema>;

/**
 * Detail of `TargetMet` / `TargetMissed`: a unit's indicator crossed its effective target.
 * @example { "unitId": "lc-tp-lao-cai", "period": "2022-2023.start", "indicator": "thcs_graduation", "value": 0.985, "threshold": 0.99, "direction": "atLeast", "targetUnitId": "lc-tp-lao-cai", "rev": 3 }
 */
export const TargetTransitionDetailSchema = z.object({
  unitId: UnitIdSchema,
  period: z.string(),
  indicator: z.string(),
  value: z.number().nullable(),
  threshold: z.number(),
  direction: z.enum(['atLeast', 'atMost']),
  targetUnitId: z.string(),
  /** Revision of the evaluation that recorded it: (unitId, period, indicator, rev) identifies a transition. */
  rev: z.number().int().positive(),
});
export type TargetTransitionDetail = z.infer<typeof TargetTransitionDetailSchema>;

/**
 * Detail of `UnitCompleted`: the last expected school below the unit reported.
 * @example { "unitId": "lc-tp-phuong-kim-tan", "period": "2022-2023.start", "expected": 5, "rev": 4 }
 */
export const UnitCompletedDetailSchema = z.object({ unitId: UnitIdSchema, period: z.string(), expected: z.number().int(), rev: z.number().int().positive() });
export type UnitCompletedDetail = z.infer<typeof UnitCompletedDetailSchema>;

/**
 * Detail of `CalendarChanged`: an import changed a unit's calendar for a school year.
 * @example { "unitId": "lc-tp-lao-cai", "schoolYear": "2022-2023", "rev": 2 }
 */
export const CalendarChangedDetailSchema = z.object({ unitId: UnitIdSchema, schoolYear: z.string(), rev: z.number().int().positive() });
export type CalendarChangedDetail = z.infer<typeof CalendarChangedDetailSchema>;

/**
 * Detail of `ReminderDue`: a reminder for one recipient, for the notification channel.
 * @example { "recipientId": "lc-tp-tieu-hoc-kim-dong", "schedule": "tonghop-lc-tp-lao-cai-2022-2023/due-semester1-d7-1a2b3c4d", "kind": "deadline", "title": "Nhắc nộp báo cáo …", "lines": ["…"], "link": "https://…/form?t=…" }
 */
export const ReminderDueDetailSchema = z.object({
  recipientId: UnitIdSchema,
  schedule: z.string(),
  kind: z.enum(['digest', 'deadline', 'late', 'returned']),
  title: z.string(),
  lines: z.array(z.string()),
  link: z.string().optional(),
});
export type ReminderDueDetail = z.infer<typeof ReminderDueDetailSchema>;

/**
 * Detail of `SubmissionApproved`: a leader above the school approved its report (that version is frozen).
 * @example { "schoolId": "lc-tp-th-kim-dong", "period": "2022-2023.start", "version": 2, "by": "lanh-dao-phuong", "byUnit": "lc-tp-p-kim-tan", "at": "2022-11-02T09:00:00.000+07:00", "rev": 3 }
 */
export const SubmissionApprovedDetailSchema = z.object({
  schoolId: UnitIdSchema,
  period: z.string(),
  version: z.number().int().positive(),
  by: z.string(),
  byUnit: z.string(),
  at: z.string(),
  comment: z.string().optional(),
  /** Revision of the (school, period) decisions: (schoolId, period, rev) identifies the decision. */
  rev: z.number().int().positive(),
});
export type SubmissionApprovedDetail = z.infer<typeof SubmissionApprovedDetailSchema>;

/**
 * Detail of `SubmissionReturned`: a leader above the school returned its report with a comment; the school corrects and resubmits.
 * @example { "schoolId": "lc-tp-th-kim-dong", "period": "2022-2023.start", "version": 1, "by": "lanh-dao-phuong", "byUnit": "lc-tp-p-kim-tan", "at": "2022-11-02T09:00:00.000+07:00", "comment": "Kiểm tra lại số lớp", "link": "https://…/form?t=…&period=2022-2023.start", "rev": 2 }
 */
export const SubmissionReturnedDetailSchema = SubmissionApprovedDetailSchema.extend({ link: z.string().optional() });
export type SubmissionReturnedDetail = z.infer<typeof SubmissionReturnedDetailSchema>;

/**
 * Detail of `UnitApproved`: a leader above the unit approved it (every child was approved).
 * @example { "unitId": "lc-tp-p-kim-tan", "period": "2022-2023.start", "by": "lanh-dao-thanh-pho", "byUnit": "lc-tp-lao-cai", "at": "2022-11-05T09:00:00.000+07:00", "rev": 1 }
 */
export const UnitApprovedDetailSchema = z.object({
  unitId: UnitIdSchema,
  period: z.string(),
  by: z.string(),
  byUnit: z.string(),
  at: z.string(),
  comment: z.string().optional(),
  rev: z.number().int().positive(),
});
export type UnitApprovedDetail = z.infer<typeof UnitApprovedDetailSchema>;

/**
 * Detail of `UnlockRequested`: a school asked to reopen a locked period, with its reason.
 * @example { "schoolId": "lc-tp-th-kim-dong", "period": "2022-2023.start", "requestId": "5f0c…", "reason": "Nhập nhầm số lớp", "by": "hieu-truong", "at": "2022-12-05T08:00:00.000+07:00", "rev": 4 }
 */
export const UnlockRequestedDetailSchema = z.object({
  schoolId: UnitIdSchema,
  period: z.string(),
  requestId: z.string(),
  reason: z.string(),
  by: z.string(),
  at: z.string(),
  rev: z.number().int().positive(),
});
export type UnlockRequestedDetail = z.infer<typeof UnlockRequestedDetailSchema>;

/**
 * Detail of `UnlockGranted`: a leader above the school reopened the period for it until `expiresAt`.
 * @example { "schoolId": "lc-tp-th-kim-dong", "period": "2022-2023.start", "requestId": "5f0c…", "hours": 72, "expiresAt": "2022-12-08T09:00:00.000+07:00", "by": "lanh-dao-phuong", "byUnit": "lc-tp-p-kim-tan", "at": "2022-12-05T09:00:00.000+07:00", "rev": 5 }
 */
export const UnlockGrantedDetailSchema = z.object({
  schoolId: UnitIdSchema,
  period: z.string(),
  requestId: z.string(),
  hours: z.number().int().positive(),
  expiresAt: z.string(),
  by: z.string(),
  byUnit: z.string(),
  at: z.string(),
  comment: z.string().optional(),
  rev: z.number().int().positive(),
});
export type UnlockGrantedDetail = z.infer<typeof UnlockGrantedDetailSchema>;

/** Every detail-type with its schema: the contract of the bus. */
export const EventDetailSchemas = {
  SubmissionAccepted: SubmissionAcceptedDetailSchema,
  RollupUpdated: RollupUpdatedDetailSchema,
  TargetMet: TargetTransitionDetailSchema,
  TargetMissed: TargetTransitionDetailSchema,
  UnitCompleted: UnitCompletedDetailSchema,
  CalendarChanged: CalendarChangedDetailSchema,
  ReminderDue: ReminderDueDetailSchema,
  SubmissionApproved: SubmissionApprovedDetailSchema,
  SubmissionReturned: SubmissionReturnedDetailSchema,
  UnitApproved: UnitApprovedDetailSchema,
  UnlockRequested: UnlockRequestedDetailSchema,
  UnlockGranted: UnlockGrantedDetailSchema,
} as const;
export type DetailType = keyof typeof EventDetailSchemas;

/** The EventBridge envelope as a target receives it. */
export const EventEnvelopeSchema = z.object({
  version: z.string(),
  id: z.string(),
  'detail-type': z.string(),
  source: z.string(),
  account: z.string(),
  time: z.string(),
  region: z.string(),
  resources: z.array(z.string()),
  detail: z.unknown(),
});
export type EventEnvelope = z.infer<typeof EventEnvelopeSchema>;
