import { describe, expect, it } from 'vitest';
import { saltelliSample } from '../../src/analysis/saltelli.ts';
import { sobolIndices } from '../../src/analysis/sobolIndices.ts';

// Ishigami & Homma (1990): f = sin x1 + a sin² x2 + b x3⁴ sin x1 on [−π, π]³.
const a = 7;
const b = 0.1;
const ishigami = ([x1, x2, x3]: number[]) => Math.sin(x1) + a * Math.sin(x2) ** 2 + b * x3 ** 4 * Math.sin(x1);
// Analytic indices (Sobol' & Levitan 1999; SALib's test values).
const S1 = [0.3139, 0.4424, 0];
const ST = [0.5576, 0.4424, 0.2437];
const bounds: [number, number][] = [
  [-Math.PI, Math.PI],
  [-Math.PI, Math.PI],
  [-Math.PI, Math.PI],
];

describe('saltelliSample', () => {
  it('has N·(k+2) rows ordered A, AB_1 … AB_k, B, within bounds', () => {
    const rows = saltelliSample(16, bounds);
    expect(rows).toHaveLength(16 * 5);
    for (let j = 0; j < 16; j++) {
      const [A, AB1, AB2, AB3, B] = rows.slice(j * 5, j * 5 + 5);
      expect(AB1).toEqual([B[0], A[1], A[2]]);
      expect(AB2).toEqual([A[0], B[1], A[2]]);
      expect(AB3).toEqual([A[0], A[1], B[2]]);
    }
    expect(rows.flat().every((x) => x >= -Math.PI && x <= Math.PI)).toBe(true);
  });
});

describe('sobolIndices', () => {
  const rows = saltelliSample(8192, bounds);
  const outputs = rows.map(ishigami);
  const indices = sobolIndices(['x1', 'x2', 'x3'], outputs, { bootstrapReps: 200, seed: 'ishigami' });

  it('recovers the analytic first-order and total indices of the Ishigami function', () => {
    indices.forEach((index, i) => {
      expect(Math.abs(index.S1 - S1[i])).toBeLessThan(0.05);
      expect(Math.abs(index.ST - ST[i])).toBeLessThan(0.05);
    });
  });

  it('gives bootstrap intervals around the estimates, reproducibly for the same seed', () => {
    for (const index of indices) {
      expect(index.S1_low).toBeLessThanOrEqual(index.S1);
      expect(index.S1_high).toBeGreaterThanOrEqual(index.S1);
      expect(index.ST_low).toBeLessThanOrEqual(index.ST);
      expect(index.ST_high).toBeGreaterThanOrEqual(index.ST);
    }
    const again = sobolIndices(['x1', 'x2', 'x3'], outputs, { bootstrapReps: 200, seed: 'ishigami' });
    expect(again).toEqual(indices);
  });

  it('rejects outputs that do not fit the design', () => {
    expect(() => sobolIndices(['x1', 'x2'], [1, 2, 3, 4, 5])).toThrow(/multiple of k \+ 2/);
  });
});
