import { describe, expect, it } from 'vitest';
import { cholesky, symmetricEigen, symmetricInverse } from '../../src/analysis/linalg.ts';

describe('linear algebra', () => {
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
