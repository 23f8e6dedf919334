import { type CalendarRules, CalendarRulesSchema } from '../schemas/calendar.ts';

/**
 * How calendar tasks are classified: plain keywords (lower case), matched as whole words in the
 * lower-cased task ("giải" alone would match "giải quyết", so contests name their prizes and
 * tournaments). Kinds: first match wins. Audiences: every school level the task names counts (a task
 * for primary and lower-secondary pupils goes to all schools). Edit here to teach the importer
 * another office's wording.
 */
export const CALENDAR_RULES: CalendarRules = CalendarRulesSchema.parse({
  kinds: [
    { kind: 'report', keywords: ['báo cáo', 'tổng hợp'] },
    {
      kind: 'contest',
      keywords: [
        'hội thi',
        'cuộc thi',
        'kỳ thi',
        'thi hsg',
        'thi học sinh giỏi',
        'thi chọn học sinh giỏi',
        'thi gvdg',
        'thi giáo viên',
        'thi nckh',
        'thi khkt',
        'hội giảng',
        'olympic',
        'trao giải',
        'giải thưởng',
        'đạt giải',
        'đoạt giải',
        'giải điền kinh',
        'giải bóng đá',
        'giải bóng chuyền',
        'giải cầu lông',
        'giải cờ vua',
        'giải bơi',
        'giải thể thao',
      ],
    },
    { kind: 'inspection', keywords: ['kiểm tra', 'khảo sát', 'thanh tra', 'đánh giá', 'nghiệm thu'] },
    { kind: 'meeting', keywords: ['hội nghị', 'hội thảo', 'họp', 'tọa đàm', 'toạ đàm', 'giao ban'] },
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
    { audience: 'schools:MN', keywords: ['mầm non', 'mẫu giáo', 'nhóm trẻ', 'nhà trẻ', 'mn'] },
    { audience: 'schools:TH', keywords: ['tiểu học', 'th', 'th&thcs', 'phổ thông', 'pt', 'lớp 1', 'lớp 2', 'lớp 3', 'lớp 4', 'lớp 5', 'htctth'] },
    {
      audience: 'schools:THCS',
      keywords: ['thcs', 'trung học cơ sở', 'phổ thông', 'pt', 'lớp 6', 'lớp 7', 'lớp 8', 'lớp 9', 'lớp 10'],
    },
    { audience: 'wards', keywords: ['xã, phường', 'phường, xã', 'phường/xã', 'xã/phường', 'các xã'] },
    { audience: 'schools', keywords: ['các trường', 'trường', 'cơ sở giáo dục', 'giáo viên', 'học sinh'] },
  ],
  defaultAudience: 'office',
});
