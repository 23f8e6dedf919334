import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

const run = (...args: string[]) => spawnSync(process.execPath, ['--import', 'tsx', 'scripts/calendar-import.ts', ...args], { encoding: 'utf8' });

describe('CLI: npm run calendar:import', () => {
  it('--json prints the items of seed 000 as a JSON array', () => {
    const result = run('test/fixtures/calendars/seed-000-appendix.txt', '--json');
    expect(result.status).toBe(0);
    const items = JSON.parse(result.stdout) as { month: string; text: string; date: string | null; audience: string; kind: string }[];
    expect(items).toHaveLength(96);
    expect(items[0]).toEqual({
      month: '2022-08',
      text: 'Tổ chức Hội nghị tổng kết năm học 2021-2022, triển khai nhiệm vụ năm học 2022-2023.',
      date: null,
      audience: 'office',
      kind: 'meeting',
    });
  });
  it('--dry-run prints a table and stores nothing; a month without a year needs --year', () => {
    const dry = run('test/fixtures/calendars/months-without-year.html', '--dry-run', '--year', '2023-2024');
    expect(dry.status).toBe(0);
    expect(dry.stdout).toContain('6 items in 4 months; nothing stored (dry run)');
    expect(dry.stdout).toMatch(/2023-09\s+2023-09-05\s+event/);
    const noYear = run('test/fixtures/calendars/months-without-year.html', '--dry-run');
    expect(noYear.status).not.toBe(0);
    expect(noYear.stderr).toContain('không ghi năm: hãy chọn năm học (--year');
  });
});
