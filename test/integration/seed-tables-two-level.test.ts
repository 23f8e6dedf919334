import { twoLevelTree } from '../../catalog/units.ts';
import { seededCities, seedTableSuite } from '../helpers/seed-tables.ts';

// The post-2025 tree, school → commune → province, built from the same data: no code change.
seedTableSuite({ tree: 'province → commune → school (post-2025, by data alone)', units: twoLevelTree(seededCities), laoCai: 'lao-cai', uongBi: 'quang-ninh' });
