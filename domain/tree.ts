import type { Period } from '../schemas/catalog.ts';
import type { Unit, UnitItem, UnitPeriod } from '../schemas/unit.ts';
import { isSchool, schoolType } from '../schemas/unit.ts';
import { shardCount } from './rollup.ts';

/** The date a period's tree is taken at: its as-of date, else its due date. */
export const periodDate = (period: Pick<Period, 'asOf' | 'dueOn'>): string => period.asOf ?? period.dueOn;

export const existsOn = (unit: Unit, date: string): boolean => (!unit.opened || unit.opened <= date) && (!unit.closed || date < unit.closed);

export const parentOn = (unit: Unit, date: string | null): string | null => {
  let parent = unit.parentId;
  for (const move of [...(unit.moves ?? [])].sort((a, b) => a.on.localeCompare(b.on))) {
    if (date === null || move.on <= date) parent = move.parentId;
  }
  return parent;
};

/**
 * Turn a flat list of units into stored unit items: each with its current ancestors (root
 * first), its school count, and for every period the tree as it was on that period's date
 * (where a school sat, how many open schools a unit expects, by type and ownership).
 * Works for any depth; throws on unknown parents and cycles.
 */
export const buildUnitItems = (units: readonly Unit[], periods: readonly Pick<Period, 'id' | 'asOf' | 'dueOn'>[] = []): UnitItem[] => {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  if (byId.size !== units.length) throw new Error('Duplicate unit ids in the tree');
  const ancestorsOf = (unit: Unit, date: string | null): string[] => {
    const chain: string[] = [];
    let parentId = parentOn(unit, date);
    while (parentId !== null) {
      if (chain.includes(parentId) || parentId === unit.id) throw new Error(`Cycle in the tree at '${unit.id}'`);
      const parent = byId.get(parentId);
      if (!parent) throw new Error(`Unit '${unit.id}' names unknown parent '${parentId}'`);
      chain.unshift(parentId);
      parentId = parentOn(parent, date);
    }
    return chain;
  };
  const items: UnitItem[] = units.map((unit) => ({ ...unit, ancestors: ancestorsOf(unit, null), schoolCount: 0, periods: {} }));
  const itemById = new Map(items.map((item) => [item.id, item]));
  const current = items.filter((item) => isSchool(item) && !item.closed);
  for (const school of current) {
    school.schoolCount = 1;
    for (const ancestor of school.ancestors) (itemById.get(ancestor) as UnitItem).schoolCount++;
  }
  for (const period of periods) {
    const date = periodDate(period);
    for (const unit of units) {
      if (!isSchool(unit) || !existsOn(unit, date)) continue;
      const key = `${schoolType(unit.levels ?? [])}/${unit.ownership ?? 'public'}`;
      const ancestors = ancestorsOf(unit, date);
      for (const id of [unit.id, ...ancestors]) {
        const item = itemById.get(id) as UnitItem;
        const entry: UnitPeriod = item.periods[period.id] ?? {
          ancestors: id === unit.id ? ancestors : ancestorsOf(byId.get(id) as Unit, date),
          expected: 0,
          schools: {},
        };
        item.periods[period.id] = entry;
        entry.expected++;
        entry.schools[key] = (entry.schools[key] ?? 0) + 1;
      }
    }
    for (const unit of units) {
      const entry = isSchool(unit) ? itemById.get(unit.id)?.periods[period.id] : undefined;
      if (entry) entry.shards = entry.ancestors.map((id) => shardCount(itemById.get(id)?.periods[period.id]?.expected ?? 1));
    }
  }
  return items;
};

/** A school under an ancestor, with the periods it belongs there (for missing-school lists). */
export interface Membership {
  ancestorId: string;
  schoolId: string;
  schoolName: string;
  periods: string[];
}

/** Every (ancestor, school) pair of the tree over the given periods. */
export const memberships = (items: readonly UnitItem[]): Membership[] => {
  const out = new Map<string, Membership>();
  for (const item of items) {
    if (!isSchool(item)) continue;
    for (const [periodId, placement] of Object.entries(item.periods)) {
      for (const ancestorId of placement.ancestors) {
        const key = `${ancestorId}|${item.id}`;
        const entry = out.get(key) ?? { ancestorId, schoolId: item.id, schoolName: item.name, periods: [] };
        entry.periods.push(periodId);
        out.set(key, entry);
      }
    }
  }
  return [...out.values()];
};
