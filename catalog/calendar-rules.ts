import { type CalendarRules, CalendarRulesSchema } from '../schemas/calendar.ts';

/**
 * How calendar tasks are classified: plain keywords (lower case, matched in the lower-cased task),
 * first match wins. Edit here to teach the importer another office's wording.
 */
export const CALENDAR_RULES: CalendarRules = CalendarRulesSchema.parse({
  kinds: [
    { kind: 'report', keywords: ['báo cáo', 'tổng hợp'] },
    { kind: 'contest', keywords: ['hội thi', 'cuộc thi', 'thi hsg', 'thi gvdg', 'thi giáo viên', 'thi nckh', 'hội giảng', 'olympic', 'giải'] },
    { kind: 'inspection', keywords: ['kiểm tra', 'khảo sát', 'thanh tra', 'đánh giá', 'nghiệm thu'] },
    { kind: 'meeting', keywords: ['hội nghị', 'hội thảo', 'họp', 'tọa đàm'] },
    { kind: 'training', keywords: ['bồi dưỡng', 'tập huấn'] },
    { kind: 'event', keywords: ['khai giảng', 'lễ', 'ngày hội', 'chào mừng', 'kỷ niệm', 'tết', 'mừng xuân'] },
  ],
  reportPeriods: [
    { period: 'semester1', keywords: ['sơ kết'] },
    { period: 'end', keywords: ['tổng kết', 'cuối năm', 'hoàn thiện các loại báo cáo', 'tổng hợp tình hình'] },
    { period: 'start', keywords: ['đầu năm'] },
    { period: 'plan', keywords: ['kế hoạch phát triển'] },
  ],
  audiences: [
    { audience: 'schools', keywords: ['mầm non, phổ thông', 'mn, pt', 'mầm non và phổ thông'] },
    { audience: 'schools:MN', keywords: ['mầm non', 'trẻ mẫu giáo', 'nhóm trẻ'] },
    { audience: 'schools:THCS', keywords: ['thcs', 'lớp 9', 'lớp 6,7,8', 'lớp 10'] },
    { audience: 'schools:TH', keywords: ['tiểu học', 'lớp 1', 'lớp 5'] },
    { audience: 'wards', keywords: ['xã, phường', 'phường/xã', 'xã/phường', 'các xã'] },
    { audience: 'schools', keywords: ['các trường', 'trường', 'cơ sở giáo dục', 'giáo viên', 'học sinh'] },
  ],
  defaultAudience: 'office',
});
