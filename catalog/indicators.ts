import type { z } from 'zod';
import type { IndicatorSchema } from '../schemas/catalog.ts';

type IndicatorInput = z.input<typeof IndicatorSchema>;

const ALL = ['MN', 'TH', 'THCS'] as const;

/** The indicator catalog (chỉ tiêu). Sources point to the seed files in shared/seeds. */
export const INDICATORS: IndicatorInput[] = [
  { code: 'classes', label: 'Số lớp (nhóm lớp)', hint: 'Tổng số lớp, nhóm lớp đang hoạt động', section: 'Quy mô', levels: [...ALL], kind: 'count', unit: 'lớp', source: '000 II.2.1' },
  { code: 'pupils', label: 'Số học sinh (trẻ)', hint: 'Tổng số học sinh, trẻ đang theo học', section: 'Quy mô', levels: [...ALL], kind: 'count', unit: 'học sinh', source: '000 II.2.1' },
  { code: 'th_completed', label: 'Học sinh hoàn thành chương trình tiểu học', hint: 'Số học sinh lớp 5 hoàn thành chương trình', section: 'Tiểu học', levels: ['TH'], kind: 'count', unit: 'học sinh', source: '003 chú thích 5' },
  { code: 'th_grade5', label: 'Học sinh lớp 5', hint: 'Số học sinh lớp 5 cuối năm', section: 'Tiểu học', levels: ['TH'], kind: 'count', unit: 'học sinh', source: '003 chú thích 5' },
  { code: 'th_completion_rate', label: 'Tỷ lệ hoàn thành chương trình tiểu học', hint: 'Tính từ hai ô trên', section: 'Tiểu học', levels: ['TH'], kind: 'rate', numerator: 'th_completed', denominator: 'th_grade5', source: '003 chú thích 5; 001' },
];
