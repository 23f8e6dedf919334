/**
 * Everything one dashboard page shows, read once per request: the unit and its rollup for the
 * period, each period's state, the children, the figures over the school years, a school's
 * submission history, and who asked for a link to be sent again.
 */
import { type ApprovalStatus, schoolStatus, unitStatus } from '../../domain/approval.ts';
import { dueDateFor } from '../../domain/periods.ts';
import { vietnamDate } from '../../domain/vietnam-time.ts';
import type { TokenClaims } from '../../schemas/auth.ts';
import type { Catalog, Indicator, Period } from '../../schemas/catalog.ts';
import type { RollupResponse } from '../../schemas/rollup.ts';
import { isSchool, type UnitItem } from '../../schemas/unit.ts';
import { batchGet, getApprovalState } from '../commons/approval-store.ts';
import { HttpError } from '../commons/http.ts';
import { keys } from '../commons/keys.ts';
import { readSubmissions, rollupOf } from '../commons/read.ts';
import { submittedCount, type YearPoint, yearSeries } from '../commons/report.ts';
import { getUnit, listChildren } from '../commons/store.ts';
import { latestResends, type Resend } from './resend.ts';

export type PeriodState = 'notOpen' | 'open' | 'overdue' | 'complete';

export interface PeriodTab {
  period: Period;
  state: PeriodState;
  submitted: number;
  expected: number;
  dueOn: string;
}

export type RateIndicator = Extract<Indicator, { kind: 'rate' }>;

export const SORT_KEYS = ['name', 'submitted', 'classes', 'pupils', 'rate'] as const;
export type SortKey = (typeof SORT_KEYS)[number];

export interface DashboardQuery {
  unit?: string;
  period?: string;
  rate?: string;
  sort?: string;
  dir?: string;
  resent?: string;
}

export interface DashboardModel {
  catalog: Catalog;
  claims: TokenClaims;
  unit: UnitItem;
  /** From the leader's own unit down to this one. */
  trail: { id: string; name: string }[];
  period: Period;
  tabs: PeriodTab[];
  rollup: RollupResponse;
  children: RollupResponse[];
  sort: { key: SortKey; dir: 'asc' | 'desc' };
  rate: RateIndicator | undefined;
  rates: RateIndicator[];
  years: YearPoint[];
  history: Awaited<ReturnType<typeof readSubmissions>> | null;
  resends: Map<string, Resend>;
  resent: string | undefined;
  /** The unit's approval (issue 13): its status and the last decision, and each child's status. */
  approval: Approval;
  childApprovals: Map<string, ApprovalStatus>;
  now: Date;
}

export interface Approval {
  status: ApprovalStatus;
  decidedBy?: string;
  decidedAt?: string;
  comment?: string;
}

type Decision = { decision: 'approved' | 'returned' | 'withdrawn' | 'none'; version?: number };

/** The latest complete version of each school (0: none), from the submission heads. */
const latestVersions = async (tableName: string, schoolIds: readonly string[], period: string): Promise<Map<string, number>> => {
  const heads =
    schoolIds.length > 0
      ? await batchGet(
          tableName,
          schoolIds.map((id) => keys.submissionHead(id, period)),
        )
      : [];
  const byPk = new Map(heads.map((item) => [String(item.pk), typeof item.latestVersion === 'number' ? item.latestVersion : 0]));
  return new Map(schoolIds.map((id) => [id, byPk.get(keys.submissionHead(id, period).pk) ?? 0]));
};

/** The approval status of a unit and of its children, as `GET /api/units/{id}/approvals/{period}` computes it. */
const approvalsOf = async (
  tableName: string,
  unit: UnitItem,
  period: Period,
  rollup: RollupResponse,
  children: readonly { unit: UnitItem; rollup: RollupResponse }[],
): Promise<{ approval: Approval; children: Map<string, ApprovalStatus> }> => {
  const schools = [...children.map((c) => c.unit), unit].filter(isSchool).map((u) => u.id);
  const [state, states, versions] = await Promise.all([
    getApprovalState(tableName, unit.id, period.id),
    children.length > 0
      ? batchGet(
          tableName,
          children.map((c) => keys.approval(c.unit.id, period.id)),
        )
      : Promise.resolve([]),
    latestVersions(tableName, schools, period.id),
  ]);
  const stateOf = new Map(states.map((item) => [String(item.unitId), item as unknown as Decision]));
  const statusOf = (u: UnitItem, r: RollupResponse, s: Decision | undefined): ApprovalStatus =>
    isSchool(u) ? schoolStatus(s, versions.get(u.id) ?? 0) : unitStatus(s, r.completeness.submitted, r.completeness.expected);
  const decided = state && state.decision !== 'none' ? { decidedBy: state.decidedBy, decidedAt: state.decidedAt, comment: state.comment } : {};
  return {
    approval: { status: statusOf(unit, rollup, state), ...decided },
    children: new Map(children.map((c) => [c.unit.id, statusOf(c.unit, c.rollup, stateOf.get(c.unit.id))])),
  };
};

/** The state of a period for a unit, as the switcher shows it. */
export const periodState = (period: Period, due: string, submitted: number, expected: number, today: string): PeriodState => {
  if (today < period.opensOn) return 'notOpen';
  if (expected > 0 && submitted >= expected) return 'complete';
  return today <= due ? 'open' : 'overdue';
};

/** A fixed order for the children table (name, completeness, classes, pupils or the chosen rate). */
export const sortChildren = (children: RollupResponse[], key: SortKey, dir: 'asc' | 'desc', rate: string | undefined): RollupResponse[] => {
  const value = (c: RollupResponse): number | string | null => {
    if (key === 'name') return c.name;
    if (key === 'submitted') return c.completeness.expected === 0 ? null : c.completeness.submitted / c.completeness.expected;
    if (key === 'rate') return rate ? (c.indicators[rate]?.value ?? null) : null;
    return c.indicators[key]?.value ?? null;
  };
  const sign = dir === 'asc' ? 1 : -1;
  return [...children].sort((a, b) => {
    const va = value(a);
    const vb = value(b);
    if (va === null || vb === null) return va === vb ? a.name.localeCompare(b.name, 'vi') : va === null ? 1 : -1;
    const order = typeof va === 'string' || typeof vb === 'string' ? String(va).localeCompare(String(vb), 'vi') : va - vb;
    return order * sign || a.name.localeCompare(b.name, 'vi');
  });
};

const chainOf = (unit: UnitItem, period: Period): string[] => [...(unit.periods[period.id]?.ancestors ?? unit.ancestors), unit.id];

export const loadDashboard = async (
  tableName: string,
  catalog: Catalog,
  claims: TokenClaims,
  unit: UnitItem,
  query: DashboardQuery,
  now: Date,
): Promise<DashboardModel> => {
  const today = vietnamDate(now);
  const periods = catalog.periods.filter((p) => unit.periods[p.id] !== undefined);
  if (periods.length === 0) throw new HttpError(404, 'Đơn vị chưa có kỳ báo cáo nào');
  const counts = await Promise.all(periods.map((p) => submittedCount(tableName, unit, p.id)));
  const tabs: PeriodTab[] = periods.map((period, i) => {
    const expected = unit.periods[period.id]?.expected ?? 0;
    const dueOn = dueDateFor(period, chainOf(unit, period));
    return { period, dueOn, expected, submitted: counts[i] ?? 0, state: periodState(period, dueOn, counts[i] ?? 0, expected, today) };
  });
  // The asked period; else the latest open one with reports; else the latest open one.
  const opened = tabs.filter((t) => t.state !== 'notOpen');
  const tab = tabs.find((t) => t.period.id === query.period) ?? [...opened].reverse().find((t) => t.submitted > 0) ?? opened.at(-1) ?? (tabs[0] as PeriodTab);
  const period = tab.period;

  const school = isSchool(unit);
  const [rollup, childUnits, years, history, resends, trail] = await Promise.all([
    rollupOf(tableName, catalog, unit, period),
    school ? Promise.resolve([]) : listChildren(tableName, unit.id),
    yearSeries(tableName, catalog, unit, period),
    school ? readSubmissions(tableName, catalog, claims, unit.id, period.id) : Promise.resolve(null),
    latestResends(tableName, period.id),
    trailOf(tableName, claims, unit),
  ]);
  const open = childUnits.filter((c) => c.periods[period.id] !== undefined);
  const children = await Promise.all(open.map((c) => rollupOf(tableName, catalog, c, period, false)));
  const approvals = await approvalsOf(
    tableName,
    unit,
    period,
    rollup,
    open.map((c, i) => ({ unit: c, rollup: children[i] as RollupResponse })),
  );

  // Rates that have figures here, in catalog order; the chosen one, else the first with a target.
  const rates = catalog.indicators.filter((i): i is RateIndicator => i.kind === 'rate' && (rollup.indicators[i.code]?.denominator ?? 0) > 0);
  const targeted = rates.filter((r) => rollup.indicators[r.code]?.target);
  const rate = rates.find((r) => r.code === query.rate) ?? targeted.find((r) => r.scale === 'percent') ?? targeted[0] ?? rates[0];
  const key = (SORT_KEYS as readonly string[]).includes(query.sort ?? '') ? (query.sort as SortKey) : 'name';
  const dir = query.dir === 'desc' ? 'desc' : 'asc';
  return {
    catalog,
    claims,
    unit,
    trail,
    period,
    tabs,
    rollup,
    children: sortChildren(children, key, dir, rate?.code),
    sort: { key, dir },
    rate,
    rates,
    years,
    history,
    resends,
    resent: query.resent,
    approval: approvals.approval,
    childApprovals: approvals.children,
    now,
  };
};

/** The units from the leader's own down to this one, for the breadcrumb. */
const trailOf = async (tableName: string, claims: TokenClaims, unit: UnitItem): Promise<{ id: string; name: string }[]> => {
  const start = unit.ancestors.indexOf(claims.unit);
  const ids = start >= 0 ? unit.ancestors.slice(start) : [];
  const units = await Promise.all(ids.map((id) => getUnit(tableName, id)));
  return [...units.filter((u): u is UnitItem => u !== undefined).map((u) => ({ id: u.id, name: u.name })), { id: unit.id, name: unit.name }];
};

/** A small fingerprint of what the page shows, for the live poll: it changes whenever the rollup does. */
export const liveStamp = async (tableName: string, catalog: Catalog, unit: UnitItem, period: Period): Promise<string> => {
  const [rollup, resends, approval] = await Promise.all([
    rollupOf(tableName, catalog, unit, period, false),
    latestResends(tableName, period.id),
    getApprovalState(tableName, unit.id, period.id),
  ]);
  return [rollup.updatedAt ?? '', rollup.completeness.submitted, resends.size, approval?.rev ?? 0].join('|');
};
