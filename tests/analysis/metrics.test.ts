// The headline window: one for the whole project, the last five full calendar years of a run.
import { describe, expect, it } from 'vitest';
import { headlineWindow, headlineWindowOf, monthIndexOf } from '../../src/analysis/metrics.ts';

describe('the headline window', () => {
  it('is the last five full calendar years of the run', () => {
    expect(headlineWindowOf('2019-10', '2030-12')).toMatchObject({ firstYear: 2026, lastYear: 2030, label: '2026–2030' });
    expect(headlineWindowOf('2019-10', '2030-12')).toMatchObject({ from: monthIndexOf('2026-01'), to: monthIndexOf('2030-12') });
    // a run ending in November: its last full year is the one before
    expect(headlineWindowOf('2019-10', '2030-11')!.label).toBe('2025–2029');
  });

  it('holds the full years a shorter run has, and is undefined without one', () => {
    expect(headlineWindowOf('2024-01', '2025-12')!.label).toBe('2024–2025');
    expect(headlineWindowOf('2025-06', '2026-12')!.label).toBe('2026');
    expect(headlineWindowOf('2025-03', '2025-12')).toBeUndefined();
    expect(headlineWindow(monthIndexOf('2026-01'), 12)).toMatchObject({ firstYear: 2026, lastYear: 2026 });
  });
});
