import * as z from 'zod';
import { LevelSchema } from './catalog.ts';

/** Unit ids are URL-safe slugs. */
export const UNIT_ID_PATTERN = /^[a-z0-9][a-z0-9-]{1,79}$/;
export const UnitIdSchema = z.string().regex(UNIT_ID_PATTERN);

/**
 * One unit of the hierarchy (province, city, ward, school or any other level): the tree is data.
 * @example { "id": "lc-tp-th-kim-dong", "name": "Trường TH Kim Đồng", "kind": "school", "parentId": "lc-tp-p-kim-tan", "levels": ["TH"], "ownership": "public" }
 */
export const UnitSchema = z.object({
  id: UnitIdSchema,
  name: z.string().min(1),
  kind: z.string().min(1),
  /** The parent when the unit opened (null for a root); later parents are in `moves`. */
  parentId: UnitIdSchema.nullable(),
  levels: z.array(LevelSchema).min(1).optional(),
  ownership: z.enum(['public', 'private']).optional(),
  /** Contact address of the unit (a school's gets its deadline reminders), data like the name. */
  email: z.email().optional(),
  /** First day the unit exists (YYYY-MM-DD); always, when absent. */
  opened: z.string().date().optional(),
  /** First day the unit no longer exists. */
  closed: z.string().date().optional(),
  /** Re-parenting over time: from `on`, the parent is `parentId`. */
  moves: z.array(z.object({ on: z.string().date(), parentId: UnitIdSchema })).optional(),
});
export type Unit = z.input<typeof UnitSchema>;

/** What a unit is in one period: where a school sits, how many schools a unit expects. */
export const UnitPeriodSchema = z.object({
  ancestors: z.array(UnitIdSchema),
  /** Open schools below (1 for an open school). */
  expected: z.number().int().nonnegative(),
  /** Open schools below by `type/ownership`, e.g. `MN/private`, `TH&THCS/public`. */
  schools: z.record(z.string(), z.number().int().nonnegative()),
  /** For a school: the shard count of each ancestor's aggregate, aligned with `ancestors`. */
  shards: z.array(z.number().int().positive()).optional(),
});
export type UnitPeriod = z.infer<typeof UnitPeriodSchema>;

/** A unit as stored: its current ancestors (root first), school count, and its shape per period. */
export const UnitItemSchema = UnitSchema.extend({
  ancestors: z.array(UnitIdSchema),
  schoolCount: z.number().int().nonnegative(),
  periods: z.record(z.string(), UnitPeriodSchema).default({}),
});
export type UnitItem = z.infer<typeof UnitItemSchema>;

export const isSchool = (unit: Pick<Unit, 'levels'>): boolean => unit.levels !== undefined;

/** The school type of the seed tables: MN, TH, THCS or TH&THCS (a school with both levels). */
export const schoolType = (levels: readonly string[]): string => (levels.includes('TH') && levels.includes('THCS') ? 'TH&THCS' : levels.join('&'));
