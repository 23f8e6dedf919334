/**
 * The scale table of the office's own report (seed 000, table II.2.1): per level of education the
 * number of schools, of classes (nhóm, lớp) and of pupils, with public and private rows, a total
 * row ("Cộng"), two school years side by side and the change between them. Plain data in, rows out.
 */

/** What a rollup says about one unit in one period, as far as this table needs it. */
export interface ScaleSource {
  /** Open schools by `type/ownership`, e.g. `MN/private`, `TH&THCS/public`. */
  schools: Record<string, number>;
  /** Indicator values of the whole unit (null when not reported). */
  values: Record<string, number | null | undefined>;
  /** The same per ownership group: `public`, `private`. */
  groups: Record<string, Record<string, number | null | undefined>>;
}

/** Schools, classes and pupils of one row in one year (null: nothing reported). */
export type ScaleFigures = [schools: number, classes: number | null, pupils: number | null];

export interface ScaleRow {
  label: string;
  kind: 'level' | 'group' | 'total';
  previous: ScaleFigures | null;
  current: ScaleFigures;
  /** current − previous, per column (null where either side is missing). */
  change: [number | null, number | null, number | null] | null;
}

interface Level {
  label: string;
  classes: string;
  pupils: string;
  /** School types counted in this row (a TH&THCS school counts with THCS, as 000 does). */
  types: readonly string[];
}

const LEVELS: readonly Level[] = [
  { label: 'Mầm non', classes: 'mn_classes', pupils: 'mn_pupils', types: ['MN'] },
  { label: 'Tiểu học', classes: 'th_classes', pupils: 'th_pupils', types: ['TH'] },
  { label: 'THCS', classes: 'thcs_classes', pupils: 'thcs_pupils', types: ['THCS', 'TH&THCS'] },
];

const GROUPS = [
  { key: 'public', label: '- Công lập' },
  { key: 'private', label: '- Tư thục' },
] as const;

const count = (schools: Record<string, number>, types: readonly string[], ownership?: string): number =>
  Object.entries(schools)
    .filter(([key]) => {
      const [type = '', group = ''] = key.split('/');
      return types.includes(type) && (ownership === undefined || group === ownership);
    })
    .reduce((sum, [, n]) => sum + n, 0);

const num = (value: number | null | undefined): number | null => (typeof value === 'number' ? value : null);

const diff = (a: ScaleFigures | null, b: ScaleFigures): ScaleRow['change'] =>
  a ? [b[0] - a[0], a[1] === null || b[1] === null ? null : b[1] - a[1], a[2] === null || b[2] === null ? null : b[2] - a[2]] : null;

/**
 * The rows of table II.2.1 for a unit: each level that has schools in either year, followed by its
 * public and private rows when it has private schools in either year (000 shows them for
 * preschool and primary only), and the total.
 */
export const scaleRows = (current: ScaleSource, previous: ScaleSource | null): ScaleRow[] => {
  const rows: ScaleRow[] = [];
  const push = (label: string, kind: ScaleRow['kind'], figures: (s: ScaleSource) => ScaleFigures): void => {
    const now = figures(current);
    const before = previous ? figures(previous) : null;
    rows.push({ label, kind, previous: before, current: now, change: diff(before, now) });
  };
  for (const level of LEVELS) {
    const schoolsIn = (s: ScaleSource | null, group?: string): number => (s ? count(s.schools, level.types, group) : 0);
    if (schoolsIn(current) + schoolsIn(previous) === 0) continue;
    push(level.label, 'level', (s) => [count(s.schools, level.types), num(s.values[level.classes]), num(s.values[level.pupils])]);
    if (schoolsIn(current, 'private') + schoolsIn(previous, 'private') === 0) continue;
    for (const group of GROUPS) {
      push(group.label, 'group', (s) => [
        count(s.schools, level.types, group.key),
        num(s.groups[group.key]?.[level.classes]) ?? (count(s.schools, level.types, group.key) === 0 ? 0 : null),
        num(s.groups[group.key]?.[level.pupils]) ?? (count(s.schools, level.types, group.key) === 0 ? 0 : null),
      ]);
    }
  }
  push('Cộng', 'total', (s) => [Object.values(s.schools).reduce((a, b) => a + b, 0), num(s.values.classes), num(s.values.pupils)]);
  return rows;
};
