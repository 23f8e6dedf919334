import { z } from 'zod';
import { LevelSchema } from './catalog.ts';

/** Unit ids are URL-safe slugs. */
export const UnitIdSchema = z.string().regex(/^[a-z0-9][a-z0-9-]{1,79}$/);

/**
 * One unit of the hierarchy (province, city, ward, school or any other level): the tree is data.
 * @example { "id": "lc-tp-th-kim-dong", "name": "Trường TH Kim Đồng", "kind": "school", "parentId": "lc-tp-p-kim-tan", "levels": ["TH"], "ownership": "public" }
 */
export const UnitSchema = z.object({
  id: UnitIdSchema,
  name: z.string().min(1),
  kind: z.string().min(1),
  parentId: UnitIdSchema.nullable(),
  levels: z.array(LevelSchema).min(1).optional(),
  ownership: z.enum(['public', 'private']).optional(),
});
export type Unit = z.infer<typeof UnitSchema>;

/** A unit as stored: with its ancestors (root first) and the number of schools below it. */
export const UnitItemSchema = UnitSchema.extend({
  ancestors: z.array(UnitIdSchema),
  schoolCount: z.number().int().nonnegative(),
});
export type UnitItem = z.infer<typeof UnitItemSchema>;

export const isSchool = (unit: Pick<Unit, 'levels'>): boolean => unit.levels !== undefined;
