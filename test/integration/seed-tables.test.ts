import { DEMO_UNITS } from '../../catalog/units.ts';
import { seedTableSuite } from '../helpers/seed-tables.ts';

seedTableSuite({ tree: 'province → city → ward → school', units: DEMO_UNITS, laoCai: 'lc-tp-lao-cai', uongBi: 'qn-uong-bi' });
