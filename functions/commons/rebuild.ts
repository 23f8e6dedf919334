/**
 * Recompute aggregates from the stored school versions and compare them with what the live
 * rollup wrote. The repair tool: `--fix` rewrites the aggregates (and the APPLIED markers) from the
 * recomputation. Run it when the pipeline is quiet; schools whose latest version is not applied
 * yet are reported as pending, not as differences.
 */
import { GetCommand, PutCommand, ScanCommand } from '@aws-sdk/lib-dynamodb';
import { addInto, MAX_SHARDS, rollupValues } from '../../domain/rollup.ts';
import { toVietnamIso } from '../../domain/vietnam-time.ts';
import type { Catalog } from '../../schemas/catalog.ts';
import type { Values } from '../../schemas/submission.ts';
import { isSchool, type UnitItem, UnitItemSchema } from '../../schemas/unit.ts';
import { documentClient } from './clients.ts';
import { GROUP_SEPARATOR, keys, VALUE_PREFIX } from './keys.ts';
import { type AggregateItem, batchWriteAll, getAggregate, getHead, getSubmissionVersion } from './store.ts';

export interface Difference {
  unitId: string;
  field: string;
  stored: unknown;
  recomputed: unknown;
}

export interface RebuildReport {
  period: string;
  units: number;
  schools: number;
  pending: string[];
  differences: Difference[];
  fixed: number;
}

const scanUnits = async (tableName: string): Promise<UnitItem[]> => {
  const units: UnitItem[] = [];
  let start: Record<string, unknown> | undefined;
  do {
    const answer = await documentClient.send(
      new ScanCommand({
        TableName: tableName,
        FilterExpression: '#t = :unit',
        ExpressionAttributeNames: { '#t': 'type' },
        ExpressionAttributeValues: { ':unit': 'Unit' },
        ExclusiveStartKey: start,
      }),
    );
    for (const item of answer.Items ?? []) units.push(UnitItemSchema.parse(item));
    start = answer.LastEvaluatedKey;
  } while (start);
  return units;
};

type Expected = Pick<AggregateItem, 'sums' | 'groups' | 'submitted' | 'onTime' | 'late'> & { schools: Set<string>; lateSchools: Set<string> };

const numbersDiffer = (a: Values, b: Values): string[] =>
  [...new Set([...Object.keys(a), ...Object.keys(b)])].filter((code) => (a[code] ?? 0) !== (b[code] ?? 0)).sort();

export const rebuild = async (
  tableName: string,
  catalog: Catalog,
  periodId: string,
  options: { unitId?: string; fix?: boolean; onProgress?: (done: number, total: number) => void } = {},
): Promise<RebuildReport> => {
  if (!catalog.periods.some((p) => p.id === periodId)) throw new Error(`Unknown period ${periodId}`);
  const units = await scanUnits(tableName);
  const inScope = (unit: UnitItem): boolean => {
    const placement = unit.periods[periodId];
    return placement !== undefined && (!options.unitId || unit.id === options.unitId || placement.ancestors.includes(options.unitId));
  };
  const schools = units.filter((u) => isSchool(u) && inScope(u));
  const aggregates = units.filter((u) => !isSchool(u) && inScope(u));
  const expected = new Map<string, Expected>(
    aggregates.map((u) => [u.id, { sums: {}, groups: {}, submitted: 0, onTime: 0, late: 0, schools: new Set(), lateSchools: new Set() }]),
  );
  const pending: string[] = [];
  const latestBySchool = new Map<string, { version: number; values: Values }>();
  let done = 0;
  for (const school of schools) {
    const [head, applied] = await Promise.all([
      getHead(tableName, school.id, periodId),
      documentClient.send(new GetCommand({ TableName: tableName, Key: keys.applied(school.id, periodId), ConsistentRead: true })),
    ]);
    options.onProgress?.(++done, schools.length);
    // Only final versions count; drafts are never rolled up.
    const final = head.latestFinal > 0 ? await getSubmissionVersion(tableName, school.id, periodId, head.latestFinal) : undefined;
    if (!final) continue;
    const latest = { version: final.version, values: rollupValues(catalog, final.values) };
    if ((applied.Item?.version ?? 0) < latest.version) pending.push(school.id);
    latestBySchool.set(school.id, latest);
    const first = head.firstFinal === final.version ? final : await getSubmissionVersion(tableName, school.id, periodId, head.firstFinal);
    const group = school.ownership ?? 'public';
    for (const ancestor of school.periods[periodId]?.ancestors ?? []) {
      const e = expected.get(ancestor);
      if (!e) continue;
      addInto(e.sums, latest.values);
      e.groups[group] ??= {};
      addInto(e.groups[group], latest.values);
      e.submitted++;
      if (first?.late) {
        e.late++;
        e.lateSchools.add(school.id);
      } else e.onTime++;
      e.schools.add(school.id);
    }
  }
  const differences: Difference[] = [];
  let fixed = 0;
  for (const unit of aggregates) {
    const want = expected.get(unit.id) as Expected;
    const have = await getAggregate(tableName, unit.id, periodId, true);
    const diffs: Difference[] = [];
    for (const code of numbersDiffer(have.sums, want.sums))
      diffs.push({ unitId: unit.id, field: code, stored: have.sums[code] ?? 0, recomputed: want.sums[code] ?? 0 });
    for (const group of new Set([...Object.keys(have.groups), ...Object.keys(want.groups)])) {
      for (const code of numbersDiffer(have.groups[group] ?? {}, want.groups[group] ?? {})) {
        diffs.push({
          unitId: unit.id,
          field: `${code}${GROUP_SEPARATOR}${group}`,
          stored: have.groups[group]?.[code] ?? 0,
          recomputed: want.groups[group]?.[code] ?? 0,
        });
      }
    }
    for (const field of ['submitted', 'onTime', 'late'] as const)
      if (have[field] !== want[field]) diffs.push({ unitId: unit.id, field, stored: have[field], recomputed: want[field] });
    const storedSchools = [...have.submittedSchools].sort();
    const wantSchools = [...want.schools].sort();
    if (storedSchools.join() !== wantSchools.join())
      diffs.push({ unitId: unit.id, field: 'submittedSchools', stored: storedSchools.length, recomputed: wantSchools.length });
    const storedLate = [...have.lateSchools].sort();
    const wantLate = [...want.lateSchools].sort();
    if (storedLate.join() !== wantLate.join()) diffs.push({ unitId: unit.id, field: 'lateSchools', stored: storedLate.length, recomputed: wantLate.length });
    differences.push(...diffs);
    if (options.fix && diffs.length > 0) {
      const item: Record<string, unknown> = {
        ...keys.aggregate(unit.id, periodId),
        type: 'Aggregate',
        unitId: unit.id,
        period: periodId,
        updatedAt: toVietnamIso(new Date()),
        submitted: want.submitted,
        onTime: want.onTime,
        late: want.late,
      };
      if (want.schools.size > 0) item.submittedSchools = want.schools;
      if (want.lateSchools.size > 0) item.lateSchools = want.lateSchools;
      for (const [code, value] of Object.entries(want.sums)) item[`${VALUE_PREFIX}${code}`] = value;
      for (const [group, sums] of Object.entries(want.groups))
        for (const [code, value] of Object.entries(sums)) item[`${VALUE_PREFIX}${code}${GROUP_SEPARATOR}${group}`] = value;
      await documentClient.send(new PutCommand({ TableName: tableName, Item: item }));
      // Everything now sits in shard 0; the other shards go.
      await batchWriteAll(
        tableName,
        Array.from({ length: MAX_SHARDS - 1 }, (_, i) => ({ DeleteRequest: { Key: keys.aggregate(unit.id, periodId, i + 1) } })),
      );
      fixed++;
    }
  }
  if (options.fix) {
    // The markers must say what the aggregates now hold, or the next event would apply a stale delta.
    for (const [schoolId, latest] of latestBySchool) {
      const school = schools.find((s) => s.id === schoolId) as UnitItem;
      await documentClient.send(
        new PutCommand({
          TableName: tableName,
          Item: {
            ...keys.applied(schoolId, periodId),
            type: 'RepairedVersion',
            schoolId,
            period: periodId,
            version: latest.version,
            values: latest.values,
            ancestors: school.periods[periodId]?.ancestors ?? [],
            changed: [],
            appliedAt: toVietnamIso(new Date()),
          },
        }),
      );
    }
  }
  return { period: periodId, units: aggregates.length, schools: schools.length, pending, differences, fixed };
};
