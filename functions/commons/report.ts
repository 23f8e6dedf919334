/**
 * What the dashboard and the exports read beyond one rollup: which period of last school year to
 * compare with, a unit's figures over the school years, and every school's completeness status.
 */
import type { ScaleSource } from '../../domain/scale-table.ts';
import type { Catalog, Period } from '../../schemas/catalog.ts';
import type { RollupResponse } from '../../schemas/rollup.ts';
import { isSchool, type UnitItem } from '../../schemas/unit.ts';
import { rollupOf } from './read.ts';
import { getAggregate, getLatestVersionNumber, listMembers } from './store.ts';

/** How many schools have reported for a unit in a period (a school: 1 once it has a version). */
export const submittedCount = async (tableName: string, unit: UnitItem, periodId: string): Promise<number> =>
  isSchool(unit) ? Math.min(1, await getLatestVersionNumber(tableName, unit.id, periodId)) : (await getAggregate(tableName, unit.id, periodId)).submitted;

/** A school year's periods, latest due date first (end of year, semester 1, start, plan). */
const latestFirst = (catalog: Catalog, schoolYear: string): Period[] =>
  catalog.periods.filter((p) => p.schoolYear === schoolYear).sort((a, b) => b.dueOn.localeCompare(a.dueOn));

/**
 * The period of a school year that stands for it: the latest one with reports for the unit (what
 * 000 calls "thực hiện năm học"), or undefined when the unit has no report that year.
 */
export const periodWithData = async (tableName: string, catalog: Catalog, unit: UnitItem, schoolYear: string): Promise<Period | undefined> => {
  const candidates = latestFirst(catalog, schoolYear).filter((p) => unit.periods[p.id] !== undefined);
  const counts = await Promise.all(candidates.map((p) => submittedCount(tableName, unit, p.id)));
  return candidates.find((_, i) => (counts[i] ?? 0) > 0);
};

/** The school year before `2022-2023` is `2021-2022`. */
export const previousSchoolYear = (schoolYear: string): string => {
  const start = Number(schoolYear.slice(0, 4));
  return `${start - 1}-${start}`;
};

/** The rollup of the same unit last school year, in the period that stands for that year. */
export const comparisonRollup = async (
  tableName: string,
  catalog: Catalog,
  unit: UnitItem,
  period: Period,
): Promise<{ period: Period; rollup: RollupResponse } | null> => {
  const previous = await periodWithData(tableName, catalog, unit, previousSchoolYear(period.schoolYear));
  return previous ? { period: previous, rollup: await rollupOf(tableName, catalog, unit, previous, false) } : null;
};

export interface YearPoint {
  schoolYear: string;
  period: Period;
  rollup: RollupResponse;
}

/**
 * A unit over the school years up to the chosen period's: the chosen period for its own year, the
 * period that stands for each earlier year (years without any report are left out).
 */
export const yearSeries = async (tableName: string, catalog: Catalog, unit: UnitItem, period: Period): Promise<YearPoint[]> => {
  const years = [...new Set(catalog.periods.map((p) => p.schoolYear))].filter((y) => y < period.schoolYear).sort();
  const points = await Promise.all(
    years.map(async (schoolYear) => {
      const chosen = await periodWithData(tableName, catalog, unit, schoolYear);
      return chosen ? { schoolYear, period: chosen, rollup: await rollupOf(tableName, catalog, unit, chosen, false) } : undefined;
    }),
  );
  const current = { schoolYear: period.schoolYear, period, rollup: await rollupOf(tableName, catalog, unit, period, false) };
  return [...points.filter((p): p is YearPoint => p !== undefined), current];
};

/** A rollup in the shape of the scale table's source. */
export const scaleSourceOf = (rollup: RollupResponse): ScaleSource => ({
  schools: rollup.schools,
  values: Object.fromEntries(Object.entries(rollup.indicators).map(([code, v]) => [code, v.value])),
  groups: Object.fromEntries(
    Object.entries(rollup.breakdown).map(([group, indicators]) => [group, Object.fromEntries(Object.entries(indicators).map(([c, v]) => [c, v.value]))]),
  ),
});

export type SchoolStatus = 'onTime' | 'late' | 'missing';

/** Every school expected of a unit in a period, by name, with its status (needs a rollup read with its missing list). */
export const schoolStatuses = async (
  tableName: string,
  unit: UnitItem,
  periodId: string,
  rollup: RollupResponse,
): Promise<{ id: string; name: string; status: SchoolStatus }[]> => {
  const members = isSchool(unit) ? (unit.periods[periodId] ? [{ id: unit.id, name: unit.name }] : []) : await listMembers(tableName, unit.id, periodId);
  const missing = new Set(rollup.completeness.missing.map((s) => s.id));
  const late = new Set((rollup.completeness.lateSchools ?? []).map((s) => s.id));
  const rank: Record<SchoolStatus, number> = { missing: 0, late: 1, onTime: 2 };
  return members
    .map((m) => ({ ...m, status: (missing.has(m.id) ? 'missing' : late.has(m.id) ? 'late' : 'onTime') as SchoolStatus }))
    .sort((a, b) => rank[a.status] - rank[b.status] || a.name.localeCompare(b.name, 'vi'));
};
