import type { z } from 'zod';
import type { CrossFieldRuleSchema, IndicatorSchema } from '../schemas/catalog.ts';

type IndicatorInput = z.input<typeof IndicatorSchema>;
type RuleInput = z.input<typeof CrossFieldRuleSchema>;

const ALL = ['MN', 'TH', 'THCS'] as const;

const S = {
  scale: 'Quy mô trường lớp',
  preschool: 'Chất lượng giáo dục mầm non',
  primary: 'Chất lượng giáo dục tiểu học',
  secondary: 'Chất lượng giáo dục THCS',
  standard: 'Trường chuẩn quốc gia',
  staff: 'Đội ngũ',
  attendance: 'Chuyên cần',
} as const;

/**
 * The indicator catalog (chỉ tiêu). Every figure of shared/DOMAIN.md has its indicator here; the
 * `source` names the seed file and section it comes from.
 */
export const INDICATORS: IndicatorInput[] = [
  // Quy mô — 000 II.2.1 (schools, classes, pupils by level; plan in section I)
  { code: 'mn_classes', label: 'Số nhóm, lớp mầm non', hint: 'Nhóm trẻ và lớp mẫu giáo đang hoạt động', section: S.scale, levels: ['MN'], kind: 'count', unit: 'nhóm lớp', source: '000 II.2.1' },
  { code: 'mn_pupils', label: 'Số trẻ mầm non', hint: 'Trẻ nhà trẻ và mẫu giáo đang theo học', section: S.scale, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '000 II.2.1' },
  { code: 'th_classes', label: 'Số lớp tiểu học', hint: 'Lớp 1 đến lớp 5', section: S.scale, levels: ['TH'], kind: 'count', unit: 'lớp', source: '000 II.2.1' },
  { code: 'th_pupils', label: 'Số học sinh tiểu học', hint: 'Học sinh lớp 1 đến lớp 5', section: S.scale, levels: ['TH'], kind: 'count', unit: 'học sinh', source: '000 II.2.1' },
  { code: 'thcs_classes', label: 'Số lớp THCS', hint: 'Lớp 6 đến lớp 9', section: S.scale, levels: ['THCS'], kind: 'count', unit: 'lớp', source: '000 II.2.1' },
  { code: 'thcs_pupils', label: 'Số học sinh THCS', hint: 'Học sinh lớp 6 đến lớp 9', section: S.scale, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '000 II.2.1' },
  { code: 'classes', label: 'Tổng số nhóm, lớp', hint: 'Tự tính: tổng các cấp học', section: S.scale, levels: [...ALL], kind: 'count', unit: 'lớp', source: '000 II.2.1 (dòng Cộng)' },
  { code: 'pupils', label: 'Tổng số học sinh, trẻ', hint: 'Tự tính: tổng các cấp học', section: S.scale, levels: [...ALL], kind: 'count', unit: 'học sinh', source: '000 II.2.1 (dòng Cộng)' },
  { code: 'pupils_planned', label: 'Số học sinh theo kế hoạch giao', hint: 'Chỉ tiêu kế hoạch được giao đầu năm', section: S.scale, levels: [...ALL], kind: 'count', unit: 'học sinh', source: '000 I.1' },
  { code: 'plan_fulfilment', label: 'Tỷ lệ thực hiện kế hoạch số học sinh', hint: 'Số học sinh thực tế so với kế hoạch giao', section: S.scale, levels: [...ALL], kind: 'rate', numerator: 'pupils', denominator: 'pupils_planned', scale: 'ratio', source: '001 mục 3' },

  // Mầm non — 000 I.2.1, 003 chú thích 4, 001 mục 4
  { code: 'mn_nt_enrolled', label: 'Trẻ nhà trẻ ra lớp', hint: 'Trẻ 0-2 tuổi đang học tại trường', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '003 chú thích 4' },
  { code: 'mn_nt_population', label: 'Trẻ 0-2 tuổi trên địa bàn', hint: 'Theo số liệu điều tra phổ cập', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '003 chú thích 4' },
  { code: 'mn_nt_mobilisation', label: 'Tỷ lệ huy động trẻ nhà trẻ', hint: '', section: S.preschool, levels: ['MN'], kind: 'rate', numerator: 'mn_nt_enrolled', denominator: 'mn_nt_population', source: '003 chú thích 4 (1252/4152)' },
  { code: 'mn_mg_enrolled', label: 'Trẻ mẫu giáo ra lớp', hint: 'Trẻ 3-5 tuổi đang học tại trường', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '003 chú thích 4' },
  { code: 'mn_mg_population', label: 'Trẻ 3-5 tuổi trên địa bàn', hint: 'Theo số liệu điều tra phổ cập', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '003 chú thích 4' },
  { code: 'mn_mg_mobilisation', label: 'Tỷ lệ huy động trẻ mẫu giáo', hint: '', section: S.preschool, levels: ['MN'], kind: 'rate', numerator: 'mn_mg_enrolled', denominator: 'mn_mg_population', source: '003 chú thích 4 (5431/6073)' },
  { code: 'mn_enrolled', label: 'Trẻ 0-5 tuổi ra lớp', hint: 'Tự tính: nhà trẻ + mẫu giáo', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '000 I.2.1' },
  { code: 'mn_population', label: 'Trẻ 0-5 tuổi trên địa bàn', hint: 'Tự tính: 0-2 tuổi + 3-5 tuổi', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '000 I.2.1' },
  { code: 'mn_mobilisation', label: 'Tỷ lệ huy động trẻ 0-5 tuổi ra lớp', hint: '', section: S.preschool, levels: ['MN'], kind: 'rate', numerator: 'mn_enrolled', denominator: 'mn_population', source: '000 I.2.1 (9286/11869)' },
  { code: 'mn_normal_weight', label: 'Trẻ cân nặng bình thường', hint: 'Số trẻ phát triển bình thường về cân nặng', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '000 I.2.1' },
  { code: 'mn_normal_height', label: 'Trẻ chiều cao bình thường', hint: 'Số trẻ phát triển bình thường về chiều cao', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '000 I.2.1' },
  { code: 'mn_measured', label: 'Trẻ được cân đo', hint: 'Số trẻ được theo dõi trên biểu đồ tăng trưởng', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '000 I.2.1; 001 mục 4' },
  { code: 'mn_weight_rate', label: 'Tỷ lệ trẻ cân nặng bình thường', hint: '', section: S.preschool, levels: ['MN'], kind: 'rate', numerator: 'mn_normal_weight', denominator: 'mn_measured', source: '000 I.2.1 (96%)' },
  { code: 'mn_height_rate', label: 'Tỷ lệ trẻ chiều cao bình thường', hint: '', section: S.preschool, levels: ['MN'], kind: 'rate', numerator: 'mn_normal_height', denominator: 'mn_measured', source: '000 I.2.1 (97,9%)' },
  { code: 'mn_5y_children', label: 'Trẻ 5 tuổi', hint: 'Số trẻ 5 tuổi đang học', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '001 mục 4' },
  { code: 'mn_5y_completed', label: 'Trẻ 5 tuổi hoàn thành chương trình GDMN', hint: '', section: S.preschool, levels: ['MN'], kind: 'count', unit: 'trẻ', source: '001 mục 4; 003 chú thích 4' },
  { code: 'mn_5y_completion', label: 'Tỷ lệ trẻ 5 tuổi hoàn thành chương trình GDMN', hint: '', section: S.preschool, levels: ['MN'], kind: 'rate', numerator: 'mn_5y_completed', denominator: 'mn_5y_children', source: '001 (≥ 99,8%); 003 (100%)' },

  // Tiểu học — 001 mục 4, 003 mục 4 và chú thích 5
  { code: 'th_assessed', label: 'Học sinh tiểu học được đánh giá', hint: 'Số học sinh được đánh giá cuối năm', section: S.primary, levels: ['TH'], kind: 'count', unit: 'học sinh', source: '001 mục 4' },
  { code: 'th_class_completed', label: 'Học sinh hoàn thành chương trình lớp học', hint: '', section: S.primary, levels: ['TH'], kind: 'count', unit: 'học sinh', source: '001 mục 4' },
  { code: 'th_class_completion', label: 'Tỷ lệ hoàn thành chương trình lớp học', hint: '', section: S.primary, levels: ['TH'], kind: 'rate', numerator: 'th_class_completed', denominator: 'th_assessed', source: '001 (≥ 98,5%, chuẩn mức 2 ≥ 99%); 003 (99%)' },
  { code: 'th_grade5', label: 'Học sinh lớp 5', hint: 'Số học sinh lớp 5 cuối năm', section: S.primary, levels: ['TH'], kind: 'count', unit: 'học sinh', source: '003 chú thích 5' },
  { code: 'th_completed', label: 'Học sinh hoàn thành chương trình tiểu học', hint: 'Số học sinh lớp 5 hoàn thành chương trình', section: S.primary, levels: ['TH'], kind: 'count', unit: 'học sinh', source: '003 chú thích 5' },
  { code: 'th_completion_rate', label: 'Tỷ lệ hoàn thành chương trình tiểu học', hint: '', section: S.primary, levels: ['TH'], kind: 'rate', numerator: 'th_completed', denominator: 'th_grade5', source: '003 chú thích 5 (2394/2397)' },
  { code: 'th_6y_population', label: 'Trẻ 6 tuổi trên địa bàn', hint: '', section: S.primary, levels: ['TH'], kind: 'count', unit: 'trẻ', source: '003 chú thích 5' },
  { code: 'th_6y_entered', label: 'Trẻ 6 tuổi vào lớp 1', hint: '', section: S.primary, levels: ['TH'], kind: 'count', unit: 'trẻ', source: '003 chú thích 5' },
  { code: 'th_grade1_intake', label: 'Tỷ lệ trẻ 6 tuổi vào lớp 1', hint: '', section: S.primary, levels: ['TH'], kind: 'rate', numerator: 'th_6y_entered', denominator: 'th_6y_population', source: '003 chú thích 5 (2487/2487)' },

  // THCS — 001 mục 4, 003 mục 5, 000 II.2.8
  { code: 'thcs_assessed', label: 'Học sinh THCS được đánh giá', hint: 'Số học sinh được xếp loại cuối năm', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '001 mục 4' },
  { code: 'thcs_promoted', label: 'Học sinh THCS lên lớp thẳng', hint: '', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '001 mục 4; 003 mục 5' },
  { code: 'thcs_promotion', label: 'Tỷ lệ lên lớp THCS', hint: '', section: S.secondary, levels: ['THCS'], kind: 'rate', numerator: 'thcs_promoted', denominator: 'thcs_assessed', source: '001 (≥ 99%); 003 (≥ 98%)' },
  { code: 'thcs_good', label: 'Học sinh học lực Giỏi', hint: '', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '001 mục 4' },
  { code: 'thcs_good_rate', label: 'Tỷ lệ học lực Giỏi', hint: '', section: S.secondary, levels: ['THCS'], kind: 'rate', numerator: 'thcs_good', denominator: 'thcs_assessed', source: '001 (≥ 3,5%)' },
  { code: 'thcs_fair', label: 'Học sinh học lực Khá', hint: '', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '001 mục 4' },
  { code: 'thcs_fair_rate', label: 'Tỷ lệ học lực Khá', hint: '', section: S.secondary, levels: ['THCS'], kind: 'rate', numerator: 'thcs_fair', denominator: 'thcs_assessed', source: '001 (≥ 35%)' },
  { code: 'thcs_weak', label: 'Học sinh học lực Yếu', hint: '', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '001 mục 4' },
  { code: 'thcs_weak_rate', label: 'Tỷ lệ học lực Yếu', hint: '', section: S.secondary, levels: ['THCS'], kind: 'rate', numerator: 'thcs_weak', denominator: 'thcs_assessed', source: '001 (≤ 5%)' },
  { code: 'thcs_grade9', label: 'Học sinh lớp 9', hint: 'Số học sinh lớp 9 dự xét tốt nghiệp', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '001 mục 4' },
  { code: 'thcs_graduated', label: 'Học sinh tốt nghiệp THCS', hint: '', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '001 mục 4; 000' },
  { code: 'thcs_graduation', label: 'Tỷ lệ tốt nghiệp THCS', hint: '', section: S.secondary, levels: ['THCS'], kind: 'rate', numerator: 'thcs_graduated', denominator: 'thcs_grade9', source: '001 (≥ 99%); 000 (99,02%); 003 (100%)' },
  { code: 'thcs_continuing', label: 'Học sinh tốt nghiệp học tiếp THPT, học nghề', hint: '', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '001 mục 4; 000 II.2.8' },
  { code: 'thcs_continuation', label: 'Tỷ lệ học tiếp THPT và học nghề', hint: '', section: S.secondary, levels: ['THCS'], kind: 'rate', numerator: 'thcs_continuing', denominator: 'thcs_graduated', source: '001 (≥ 75,5%); 000 II.2.8 (95%)' },
  { code: 'thcs_gifted_candidates', label: 'Học sinh dự thi học sinh giỏi cấp tỉnh', hint: '', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '000' },
  { code: 'thcs_gifted_prizes', label: 'Học sinh đạt giải học sinh giỏi cấp tỉnh', hint: '', section: S.secondary, levels: ['THCS'], kind: 'count', unit: 'học sinh', source: '000' },
  { code: 'thcs_gifted_rate', label: 'Tỷ lệ đạt giải học sinh giỏi cấp tỉnh', hint: '', section: S.secondary, levels: ['THCS'], kind: 'rate', numerator: 'thcs_gifted_prizes', denominator: 'thcs_gifted_candidates', source: '000 (168/230)' },

  // Trường chuẩn quốc gia — 001 mục 7, 003, 000
  { code: 'std_national', label: 'Trường đạt chuẩn quốc gia', hint: 'Đánh dấu nếu trường đã được công nhận', section: S.standard, levels: [...ALL], kind: 'flag', source: '001 mục 7 (64,9% = 392 trường)' },
  { code: 'std_level2', label: 'Trường đạt chuẩn quốc gia mức độ 2', hint: 'Đánh dấu nếu trường đạt mức độ 2', section: S.standard, levels: [...ALL], kind: 'flag', source: '003 (26/39); 000 (22 trường)' },

  // Đội ngũ — 000 II.2.2, 003 mục 2
  { code: 'teachers', label: 'Số giáo viên', hint: 'Giáo viên trong biên chế và hợp đồng', section: S.staff, levels: [...ALL], kind: 'count', unit: 'người', source: '000 II.2.2' },
  { code: 'teachers_per_class', label: 'Tỷ lệ giáo viên/lớp', hint: '', section: S.staff, levels: [...ALL], kind: 'rate', numerator: 'teachers', denominator: 'classes', scale: 'ratio', source: '000 II.2.2 (MN 1,82; TH 1,37; THCS 1,91)' },
  { code: 'teachers_qualified', label: 'Giáo viên đạt chuẩn trình độ trở lên', hint: '', section: S.staff, levels: [...ALL], kind: 'count', unit: 'người', source: '003 mục 2' },
  { code: 'teachers_qualified_rate', label: 'Tỷ lệ giáo viên đạt chuẩn và trên chuẩn', hint: '', section: S.staff, levels: [...ALL], kind: 'rate', numerator: 'teachers_qualified', denominator: 'teachers', source: '003 (≥ 93%)' },
  { code: 'teachers_above', label: 'Giáo viên trên chuẩn trình độ', hint: '', section: S.staff, levels: [...ALL], kind: 'count', unit: 'người', source: '003 mục 2' },
  { code: 'teachers_above_rate', label: 'Tỷ lệ giáo viên trên chuẩn', hint: '', section: S.staff, levels: [...ALL], kind: 'rate', numerator: 'teachers_above', denominator: 'teachers', source: '003 (≥ 27%)' },

  // Chuyên cần — 000 I.2.1, 001 mục 3
  { code: 'attendance_present', label: 'Lượt học sinh có mặt', hint: 'Tổng số lượt có mặt trong kỳ', section: S.attendance, levels: [...ALL], kind: 'count', unit: 'lượt', source: '001 mục 3' },
  { code: 'attendance_expected', label: 'Lượt học sinh phải có mặt', hint: 'Sĩ số nhân số buổi học trong kỳ', section: S.attendance, levels: [...ALL], kind: 'count', unit: 'lượt', source: '001 mục 3' },
  { code: 'attendance_rate', label: 'Tỷ lệ chuyên cần', hint: '', section: S.attendance, levels: [...ALL], kind: 'rate', numerator: 'attendance_present', denominator: 'attendance_expected', source: '001 (≥ 98%); 000 (MN 83%)' },
];


/** Cross-field rules, as data. */
export const RULES: RuleInput[] = [
  { kind: 'sum', total: 'classes', parts: ['mn_classes', 'th_classes', 'thcs_classes'], source: '000 II.2.1' },
  { kind: 'sum', total: 'pupils', parts: ['mn_pupils', 'th_pupils', 'thcs_pupils'], source: '000 II.2.1' },
  { kind: 'sum', total: 'mn_enrolled', parts: ['mn_nt_enrolled', 'mn_mg_enrolled'], source: '003 chú thích 4' },
  { kind: 'sum', total: 'mn_population', parts: ['mn_nt_population', 'mn_mg_population'], source: '003 chú thích 4' },
  { kind: 'lte', left: 'mn_enrolled', right: 'mn_pupils', source: '' },
  { kind: 'lte', left: 'mn_5y_children', right: 'mn_pupils', source: '' },
  { kind: 'lte', left: 'th_grade5', right: 'th_pupils', source: '' },
  { kind: 'lte', left: 'thcs_grade9', right: 'thcs_pupils', source: '' },
  { kind: 'lte', left: 'teachers_above', right: 'teachers_qualified', source: '003 mục 2' },
  { kind: 'lte', left: 'std_level2', right: 'std_national', source: '' },
  { kind: 'perUnitRange', numerator: 'mn_pupils', denominator: 'mn_classes', min: 5, max: 40, unit: 'trẻ/nhóm lớp' },
  { kind: 'perUnitRange', numerator: 'th_pupils', denominator: 'th_classes', min: 10, max: 45, unit: 'học sinh/lớp' },
  { kind: 'perUnitRange', numerator: 'thcs_pupils', denominator: 'thcs_classes', min: 10, max: 50, unit: 'học sinh/lớp' },
];
