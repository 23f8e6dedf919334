import * as z from 'zod';
import { UnitIdSchema } from './unit.ts';

export const RoleSchema = z.enum(['school', 'leader']);
export type Role = z.infer<typeof RoleSchema>;

/**
 * Claims of a tonghop bearer token (JWT, HS256).
 * @example { "sub": "hieu-truong-kim-dong", "unit": "lc-tp-th-kim-dong", "role": "school" }
 */
export const TokenClaimsSchema = z.object({
  sub: z.string().min(1),
  unit: UnitIdSchema,
  role: RoleSchema,
  /** An import of historical figures (the demo loader): recorded as such, and the lock date does not apply to it. */
  import: z.boolean().optional(),
});
export type TokenClaims = z.infer<typeof TokenClaimsSchema>;
