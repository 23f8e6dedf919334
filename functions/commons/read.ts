/** The read side: catalog, unit tree and rollups, each a plain function. */

import { indicatorView, rollupValues, versionChanges } from '../../domain/rollup.ts';
import type { RollupView } from '../../schemas/approval.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Catalog, Period } from '../../schemas/catalog.ts';
import type { RollupResponse } from '../../schemas/rollup.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { isSchool } from '../../schemas/unit.ts';
import { getApprovedAggregate, getApprovedVersion } from './approval-store.ts';
import { assertCanRead } from './auth.ts';
import { HttpError } from './http.ts';
import { type AggregateItem, getAggregate, getLatestFinalVersion, getUnit, listChildren, listMembers, listVersions } from './store.ts';

const unitSummary = (unit: UnitItem) => ({ id: unit.id, name: unit.name, kind: unit.kind });

export const requireUnit = async (tableName: string, unitId: string): Promise<UnitItem> => {
  const unit = await getUnit(tableName, unitId);
  if (!unit) throw new HttpError(404, `Không tìm thấy đơn vị "${unitId}"`);
  return unit;
};

export const requirePeriod = (catalog: Catalog, periodId: string): Period => {
  const period = catalog.periods.find((p) => p.id === periodId);
  if (!period) throw new HttpError(404, `Kỳ báo cáo "${periodId}" không tồn tại`);
  return period;
};

export const listTopUnits = async (tableName: string) => ({
  units: (await listChildren(tableName, null)).map(unitSummary),
});

export const describeUnit = async (tableName: string, unitId: string) => {
  const unit = await requireUnit(tableName, unitId);
  const children = await listChildren(tableName, unit.id);
  return {
    id: unit.id,
    name: unit.name,
    kind: unit.kind,
    parentId: unit.ancestors.at(-1) ?? null,
    ...(unit.levels ? { levels: unit.levels } : {}),
    ...(unit.ownership ? { ownership: unit.ownership } : {}),
    ancestors: unit.ancestors,
    schoolCount: unit.schoolCount,
    children: children.map(unitSummary),
  };
};

/** The rollup of one unit (an aggregate) or one school (its latest version), in one shape. */
export const rollupOf = async (
  tableName: string,
  catalog: Catalog,
  unit: UnitItem,
  period: Period,
  withMissing = true,
  view: RollupView = 'live',
): Promise<RollupResponse> => {
  const placement = unit.periods[period.id];
  const chain = [...(placement?.ancestors ?? unit.ancestors), unit.id];
  const base = { unitId: unit.id, name: unit.name, kind: unit.kind, period: period.id };
  if (isSchool(unit)) {
    const version = view === 'approved' ? await getApprovedVersion(tableName, unit.id, period.id) : await getLatestFinalVersion(tableName, unit.id, period.id);
    const values = version?.values ?? {};
    const group = unit.ownership ?? 'public';
    const indicators = indicatorView(catalog, rollupValues(catalog, values), { unitChain: chain, schoolYear: period.schoolYear, expected: 1, flags: values });
    return {
      ...base,
      indicators,
      completeness: {
        expected: placement ? 1 : 0,
        submitted: version ? 1 : 0,
        onTime: version && !version.late ? 1 : 0,
        late: version?.late ? 1 : 0,
        missing: placement && !version ? [{ id: unit.id, name: unit.name }] : [],
        lateSchools: version?.late ? [{ id: unit.id, name: unit.name }] : [],
      },
      schools: placement?.schools ?? {},
      breakdown: version ? { [group]: indicators } : {},
      updatedAt: version?.submittedAt ?? null,
    };
  }
  const [aggregate, members] = await Promise.all([
    view === 'approved' ? getApprovedAggregate(tableName, unit.id, period.id) : getAggregate(tableName, unit.id, period.id),
    withMissing ? listMembers(tableName, unit.id, period.id) : Promise.resolve([]),
  ]);
  return aggregateRollup(catalog, unit, period, aggregate, withMissing ? members : undefined);
};

/**
 * The rollup of a unit above the schools from its aggregate (already read), and the schools below
 * it when the missing and late schools are to be named.
 */
export const aggregateRollup = (
  catalog: Catalog,
  unit: UnitItem,
  period: Period,
  aggregate: AggregateItem,
  members?: readonly { id: string; name: string }[],
): RollupResponse => {
  const placement = unit.periods[period.id];
  const chain = [...(placement?.ancestors ?? unit.ancestors), unit.id];
  const base = { unitId: unit.id, name: unit.name, kind: unit.kind, period: period.id };
  const withMissing = members !== undefined;
  const expected = placement?.expected ?? 0;
  const submitted = new Set(aggregate.submittedSchools);
  const late = new Set(aggregate.lateSchools);
  const byName = (a: { name: string }, b: { name: string }): number => a.name.localeCompare(b.name, 'vi');
  const context = { unitChain: chain, schoolYear: period.schoolYear, expected };
  return {
    ...base,
    indicators: indicatorView(catalog, aggregate.sums, context),
    completeness: {
      expected,
      submitted: Math.min(aggregate.submitted, expected),
      onTime: aggregate.onTime,
      late: aggregate.late,
      missing: (members ?? []).filter((m) => !submitted.has(m.id)).sort(byName),
      ...(withMissing ? { lateSchools: members.filter((m) => late.has(m.id)).sort(byName) } : {}),
    },
    schools: placement?.schools ?? {},
    breakdown: Object.fromEntries(
      Object.entries(aggregate.groups).map(([group, sums]) => {
        const groupExpected = Object.entries(placement?.schools ?? {})
          .filter(([key]) => key.endsWith(`/${group}`))
          .reduce((acc, [, n]) => acc + n, 0);
        return [group, indicatorView(catalog, sums, { expected: groupExpected })];
      }),
    ),
    updatedAt: aggregate.updatedAt,
  };
};

export const readRollup = async (
  tableName: string,
  catalog: Catalog,
  claims: TokenClaims,
  unitId: string,
  periodId: string,
  view: RollupView = 'live',
): Promise<RollupResponse> => {
  const unit = await requireUnit(tableName, unitId);
  assertCanRead(claims, unit);
  return rollupOf(tableName, catalog, unit, requirePeriod(catalog, periodId), true, view);
};

/** Every version of a school's submission, with who, when, from where, and what changed. */
export const readSubmissions = async (tableName: string, catalog: Catalog, claims: TokenClaims, unitId: string, periodId: string) => {
  const unit = await requireUnit(tableName, unitId);
  assertCanRead(claims, unit);
  if (!isSchool(unit)) throw new HttpError(400, 'Chỉ trường học mới có các lần nộp báo cáo');
  const period = requirePeriod(catalog, periodId);
  const versions = await listVersions(tableName, unit.id, period.id);
  return {
    unitId: unit.id,
    period: period.id,
    versions: versions.map((v, i) => ({
      version: v.version,
      submissionId: v.submissionId,
      submittedBy: v.submittedBy,
      submittedAt: v.submittedAt,
      source: v.source,
      ...(v.imported ? { imported: true } : {}),
      late: v.late ?? false,
      ...(v.draft ? { draft: true } : {}),
      values: v.values,
      changes: versionChanges(versions[i - 1]?.values ?? {}, v.values),
    })),
  };
};

/** Drill-down: the same summary for each child of a unit. */
export const readChildren = async (tableName: string, catalog: Catalog, claims: TokenClaims, unitId: string, periodId: string) => {
  const unit = await requireUnit(tableName, unitId);
  assertCanRead(claims, unit);
  const period = requirePeriod(catalog, periodId);
  const children = await listChildren(tableName, unit.id);
  const open = children.filter((child) => child.periods[period.id] !== undefined);
  return {
    unitId: unit.id,
    period: period.id,
    children: await Promise.all(open.map((child) => rollupOf(tableName, catalog, child, period, false))),
  };
};
