import type { Unit, UnitItem } from '../schemas/unit.ts';
import { isSchool } from '../schemas/unit.ts';

/**
 * Turn a flat list of units into stored unit items: each with its ancestors (root first)
 * and the number of schools below it. Works for any depth; throws on unknown parents and cycles.
 */
export const buildUnitItems = (units: readonly Unit[]): UnitItem[] => {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  if (byId.size !== units.length) throw new Error('Duplicate unit ids in the tree');
  const ancestorsOf = (unit: Unit): string[] => {
    const chain: string[] = [];
    let parentId = unit.parentId;
    while (parentId !== null) {
      if (chain.includes(parentId) || parentId === unit.id) throw new Error(`Cycle in the tree at '${unit.id}'`);
      const parent = byId.get(parentId);
      if (!parent) throw new Error(`Unit '${unit.id}' names unknown parent '${parentId}'`);
      chain.unshift(parentId);
      parentId = parent.parentId;
    }
    return chain;
  };
  const items = units.map((unit) => ({ ...unit, ancestors: ancestorsOf(unit), schoolCount: isSchool(unit) ? 1 : 0 }));
  const counts = new Map<string, number>();
  for (const item of items) {
    if (!isSchool(item)) continue;
    for (const ancestor of item.ancestors) counts.set(ancestor, (counts.get(ancestor) ?? 0) + 1);
  }
  return items.map((item) => (isSchool(item) ? item : { ...item, schoolCount: counts.get(item.id) ?? 0 }));
};
