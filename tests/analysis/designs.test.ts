import { describe, expect, it } from 'vitest';
import { analyzeDesign, buildDesign, type ParameterSpec } from '../../src/analysis/designs.ts';

const params: ParameterSpec[] = [
  { name: 'feeUsd', min: 2000, max: 12000 },
  { name: 'expulsionShare', min: 0, max: 1 },
  { name: 'networkStrength', min: 0.1, max: 10, log: true },
];

describe('grid design', () => {
  it('has as many points as the product of the levels, last parameter fastest', () => {
    const { points, meta } = buildDesign(
      'grid',
      [
        { name: 'a', levels: [1, 2, 3] },
        { name: 'b', levels: [10, 20] },
        { name: 'c', levels: [0.5, 1.5, 2.5, 3.5] },
      ],
      { seed: 's' },
    );
    expect(points).toHaveLength(3 * 2 * 4);
    expect(meta).toMatchObject({ design: 'grid', size: 24 });
    expect(points[0]).toEqual({ a: 1, b: 10, c: 0.5 });
    expect(points[1]).toEqual({ a: 1, b: 10, c: 1.5 });
    expect(points[23]).toEqual({ a: 3, b: 20, c: 3.5 });
    expect(new Set(points.map((p) => JSON.stringify(p))).size).toBe(24);
  });

  it('spaces `samples` values evenly over a range (geometrically when log)', () => {
    const { points } = buildDesign('grid', [{ name: 'x', min: 0, max: 1 }, { name: 'y', min: 1, max: 100, log: true }], { samples: 3, seed: 's' });
    expect(points).toHaveLength(9);
    expect([...new Set(points.map((p) => p.x))]).toEqual([0, 0.5, 1]);
    const ys = [...new Set(points.map((p) => p.y))];
    expect(ys[0]).toBe(1);
    expect(ys[1]).toBeCloseTo(10, 10);
    expect(ys[2]).toBe(100);
  });
});

describe('latin hypercube design', () => {
  it('hits each of the n strata of every dimension exactly once', () => {
    const n = 50;
    const { points } = buildDesign('lhs', params, { samples: n, seed: 'lhs' });
    expect(points).toHaveLength(n);
    for (const p of params.filter((q) => !q.log)) {
      const strata = points.map((point) => Math.floor(((point[p.name] - p.min!) / (p.max! - p.min!)) * n));
      expect(new Set(strata).size).toBe(n);
      expect(Math.min(...strata)).toBe(0);
      expect(Math.max(...strata)).toBe(n - 1);
    }
    // Log-uniform: strata are equal in log space.
    const logStrata = points.map((point) => Math.floor(((Math.log(point.networkStrength) - Math.log(0.1)) / Math.log(100)) * n));
    expect(new Set(logStrata).size).toBe(n);
  });

  it('maps discrete levels with equal probability', () => {
    const { points } = buildDesign('lhs', [{ name: 'policy', levels: [0, 1, 2, 3] }], { samples: 40, seed: 'lv' });
    const counts = [0, 1, 2, 3].map((level) => points.filter((p) => p.policy === level).length);
    expect(counts).toEqual([10, 10, 10, 10]);
  });
});

describe('determinism', () => {
  for (const design of ['grid', 'lhs', 'sobol', 'morris'] as const) {
    it(`${design}: the same seed gives the same points`, () => {
      const first = buildDesign(design, params, { samples: 8, seed: 'same' });
      const second = buildDesign(design, params, { samples: 8, seed: 'same' });
      expect(second).toEqual(first);
    });
  }

  for (const design of ['lhs', 'morris'] as const) {
    it(`${design}: another seed gives other points`, () => {
      const first = buildDesign(design, params, { samples: 8, seed: 'one' });
      const second = buildDesign(design, params, { samples: 8, seed: 'two' });
      expect(second.points).not.toEqual(first.points);
    });
  }
});

describe('sensitivity designs', () => {
  it('sobol: N·(k+2) points within bounds, and analyzeDesign returns Sobol indices', () => {
    const { points, meta } = buildDesign('sobol', params, { samples: 1024, seed: 'sob' });
    expect(points).toHaveLength(1024 * 5);
    for (const p of points) {
      expect(p.feeUsd).toBeGreaterThanOrEqual(2000);
      expect(p.feeUsd).toBeLessThanOrEqual(12000);
      expect(p.networkStrength).toBeGreaterThanOrEqual(0.1);
      expect(p.networkStrength).toBeLessThanOrEqual(10);
    }
    // Additive model: output depends on the fee only.
    const outputs = points.map((p) => p.feeUsd / 1000);
    const result = analyzeDesign(meta, outputs, { bootstrapReps: 100 });
    expect(result.design).toBe('sobol');
    if (result.design !== 'sobol') return;
    const [fee, expulsion, network] = result.indices;
    expect(fee.name).toBe('feeUsd');
    expect(Math.abs(fee.S1 - 1)).toBeLessThan(0.02);
    expect(Math.abs(fee.ST - 1)).toBeLessThan(0.02);
    expect(Math.abs(expulsion.ST)).toBeLessThan(1e-9);
    expect(Math.abs(network.S1)).toBeLessThan(0.02);
  });

  it('morris: r·(k+1) points, and analyzeDesign ranks the parameters', () => {
    const { points, meta } = buildDesign('morris', params, { samples: 12, seed: 'mor', morrisLevels: 6 });
    expect(points).toHaveLength(12 * 4);
    expect(meta).toMatchObject({ design: 'morris', trajectories: 12, levels: 6 });
    const outputs = points.map((p) => 5 * p.expulsionShare + Math.log10(p.networkStrength));
    const result = analyzeDesign(meta, outputs);
    expect(result.design).toBe('morris');
    if (result.design !== 'morris') return;
    const byName = Object.fromEntries(result.indices.map((i) => [i.name, i]));
    expect(byName.expulsionShare.muStar).toBeCloseTo(5, 9);
    expect(byName.networkStrength.muStar).toBeCloseTo(2, 9); // log10 spans 2 decades over the unit range
    expect(byName.feeUsd.muStar).toBe(0);
  });

  it('meta survives a JSON round trip (manifests, resume)', () => {
    const { meta, points } = buildDesign('morris', params, { samples: 4, seed: 'json' });
    const outputs = points.map((p) => p.expulsionShare);
    expect(analyzeDesign(JSON.parse(JSON.stringify(meta)), outputs)).toEqual(analyzeDesign(meta, outputs));
  });

  it('grid and lhs have no sensitivity estimator', () => {
    const { meta } = buildDesign('lhs', params, { samples: 4, seed: 'x' });
    expect(() => analyzeDesign(meta, [1, 2, 3, 4])).toThrow(/no sensitivity estimator/);
  });

  it('rejects outputs that do not match the design', () => {
    const { meta } = buildDesign('sobol', params, { samples: 4, seed: 'x' });
    expect(() => analyzeDesign(meta, [1, 2, 3])).toThrow(/20 points but got 3/);
  });
});

describe('parameter validation', () => {
  it('names the parameter at fault', () => {
    expect(() => buildDesign('lhs', [{ name: 'fee', min: 5, max: 1 }], { seed: 's' })).toThrow(/'fee'/);
    expect(() => buildDesign('lhs', [{ name: 'net', min: 0, max: 1, log: true }], { seed: 's' })).toThrow(/log scale needs min > 0/);
    expect(() => buildDesign('grid', [{ name: 'a', levels: [1] }, { name: 'a', levels: [2] }], { seed: 's' })).toThrow(/twice/);
  });
});
