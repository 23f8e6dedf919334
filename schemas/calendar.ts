import * as z from 'zod';

export const CalendarKindSchema = z.enum(['report', 'contest', 'inspection', 'meeting', 'training', 'event', 'task']);
export const AudienceSchema = z.enum(['schools', 'schools:MN', 'schools:TH', 'schools:THCS', 'wards', 'office']);
export type Audience = z.infer<typeof AudienceSchema>;

/**
 * One task of a monthly work calendar (lịch công tác).
 * @example { "id": "3f2a…", "month": "2023-01", "text": "Tổng hợp, báo cáo sơ kết nộp Sở GD&ĐT.", "date": null, "audience": "office", "kind": "report", "period": "semester1" }
 */
export const CalendarItemSchema = z.object({
  /** Stable id: a hash of month and text, so re-importing the same document changes nothing. */
  id: z.string(),
  month: z.string().regex(/^\d{4}-\d{2}$/),
  text: z.string().min(1),
  date: z.string().date().nullable(),
  audience: AudienceSchema,
  kind: CalendarKindSchema,
  /** For a report: the catalog period kind it is due for. */
  period: z.enum(['plan', 'start', 'semester1', 'end']).optional(),
  /** Position in the document, to list items in their order. */
  order: z.number().int().nonnegative().optional(),
});
export type CalendarItem = z.infer<typeof CalendarItemSchema>;

/**
 * Text of a calendar document that gave no task, shown in the preview so a leader can check it
 * before saving: what came before the calendar part and after it, table headers, side columns
 * (who is in charge), and months of another school year.
 * @example { "fromLine": 40, "toLine": 52, "reason": "after-calendar", "text": "Nơi nhận:\n- Sở GD&ĐT;" }
 */
export const IgnoredTextSchema = z.object({
  /** Lines of the document as read (for .docx and .pdf, of the extracted text); absent for months of another school year. */
  fromLine: z.number().int().positive().optional(),
  toLine: z.number().int().positive().optional(),
  reason: z.enum(['before-calendar', 'after-calendar', 'table-header', 'table-cell', 'other-school-year']),
  text: z.string(),
});
export type IgnoredText = z.infer<typeof IgnoredTextSchema>;

/**
 * Classification rules, as data. Keywords match whole words (lower case, NFC). Kinds and periods:
 * the first rule that matches wins. Audiences: the school levels a task names (one → that level,
 * several → all schools), else the first other rule that matches.
 */
export const CalendarRulesSchema = z.object({
  kinds: z.array(z.object({ kind: CalendarKindSchema, keywords: z.array(z.string().min(1)).min(1) })),
  reportPeriods: z.array(z.object({ period: z.enum(['plan', 'start', 'semester1', 'end']), keywords: z.array(z.string().min(1)).min(1) })),
  audiences: z.array(z.object({ audience: AudienceSchema, keywords: z.array(z.string().min(1)).min(1) })),
  defaultAudience: AudienceSchema,
});
export type CalendarRules = z.infer<typeof CalendarRulesSchema>;
