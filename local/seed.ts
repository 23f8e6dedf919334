/** Load the demo tree into a table (idempotent: puts by key). */
import { buildUnitItems } from '../domain/tree.ts';
import type { Unit } from '../schemas/unit.ts';
import { putUnits } from '../functions/commons/store.ts';

export const loadUnits = async (tableName: string, units: readonly Unit[]): Promise<number> => {
  const items = buildUnitItems(units);
  await putUnits(tableName, items);
  return items.length;
};
