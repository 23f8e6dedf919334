/** The read side: catalog, unit tree and rollups, each a plain function. */
import type { Catalog } from '../../schemas/catalog.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { RollupResponse } from '../../schemas/rollup.ts';
import type { UnitItem } from '../../schemas/unit.ts';
import { isSchool } from '../../schemas/unit.ts';
import { indicatorView } from '../../domain/rollup.ts';
import { assertCanRead } from '../commons/auth.ts';
import { HttpError } from '../commons/http.ts';
import { getAggregate, getLatestVersionNumber, getSubmissionVersion, getUnit, listChildren } from '../commons/store.ts';

const unitSummary = (unit: UnitItem) => ({ id: unit.id, name: unit.name, kind: unit.kind });

export const requireUnit = async (tableName: string, unitId: string): Promise<UnitItem> => {
  const unit = await getUnit(tableName, unitId);
  if (!unit) throw new HttpError(404, `Không tìm thấy đơn vị "${unitId}"`);
  return unit;
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
    parentId: unit.parentId,
    ...(unit.levels ? { levels: unit.levels } : {}),
    ...(unit.ownership ? { ownership: unit.ownership } : {}),
    schoolCount: unit.schoolCount,
    children: children.map(unitSummary),
  };
};

export const readRollup = async (
  tableName: string,
  catalog: Catalog,
  claims: TokenClaims,
  unitId: string,
  periodId: string,
): Promise<RollupResponse> => {
  const unit = await requireUnit(tableName, unitId);
  assertCanRead(claims, unit);
  if (!catalog.periods.some((period) => period.id === periodId)) {
    throw new HttpError(404, `Kỳ báo cáo "${periodId}" không tồn tại`);
  }
  if (isSchool(unit)) {
    const latest = await getLatestVersionNumber(tableName, unit.id, periodId);
    const version = latest > 0 ? await getSubmissionVersion(tableName, unit.id, periodId, latest) : undefined;
    return {
      unitId: unit.id,
      period: periodId,
      indicators: indicatorView(catalog, version?.values ?? {}),
      completeness: { expected: 1, submitted: version ? 1 : 0 },
      updatedAt: version?.submittedAt ?? null,
    };
  }
  const aggregate = await getAggregate(tableName, unit.id, periodId);
  return {
    unitId: unit.id,
    period: periodId,
    indicators: indicatorView(catalog, aggregate.sums),
    completeness: { expected: unit.schoolCount, submitted: aggregate.submitted },
    updatedAt: aggregate.updatedAt,
  };
};
