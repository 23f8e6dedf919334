/** Load the demo tree into a table (idempotent: puts by key). */

import { CATALOG } from '../catalog/index.ts';
import { buildUnitItems, memberships } from '../domain/tree.ts';
import { putUnits } from '../functions/commons/store.ts';
import type { Unit } from '../schemas/unit.ts';

export const loadUnits = async (tableName: string, units: readonly Unit[]): Promise<number> => {
  const items = buildUnitItems(units, CATALOG.periods);
  await putUnits(tableName, items, memberships(items));
  return items.length;
};
