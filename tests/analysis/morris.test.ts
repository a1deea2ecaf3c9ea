import { describe, expect, it } from 'vitest';
import seedrandom from 'seedrandom';
import { morrisAnalyze, morrisDelta, morrisSample } from '../../src/analysis/morris.ts';

describe('morrisSample', () => {
  it('builds r trajectories of k + 1 grid points, each step moving one factor by ±Δ', () => {
    const k = 5;
    const levels = 4;
    const points = morrisSample(k, 7, levels, seedrandom('traj'));
    expect(points).toHaveLength(7 * (k + 1));
    const delta = morrisDelta(levels);
    expect(delta).toBeCloseTo(2 / 3, 12);
    for (const p of points) for (const x of p) expect([0, 1 / 3, 2 / 3, 1].some((g) => Math.abs(g - x) < 1e-12)).toBe(true);
    for (let t = 0; t < 7; t++) {
      const moved = new Set<number>();
      for (let s = 0; s < k; s++) {
        const before = points[t * (k + 1) + s];
        const after = points[t * (k + 1) + s + 1];
        const changed = before.flatMap((x, i) => (x !== after[i] ? [i] : []));
        expect(changed).toHaveLength(1);
        expect(Math.abs(after[changed[0]] - before[changed[0]])).toBeCloseTo(delta, 12);
        moved.add(changed[0]);
      }
      expect(moved.size).toBe(k);
    }
  });

  it('rejects an odd number of levels', () => {
    expect(() => morrisSample(2, 3, 5, seedrandom('x'))).toThrow(/even/);
  });
});

describe('morrisAnalyze', () => {
  it('ranks the dominant factor first and gives μ* = 0 to an inert one', () => {
    const names = ['x1', 'x2', 'x3', 'inert'];
    const points = morrisSample(4, 20, 4, seedrandom('morris'));
    const outputs = points.map(([x1, x2, x3]) => 10 * x1 + x2 + 0.1 * x3);
    const indices = morrisAnalyze(names, points, outputs, { seed: 'boot' });
    const ranked = [...indices].sort((p, q) => q.muStar - p.muStar).map((i) => i.name);
    expect(ranked).toEqual(['x1', 'x2', 'x3', 'inert']);
    // A linear function has the same elementary effect everywhere: μ* = |μ| = coefficient, σ = 0.
    expect(indices[0].muStar).toBeCloseTo(10, 9);
    expect(indices[0].mu).toBeCloseTo(10, 9);
    expect(indices[0].sigma).toBeCloseTo(0, 9);
    expect(indices[3].muStar).toBe(0);
    expect(indices[3].muStarConf).toBe(0);
  });

  it('reports σ and a positive μ* confidence for a nonlinear factor', () => {
    const points = morrisSample(2, 30, 4, seedrandom('nl'));
    const outputs = points.map(([x1, x2]) => Math.sin(6 * x1) + x2);
    const [nonlinear] = morrisAnalyze(['x1', 'x2'], points, outputs, { seed: 'b' });
    expect(nonlinear.sigma).toBeGreaterThan(0.1);
    expect(nonlinear.muStarConf).toBeGreaterThan(0);
    expect(nonlinear.muStar).toBeGreaterThanOrEqual(Math.abs(nonlinear.mu));
  });
});
