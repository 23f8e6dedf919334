/**
 * What the form says about the lower-secondary assessment scale of a school year: which
 * regulation each grade followed (catalog data: `assessmentScales`, phased in grade by grade), and
 * the rating names that the result fields count that year.
 */
import type { AssessmentScale } from '../../schemas/catalog.ts';

const GRADES = ['6', '7', '8', '9'];

/** The scale a grade followed in a school year: the one that grade adopted most recently, not later than that year. */
const scaleOf = (scales: readonly AssessmentScale[], grade: string, schoolYear: string): AssessmentScale | undefined =>
  scales
    .filter((s) => (s.from[grade] ?? '9999') <= schoolYear)
    .sort((a, b) => (b.from[grade] ?? '').localeCompare(a.from[grade] ?? ''))
    .at(0);

/** The scales in force in a school year, each with its grades (in grade order). */
export const scalesInForce = (scales: readonly AssessmentScale[], schoolYear: string): { scale: AssessmentScale; grades: string[] }[] => {
  const out: { scale: AssessmentScale; grades: string[] }[] = [];
  for (const grade of GRADES) {
    const scale = scaleOf(scales, grade, schoolYear);
    if (!scale) continue;
    const entry = out.find((e) => e.scale.id === scale.id);
    if (entry) entry.grades.push(grade);
    else out.push({ scale, grades: [grade] });
  }
  return out;
};

/**
 * The result fields and the rating they count on every scale: the top rating, the second, and the
 * fourth (Yếu under Circular 58/2011, Chưa đạt under Circular 22/2021), as the catalog describes them.
 */
const RATED: Record<string, number> = { thcs_good: 0, thcs_fair: 1, thcs_weak: 3 };

const gradesText = (grades: string[]): string => `lớp ${grades.join(', ')}`;

/**
 * The note of the results section and the labels of the rated fields and their rates for a school
 * year, e.g. "Học sinh xếp loại Tốt (lớp 6, 7) hoặc Giỏi (lớp 8, 9)".
 */
export const assessmentWording = (
  scales: readonly AssessmentScale[],
  rates: readonly { code: string; numerator: string }[],
  schoolYear: string,
): { notes: string[]; labels: Record<string, string> } | undefined => {
  const inForce = scalesInForce(scales, schoolYear);
  if (inForce.length === 0) return undefined;
  const notes = [
    `Xếp loại học sinh năm học ${schoolYear}:`,
    ...inForce.map(({ scale, grades }) => `${gradesText(grades)} theo ${scale.regulation}: ${scale.ratings.map((r) => r.label).join(' / ')}`),
  ];
  const labels: Record<string, string> = {};
  for (const [code, index] of Object.entries(RATED)) {
    const names = inForce.map(({ scale, grades }) => ({ name: scale.ratings[index]?.label ?? '', grades }));
    const rating = names.length === 1 ? `${names[0]?.name}` : names.map(({ name, grades }) => `${name} (${gradesText(grades)})`).join(' hoặc ');
    labels[code] = `Học sinh xếp loại ${rating}`;
    for (const rate of rates.filter((r) => r.numerator === code)) labels[rate.code] = `Tỷ lệ xếp loại ${rating}`;
  }
  return { notes, labels };
};
