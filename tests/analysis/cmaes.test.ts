import { describe, expect, it } from 'vitest';
import { cholesky, cmaesAsk, cmaesInit, cmaesTell, symmetricEigen, symmetricInverse } from '../../src/analysis/cmaes.ts';

function minimise(f: (x: number[]) => number, x0: number[], sigma0: number, generations: number, seed = 'test') {
  let s = cmaesInit({ x0, sigma0, seed });
  for (let g = 0; g < generations; g++) {
    const xs = cmaesAsk(s);
    s = cmaesTell(s, xs, xs.map(f));
  }
  return s;
}

describe('CMA-ES', () => {
  it('finds the minimum of a shifted sphere in 4 dimensions', () => {
    const c = [1, -2, 0.5, 3];
    const s = minimise((x) => x.reduce((a, v, i) => a + (v - c[i]) ** 2, 0), [0, 0, 0, 0], 1, 150);
    s.mean.forEach((m, i) => expect(m).toBeCloseTo(c[i], 4));
    expect(s.best!.f).toBeLessThan(1e-8);
  });

  it('finds the minimum of the Rosenbrock function in 3 dimensions', () => {
    const rosen = (x: number[]) => {
      let f = 0;
      for (let i = 0; i < x.length - 1; i++) f += 100 * (x[i + 1] - x[i] ** 2) ** 2 + (1 - x[i]) ** 2;
      return f;
    };
    const s = minimise(rosen, [-1, 1.5, 0], 0.5, 400);
    s.best!.x.forEach((v) => expect(v).toBeCloseTo(1, 3));
  });

  it('draws the same candidates after a JSON round trip of its state (resume)', () => {
    const f = (x: number[]) => x.reduce((a, v) => a + v * v, 0);
    let a = cmaesInit({ x0: [3, 3], sigma0: 1, seed: 'r' });
    for (let g = 0; g < 5; g++) {
      const xs = cmaesAsk(a);
      a = cmaesTell(a, xs, xs.map(f));
    }
    const b = JSON.parse(JSON.stringify(a));
    expect(cmaesAsk(b)).toEqual(cmaesAsk(a));
  });

  it('decomposes and inverts symmetric matrices', () => {
    const M = [4, 1, 0.5, 1, 3, 0.2, 0.5, 0.2, 2];
    const { values, vectors } = symmetricEigen(M, 3);
    for (let k = 0; k < 3; k++) {
      for (let i = 0; i < 3; i++) {
        let mv = 0;
        for (let j = 0; j < 3; j++) mv += M[i * 3 + j] * vectors[j * 3 + k];
        expect(mv).toBeCloseTo(values[k] * vectors[i * 3 + k], 10);
      }
    }
    const inv = symmetricInverse(M, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let p = 0;
      for (let k = 0; k < 3; k++) p += M[i * 3 + k] * inv[k * 3 + j];
      expect(p).toBeCloseTo(i === j ? 1 : 0, 10);
    }
    const L = cholesky(M, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let p = 0;
      for (let k = 0; k < 3; k++) p += L[i * 3 + k] * L[j * 3 + k];
      expect(p).toBeCloseTo(M[i * 3 + j], 10);
    }
  });
});
