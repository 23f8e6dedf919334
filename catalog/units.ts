import type { Unit } from '../schemas/unit.ts';

/** The demo hierarchy: province → city → ward → school, as data. */
export const DEMO_UNITS: Unit[] = [
  { id: 'lao-cai', name: 'Tỉnh Lào Cai', kind: 'province', parentId: null },
  { id: 'lc-tp-lao-cai', name: 'Thành phố Lào Cai', kind: 'city', parentId: 'lao-cai' },
  { id: 'lc-tp-p-kim-tan', name: 'Phường Kim Tân', kind: 'ward', parentId: 'lc-tp-lao-cai' },
  { id: 'lc-tp-p-coc-leu', name: 'Phường Cốc Lếu', kind: 'ward', parentId: 'lc-tp-lao-cai' },
  { id: 'lc-tp-th-kim-dong', name: 'Trường Tiểu học Kim Đồng', kind: 'school', parentId: 'lc-tp-p-kim-tan', levels: ['TH'], ownership: 'public' },
  { id: 'lc-tp-thcs-le-quy-don', name: 'Trường THCS Lê Quý Đôn', kind: 'school', parentId: 'lc-tp-p-kim-tan', levels: ['THCS'], ownership: 'public' },
  { id: 'lc-tp-mn-hoa-hong', name: 'Trường Mầm non Hoa Hồng', kind: 'school', parentId: 'lc-tp-p-coc-leu', levels: ['MN'], ownership: 'public' },
  { id: 'lc-tp-th-le-van-tam', name: 'Trường Tiểu học Lê Văn Tám', kind: 'school', parentId: 'lc-tp-p-coc-leu', levels: ['TH'], ownership: 'public' },
];
