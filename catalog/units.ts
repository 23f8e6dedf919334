/**
 * The demo hierarchy, as data. Lào Cai city is built as seed 000 describes it (17 wards and
 * communes with their real names, 73 schools split by level and ownership as in II.2.1); the other
 * eight district-level units of Lào Cai province are filled to the province's scale (152
 * wards/communes, about 604 schools; 001) with generated names. Uông Bí city (Quảng Ninh) has its
 * 39 public schools (003).
 */
import type { Unit } from '../schemas/unit.ts';

type Level = 'MN' | 'TH' | 'THCS';
const LEVELS_OF: Record<string, Level[]> = { MN: ['MN'], TH: ['TH'], THCS: ['THCS'], 'TH&THCS': ['TH', 'THCS'] };
const TYPE_NAME: Record<string, string> = { MN: 'Mầm non', TH: 'Tiểu học', THCS: 'THCS', 'TH&THCS': 'TH&THCS' };

export const slug = (text: string): string =>
  text
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/Đ/g, 'D')
    .toLowerCase()
    .replace(/&/g, '-')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-|-$/g, '');

interface SchoolSpec {
  type: keyof typeof LEVELS_OF;
  ownership: 'public' | 'private';
  /** A name from the seeds, when it gives one. */
  name?: string;
}

const school = (prefix: string, wardId: string, wardName: string, spec: SchoolSpec, taken: Set<string>): Unit => {
  const base = spec.name ?? (spec.ownership === 'private' ? `${wardName} (tư thục)` : wardName);
  let name = `Trường ${TYPE_NAME[spec.type]} ${base}`;
  for (let n = 2; taken.has(name); n++) name = `Trường ${TYPE_NAME[spec.type]} ${base} số ${n}`;
  taken.add(name);
  return {
    id: `${prefix}-${slug(name.replace(/^Trường /, ''))}`,
    name,
    kind: 'school',
    parentId: wardId,
    levels: LEVELS_OF[spec.type],
    ownership: spec.ownership,
  };
};

/** Spread school specs over wards round-robin, named ones first. */
const placeSchools = (prefix: string, wards: Unit[], specs: SchoolSpec[]): Unit[] => {
  const taken = new Set<string>();
  return specs.map((spec, i) => {
    const ward = wards[i % wards.length] as Unit;
    return school(prefix, ward.id, ward.name.replace(/^(Phường|Xã|Thị trấn) /, ''), spec, taken);
  });
};

const named = (type: SchoolSpec['type'], names: string[]): SchoolSpec[] => names.map((name) => ({ type, ownership: 'public', name }));

// ── Lào Cai city (000) ────────────────────────────────────────────────────────────────────
const LC_CITY = 'lc-tp-lao-cai';
const LC_WARDS = [
  'Phường Bắc Cường',
  'Phường Bắc Lệnh',
  'Phường Bình Minh',
  'Phường Cốc Lếu',
  'Phường Duyên Hải',
  'Phường Kim Tân',
  'Phường Lào Cai',
  'Phường Nam Cường',
  'Phường Pom Hán',
  'Phường Thống Nhất',
  'Phường Xuân Tăng',
  'Xã Cam Đường',
  'Xã Cốc San',
  'Xã Đồng Tuyển',
  'Xã Hợp Thành',
  'Xã Tả Phời',
  'Xã Vạn Hòa',
];
const lcWards: Unit[] = LC_WARDS.map((name) => ({ id: `lc-tp-${slug(name)}`, name, kind: 'ward', parentId: LC_CITY }));

/** 73 schools: MN 18 public + 14 private, TH 19 public + 1 private, THCS 17, TH&THCS 4 (000 II.2.1). */
const lcSchools = placeSchools('lc-tp', lcWards, [
  ...named('MN', [
    'Hợp Thành',
    'Hoa Hồng',
    'Hoa Sen',
    'Hoa Mai',
    'Hoa Ban',
    'Sơn Ca',
    'Họa Mi',
    'Vàng Anh',
    'Sao Mai',
    'Tuổi Thơ',
    'Hướng Dương',
    'Măng Non',
    'Bình Minh',
    'Hoa Đào',
    'Hoa Phượng',
    'Cam Đường',
    'Nam Cường',
    'Duyên Hải',
  ]),
  ...Array.from(
    { length: 14 },
    (_, i): SchoolSpec => ({
      type: 'MN',
      ownership: 'private',
      name: `tư thục ${['Ánh Dương', 'Thiên Thần', 'Bông Sen', 'Hạnh Phúc', 'Ngôi Sao', 'Cầu Vồng', 'Mặt Trời', 'Búp Sen', 'Thỏ Ngọc', 'Chim Non', 'Tuổi Hồng', 'Tương Lai', 'Ban Mai', 'Hoa Lan'][i]}`,
    }),
  ),
  ...named('TH', [
    'Kim Đồng',
    'Pom Hán',
    'Lê Ngọc Hân',
    'Lê Văn Tám',
    'Hoàng Văn Thụ',
    'Nguyễn Du',
    'Lê Quý Đôn',
    'Bắc Cường',
    'Bắc Lệnh',
    'Bình Minh',
    'Cốc Lếu',
    'Duyên Hải',
    'Nam Cường',
    'Xuân Tăng',
    'Thống Nhất',
    'Cam Đường',
    'Đồng Tuyển',
    'Vạn Hòa',
    'Kim Tân',
  ]),
  { type: 'TH', ownership: 'private', name: 'tư thục Victoria' },
  ...named('THCS', [
    'Lê Quý Đôn',
    'Lý Tự Trọng',
    'Chu Văn An',
    'Ngô Văn Sở',
    'Bắc Lệnh',
    'Cam Đường',
    'Nam Cường',
    'Duyên Hải',
    'Pom Hán',
    'Kim Tân',
    'Cốc Lếu',
    'Bắc Cường',
    'Bình Minh',
    'Xuân Tăng',
    'Thống Nhất',
    'Đồng Tuyển',
    'Vạn Hòa',
  ]),
  ...named('TH&THCS', ['Cốc San', 'Tả Phời', 'Hợp Thành', 'Lào Cai']),
]);

// ── Other district-level units of Lào Cai province (generated to the scale of 001) ────────
const LC_DISTRICTS: [string, string, number][] = [
  ['lc-tx-sa-pa', 'Thị xã Sa Pa', 16],
  ['lc-h-bat-xat', 'Huyện Bát Xát', 17],
  ['lc-h-bao-thang', 'Huyện Bảo Thắng', 17],
  ['lc-h-bao-yen', 'Huyện Bảo Yên', 17],
  ['lc-h-bac-ha', 'Huyện Bắc Hà', 17],
  ['lc-h-muong-khuong', 'Huyện Mường Khương', 17],
  ['lc-h-si-ma-cai', 'Huyện Si Ma Cai', 17],
  ['lc-h-van-ban', 'Huyện Văn Bàn', 17],
];
const otherDistricts: Unit[] = LC_DISTRICTS.map(([id, name]) => ({ id, name, kind: 'city', parentId: 'lao-cai' }));
const otherCommunes: Unit[] = LC_DISTRICTS.flatMap(([id, name, count]) =>
  Array.from({ length: count }, (_, i) => ({
    id: `${id}-x${String(i + 1).padStart(2, '0')}`,
    name: `Xã ${i + 1} (${name.replace(/^(Huyện|Thị xã) /, '')})`,
    kind: 'ward',
    parentId: id,
  })),
);
/** 531 more schools: every commune has MN, TH and THCS; 126 communes also a TH&THCS school (73 + 531 = 604). */
const otherSchools: Unit[] = otherCommunes.flatMap((commune, i) => {
  const taken = new Set<string>();
  const place = commune.name.replace(/^Xã /, '');
  const types: SchoolSpec['type'][] = i < 126 ? ['MN', 'TH', 'THCS', 'TH&THCS'] : ['MN', 'TH', 'THCS'];
  return types.map((type) => school(commune.id, commune.id, place, { type, ownership: 'public' }, taken));
});

// ── Uông Bí city, Quảng Ninh (003): 39 public schools ─────────────────────────────────────
const UB_CITY = 'qn-uong-bi';
const UB_WARDS = [
  'Phường Bắc Sơn',
  'Phường Nam Khê',
  'Phường Phương Đông',
  'Phường Phương Nam',
  'Phường Quang Trung',
  'Phường Thanh Sơn',
  'Phường Trưng Vương',
  'Phường Vàng Danh',
  'Phường Yên Thanh',
  'Xã Thượng Yên Công',
];
const ubWards: Unit[] = UB_WARDS.map((name) => ({ id: `qn-ub-${slug(name)}`, name, kind: 'ward', parentId: UB_CITY }));
/** MN 14, TH 12, THCS 10, TH&THCS 3 (the split by level is ours; 003 gives the total of 39). */
const ubSchools = placeSchools('qn-ub', ubWards, [
  ...named('MN', [
    'Bắc Sơn',
    'Nam Khê',
    'Phương Đông',
    'Phương Nam',
    'Quang Trung',
    'Thanh Sơn',
    'Trưng Vương',
    'Vàng Danh',
    'Yên Thanh',
    'Thượng Yên Công',
    'Hoa Hồng',
    'Hoa Sen',
    'Sơn Ca',
    'Hoa Mai',
  ]),
  ...named('TH', [
    'Bắc Sơn',
    'Lê Lợi',
    'Phương Đông',
    'Phương Nam',
    'Quang Trung',
    'Thanh Sơn',
    'Trưng Vương',
    'Vàng Danh',
    'Yên Thanh',
    'Thượng Yên Công',
    'Nguyễn Trãi',
    'Lý Thường Kiệt',
  ]),
  ...named('THCS', [
    'Bắc Sơn',
    'Trần Quốc Toản',
    'Phương Đông',
    'Phương Nam',
    'Quang Trung',
    'Thanh Sơn',
    'Trưng Vương',
    'Vàng Danh',
    'Yên Thanh',
    'Nguyễn Văn Cừ',
  ]),
  ...named('TH&THCS', ['Nam Khê', 'Thượng Yên Công', 'Lê Hồng Phong']),
]);

/**
 * The contact address of a demo unit: placeholders on the reserved `.example` domain (RFC 2606),
 * never a real mailbox. Schools get their deadline reminders there.
 */
const contactEmail = (unit: Unit): string => `${unit.id}@${unit.levels ? 'truong' : 'phong-gd'}.example`;

export const DEMO_UNITS: Unit[] = [
  { id: 'lao-cai', name: 'Tỉnh Lào Cai', kind: 'province', parentId: null },
  { id: LC_CITY, name: 'Thành phố Lào Cai', kind: 'city', parentId: 'lao-cai' },
  ...lcWards,
  ...lcSchools,
  ...otherDistricts,
  ...otherCommunes,
  ...otherSchools,
  { id: 'quang-ninh', name: 'Tỉnh Quảng Ninh', kind: 'province', parentId: null },
  { id: UB_CITY, name: 'Thành phố Uông Bí', kind: 'city', parentId: 'quang-ninh' },
  ...ubWards,
  ...ubSchools,
].map((unit) => ({ ...unit, email: contactEmail(unit) }));

/** Well-known demo ids, for the start banner and tests. */
export const DEMO = {
  province: 'lao-cai',
  city: LC_CITY,
  uongBi: UB_CITY,
  school: lcSchools.find((unit) => unit.name === 'Trường Tiểu học Kim Đồng')?.id ?? '',
} as const;

/**
 * The same schools on the post-2025 two-level tree: school → commune → province (no district
 * level), built from the demo data alone.
 */
export const twoLevelTree = (units: readonly Unit[]): Unit[] => {
  const byId = new Map(units.map((unit) => [unit.id, unit]));
  return units
    .filter((unit) => unit.kind !== 'city')
    .map((unit) => {
      if (unit.kind !== 'ward') return unit;
      const city = byId.get(unit.parentId ?? '');
      return { ...unit, kind: 'commune', parentId: city?.parentId ?? null };
    });
};
