/**
 * Who gets reminded of what, as plain rules over the unit tree (any depth: only parents count,
 * never a level's position or name).
 * - The monthly digest: each calendar item to its audience below the office whose calendar it is:
 *   the office itself, the units that have schools directly below them ("wards"), or the schools
 *   (of a level).
 * - Before a due date: each school that has not submitted.
 * - After it: every unit above a late school, the direct parent with the names of its late schools
 *   and each unit higher up with the count per unit of the level just below it.
 */
import type { CalendarItem } from '../schemas/calendar.ts';
import type { Period } from '../schemas/catalog.ts';
import { isSchool, type UnitItem } from '../schemas/unit.ts';

export interface NotificationDraft {
  recipientId: string;
  title: string;
  lines: string[];
  link?: string;
}

/** A date as Vietnamese write it: 20/10/2022. */
export const vietnameseDate = (iso: string): string => `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;

/** A unit's current parent (the last of its ancestors). */
const parentOf = (unit: Pick<UnitItem, 'ancestors'>): string | undefined => unit.ancestors.at(-1);

/** The digest of one month of an office's calendar, one note per recipient. `below`: every unit below the office. */
export const digestNotes = (officeId: string, month: string, items: readonly CalendarItem[], below: readonly UnitItem[]): NotificationDraft[] => {
  const schools = below.filter(isSchool);
  const parentsOfSchools = new Set(schools.map(parentOf));
  const wards = below.filter((unit) => !isSchool(unit) && parentsOfSchools.has(unit.id));
  const title = `Công việc tháng ${Number(month.slice(5))}/${month.slice(0, 4)}`;
  const notes = new Map<string, NotificationDraft>();
  const add = (recipientId: string, text: string): void => {
    const note = notes.get(recipientId) ?? { recipientId, title, lines: [] };
    note.lines.push(text);
    notes.set(recipientId, note);
  };
  for (const item of items.filter((i) => i.month === month)) {
    const text = item.date ? `${item.text} (ngày ${vietnameseDate(item.date)})` : item.text;
    if (item.audience === 'office') add(officeId, text);
    else if (item.audience === 'wards') for (const ward of wards) add(ward.id, text);
    else {
      const level = item.audience.split(':')[1];
      for (const school of schools) if (!level || school.levels?.includes(level as 'MN' | 'TH' | 'THCS')) add(school.id, text);
    }
  }
  return [...notes.values()];
};

/** The reminder of a school that has not submitted, `daysBefore` its due date. */
export const deadlineNote = (schoolId: string, period: Pick<Period, 'label'>, due: string, daysBefore: number): NotificationDraft => {
  const when = daysBefore === 0 ? 'Hôm nay là hạn cuối' : `Còn ${daysBefore} ngày đến hạn`;
  return {
    recipientId: schoolId,
    title: `Nhắc nộp báo cáo ${period.label}`,
    lines: [`${when} nộp báo cáo ${period.label} (hạn ${vietnameseDate(due)}). Trường chưa nộp báo cáo kỳ này.`],
  };
};

/**
 * After the due date: for every unit above a late school, the late schools below it, grouped by
 * its child on their chain. The direct parent lists the schools by name; a unit higher up gets
 * the count per child unit. `late`: the late schools with their ancestors in the period;
 * `nameOf`: the names of the units involved.
 */
export const lateNotes = (
  period: Pick<Period, 'label'>,
  late: readonly { id: string; name: string; ancestors: readonly string[] }[],
  nameOf: (unitId: string) => string,
): NotificationDraft[] => {
  const below = new Map<string, Map<string, string[]>>();
  for (const school of late) {
    const chain = [...school.ancestors, school.id];
    school.ancestors.forEach((ancestorId, i) => {
      const byChild = below.get(ancestorId) ?? new Map<string, string[]>();
      const child = chain[i + 1] as string;
      byChild.set(child, [...(byChild.get(child) ?? []), school.name]);
      below.set(ancestorId, byChild);
    });
  }
  const schoolIds = new Set(late.map((s) => s.id));
  return [...below].map(([recipientId, byChild]) => {
    const direct = [...byChild].filter(([child]) => schoolIds.has(child)).flatMap(([, names]) => names);
    const counts = [...byChild].filter(([child]) => !schoolIds.has(child)).map(([child, names]) => `${nameOf(child)}: ${names.length} trường`);
    return {
      recipientId,
      title: direct.length > 0 ? `Đơn vị chưa nộp báo cáo ${period.label}` : `Số trường nộp muộn báo cáo ${period.label}`,
      lines: [...direct, ...counts],
    };
  });
};
