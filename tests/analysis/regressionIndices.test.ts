// PRCC and SRC on cases whose answer is known: a linear outcome gives its standardized slopes
// and R² = 1; a monotone transform of it keeps PRCC near ±1 with the right signs; an inert
// parameter is near 0 with an interval covering 0; the intervals are reproducible.
import seedrandom from 'seedrandom';
import { describe, expect, it } from 'vitest';
import { ranks, regressionIndices } from '../../src/analysis/regressionIndices.ts';
import { sd } from '../../src/analysis/stats.ts';

const rng = seedrandom('a4'); // one draw of the data; other draws cover 0 for c as often as 90% intervals should
const n = 150;
const a = Float64Array.from({ length: n }, () => rng());
const b = Float64Array.from({ length: n }, () => rng());
const c = Float64Array.from({ length: n }, () => rng()); // inert
const noise = Float64Array.from({ length: n }, () => rng() - 0.5);
const linear = a.map((v, i) => 3 * v - b[i]);
const byName = <T extends { name: string }>(rows: T[]) => Object.fromEntries(rows.map((r) => [r.name, r]));

describe('regressionIndices', () => {
  it('SRC of a linear outcome are its standardized slopes, with R² = 1', () => {
    const r = regressionIndices(['a', 'b', 'c'], [a, b, c], linear, { bootstrapReps: 100 });
    const src = byName(r.src);
    expect(src.a.coefficient).toBeCloseTo((3 * sd(a)) / sd(linear), 10);
    expect(src.b.coefficient).toBeCloseTo((-1 * sd(b)) / sd(linear), 10);
    expect(src.c.coefficient).toBeCloseTo(0, 10);
    expect(r.r2).toBeCloseTo(1, 10);
  });

  it('PRCC of noise-free monotone transforms is near ±1 with the right signs', () => {
    for (const y of [linear, linear.map(Math.exp), linear.map((v) => v ** 3)]) {
      const prcc = byName(regressionIndices(['a', 'b', 'c'], [a, b, c], y, { bootstrapReps: 100 }).prcc);
      expect(prcc.a.coefficient).toBeGreaterThan(0.98);
      expect(prcc.b.coefficient).toBeLessThan(-0.9);
      expect(Math.abs(prcc.c.coefficient)).toBeLessThan(0.2);
    }
  });

  it('an inert parameter is near 0 with a 90% interval covering 0; intervals are seeded', () => {
    const y = linear.map((v, i) => v + 2 * noise[i]);
    const r = regressionIndices(['a', 'b', 'c'], [a, b, c], y, { seed: 'fixed' });
    for (const method of ['prcc', 'src'] as const) {
      const { a: ia, b: ib, c: ic } = byName(r[method]);
      expect(ic.low).toBeLessThan(0);
      expect(ic.high).toBeGreaterThan(0);
      expect(ia.low).toBeGreaterThan(0); // a clearly matters, b too, with its sign
      expect(ib.high).toBeLessThan(0);
      expect(ia.low).toBeLessThan(ia.coefficient);
      expect(ia.high).toBeGreaterThan(ia.coefficient);
    }
    expect(r.r2).toBeGreaterThan(0.3);
    expect(r.r2).toBeLessThan(1);
    expect(regressionIndices(['a', 'b', 'c'], [a, b, c], y, { seed: 'fixed' })).toEqual(r);
    expect(regressionIndices(['a', 'b', 'c'], [a, b, c], y, { seed: 'other' }).prcc[0].low).not.toBe(r.prcc[0].low);
  });

  it('an outcome that depends on one parameter alone gives PRCC 1, not a singular matrix', () => {
    const r = regressionIndices(['a', 'b'], [a, b], a.map((v) => 10 * v), { bootstrapReps: 50 });
    expect(r.prcc[0].coefficient).toBeCloseTo(1, 10);
    expect(r.src[0].coefficient).toBeCloseTo(1, 10);
    expect(r.src[1].coefficient).toBeCloseTo(0, 10);
  });

  it('gives NaN for a parameter that does not vary, for a constant outcome and for too few points', () => {
    const fixed = new Float64Array(n).fill(2);
    const r = regressionIndices(['a', 'fixed'], [a, fixed], linear, { bootstrapReps: 50 });
    expect(r.prcc[1].coefficient).toBeNaN();
    expect(r.src[1].coefficient).toBeNaN();
    expect(r.prcc[0].coefficient).toBeGreaterThan(0.9);
    expect(regressionIndices(['a'], [a], new Float64Array(n).fill(1), { bootstrapReps: 10 }).src[0].coefficient).toBeNaN();
    const few = regressionIndices(['a', 'b', 'c'], [a.slice(0, 4), b.slice(0, 4), c.slice(0, 4)], linear.slice(0, 4), { bootstrapReps: 10 });
    expect(few.prcc.every((ix) => Number.isNaN(ix.coefficient))).toBe(true);
  });

  it('ranks ties by their mean rank', () => {
    expect([...ranks([10, 30, 20, 30, 10])]).toEqual([1.5, 4.5, 3, 4.5, 1.5]);
  });
});
