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
  kind: z.enum(['digest', 'deadline', 'late']),
  title: z.string(),
  lines: z.array(z.string()),
  link: z.string().optional(),
});
export type ReminderDueDetail = z.infer<typeof ReminderDueDetailSchema>;

/** Every detail-type with its schema: the contract of the bus. */
export const EventDetailSchemas = {
  SubmissionAccepted: SubmissionAcceptedDetailSchema,
  RollupUpdated: RollupUpdatedDetailSchema,
  TargetMet: TargetTransitionDetailSchema,
  TargetMissed: TargetTransitionDetailSchema,
  UnitCompleted: UnitCompletedDetailSchema,
  CalendarChanged: CalendarChangedDetailSchema,
  ReminderDue: ReminderDueDetailSchema,
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
