import { z } from 'zod';
import { UnitIdSchema } from './unit.ts';

/** What a subscriber can ask to receive. */
export const NOTIFICATION_KINDS = ['unit-completed', 'target-missed', 'target-met', 'late-units', 'deadline-reminder', 'daily-digest'] as const;
export const NotificationKindSchema = z.enum(NOTIFICATION_KINDS, {
  error: `Loại thông báo không hợp lệ (chọn trong: ${NOTIFICATION_KINDS.join(', ')})`,
});
export type NotificationKind = z.infer<typeof NotificationKindSchema>;

/**
 * Body of `POST /api/units/{unitId}/subscriptions`. `scope: "subtree"` also receives what happens
 * in every unit below; `"unit"` (the default) only the unit itself.
 * @example { "email": "lanh-dao@phong.example", "name": "Chị Lan", "kinds": ["unit-completed", "target-missed"], "scope": "subtree" }
 */
export const SubscriptionBodySchema = z.strictObject(
  {
    email: z
      .string({ error: 'Thiếu địa chỉ email' })
      .trim()
      .toLowerCase()
      .pipe(z.email({ error: 'Địa chỉ email không hợp lệ' }).max(254, { error: 'Địa chỉ email quá dài' })),
    name: z
      .string({ error: 'Tên phải là chuỗi ký tự' })
      .trim()
      .min(1, { error: 'Tên không được để trống' })
      .max(100, { error: 'Tên quá dài (tối đa 100 ký tự)' })
      .optional(),
    kinds: z
      .array(NotificationKindSchema, { error: 'Thiếu danh sách loại thông báo (kinds)' })
      .min(1, { error: 'Chọn ít nhất một loại thông báo' })
      .max(NOTIFICATION_KINDS.length)
      .transform((kinds) => [...new Set(kinds)]),
    scope: z.enum(['unit', 'subtree'], { error: 'Phạm vi chỉ được là "unit" hoặc "subtree"' }).default('unit'),
  },
  { error: (issue) => (issue.code === 'unrecognized_keys' ? `Trường không được hỗ trợ: ${issue.keys.join(', ')}` : 'Dữ liệu đăng ký không hợp lệ') },
);
export type SubscriptionBody = z.infer<typeof SubscriptionBodySchema>;

/**
 * A stored subscription.
 * @example { "id": "8c1f…", "unitId": "lc-tp-p-kim-tan", "email": "lanh-dao@phong.example", "kinds": ["unit-completed"], "scope": "unit", "createdAt": "2023-01-10T08:00:00.000+07:00", "createdBy": "leader-lc-tp-lao-cai" }
 */
export const SubscriptionSchema = z.object({
  id: z.string(),
  unitId: UnitIdSchema,
  email: z.string(),
  name: z.string().optional(),
  kinds: z.array(NotificationKindSchema),
  scope: z.enum(['unit', 'subtree']),
  createdAt: z.string(),
  createdBy: z.string(),
});
export type Subscription = z.infer<typeof SubscriptionSchema>;

/** One thing to tell a recipient: what happened, for which unit and period, with its link. */
export const NoticeSchema = z.object({
  /** Stable across redeliveries: identifies the event (unit, period, indicator, revision…). */
  eventKey: z.string(),
  kind: NotificationKindSchema,
  unitId: UnitIdSchema,
  title: z.string(),
  lines: z.array(z.string()),
  link: z.string().optional(),
  createdAt: z.string(),
});
export type Notice = z.infer<typeof NoticeSchema>;

/** What the notify function's schedules deliver: flush a recipient's window, or the daily digest. */
export const NotifySchedulePayloadSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('flush'), recipient: z.string(), windowId: z.string() }),
  z.object({ type: z.literal('daily-digest'), date: z.string().date() }),
]);
export type NotifySchedulePayload = z.infer<typeof NotifySchedulePayloadSchema>;
