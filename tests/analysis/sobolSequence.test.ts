import { describe, expect, it } from 'vitest';
import { SOBOL_MAX_DIMENSIONS, sobolSequence } from '../../src/analysis/sobolSequence.ts';

describe('sobolSequence', () => {
  it('skips the all-zero point and matches the Joe–Kuo sequence (reference: scipy.stats.qmc.Sobol, scramble=False)', () => {
    expect(sobolSequence(8, 6)).toEqual([
      [0.5, 0.5, 0.5, 0.5, 0.5, 0.5],
      [0.75, 0.25, 0.25, 0.25, 0.75, 0.75],
      [0.25, 0.75, 0.75, 0.75, 0.25, 0.25],
      [0.375, 0.375, 0.625, 0.875, 0.375, 0.125],
      [0.875, 0.875, 0.125, 0.375, 0.875, 0.625],
      [0.625, 0.125, 0.875, 0.625, 0.625, 0.875],
      [0.125, 0.625, 0.375, 0.125, 0.125, 0.375],
      [0.1875, 0.3125, 0.9375, 0.4375, 0.5625, 0.3125],
    ]);
  });

  it('matches the reference in high dimensions and far into the sequence', () => {
    expect(SOBOL_MAX_DIMENSIONS).toBeGreaterThanOrEqual(42);
    const p1024 = sobolSequence(1, 128, 1024)[0];
    expect([p1024[0], p1024[41], p1024[100], p1024[127]]).toEqual([0.00146484375, 0.08251953125, 0.67529296875, 0.71435546875]);
    const p777 = sobolSequence(1, 128, 777)[0];
    expect([p777[5], p777[63], p777[127]]).toEqual([0.3564453125, 0.4267578125, 0.1181640625]);
  });

  it('puts exactly one point in each of the 2^m elementary intervals of every dimension', () => {
    // Points 0 … 2^m − 1 form a (t, m, s)-net: each 1-D projection is a permutation of j / 2^m.
    const points = sobolSequence(256, 42, 0);
    for (let d = 0; d < 42; d++) {
      const cells = new Set(points.map((p) => Math.floor(p[d] * 256)));
      expect(cells.size).toBe(256);
    }
  });

  it('rejects more dimensions than the embedded table holds', () => {
    expect(() => sobolSequence(4, SOBOL_MAX_DIMENSIONS + 1)).toThrow(/dims/);
  });
});
