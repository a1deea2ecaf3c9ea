// Small dense linear algebra for the calibration (row-major n × n matrices, n a few dozen):
// normal deviates, Cholesky factors, symmetric eigen-decomposition and inverse. Dependency-free
// and exact to rounding; mathjs would do, but these run inside tight loops of the sampler.

function identity(n: number): number[] {
  const I = new Array(n * n).fill(0);
  for (let i = 0; i < n; i++) I[i * n + i] = 1;
  return I;
}

/** Box–Muller normal deviates from a uniform stream. */
export function gaussian(rng: () => number): () => number {
  let spare: number | null = null;
  return () => {
    if (spare !== null) {
      const v = spare;
      spare = null;
      return v;
    }
    let u = 0;
    while (u === 0) u = rng();
    const r = Math.sqrt(-2 * Math.log(u));
    const t = 2 * Math.PI * rng();
    spare = r * Math.sin(t);
    return r * Math.cos(t);
  };
}

/**
 * Eigenvalues and eigenvectors of a symmetric matrix (row-major n × n) by cyclic Jacobi
 * rotations: slow for large n but exact to rounding and dependency-free, and n is small here.
 * Returns the vectors as the columns of a row-major matrix.
 */
export function symmetricEigen(M: number[], n: number): { values: number[]; vectors: number[] } {
  const a = M.slice();
  const v = identity(n);
  for (let sweep = 0; sweep < 100; sweep++) {
    let off = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) off += a[i * n + j] ** 2;
    if (off < 1e-30) break;
    for (let p = 0; p < n; p++) {
      for (let q = p + 1; q < n; q++) {
        const apq = a[p * n + q];
        if (Math.abs(apq) < 1e-300) continue;
        const theta = (a[q * n + q] - a[p * n + p]) / (2 * apq);
        const t = Math.sign(theta || 1) / (Math.abs(theta) + Math.sqrt(theta * theta + 1));
        const c = 1 / Math.sqrt(t * t + 1);
        const sn = t * c;
        for (let k = 0; k < n; k++) {
          const akp = a[k * n + p];
          const akq = a[k * n + q];
          a[k * n + p] = c * akp - sn * akq;
          a[k * n + q] = sn * akp + c * akq;
        }
        for (let k = 0; k < n; k++) {
          const apk = a[p * n + k];
          const aqk = a[q * n + k];
          a[p * n + k] = c * apk - sn * aqk;
          a[q * n + k] = sn * apk + c * aqk;
        }
        for (let k = 0; k < n; k++) {
          const vkp = v[k * n + p];
          const vkq = v[k * n + q];
          v[k * n + p] = c * vkp - sn * vkq;
          v[k * n + q] = sn * vkp + c * vkq;
        }
      }
    }
  }
  return { values: Array.from({ length: n }, (_, i) => a[i * n + i]), vectors: v };
}

/** Cholesky factor L (row-major, lower) of a symmetric positive definite matrix; adds jitter if needed. */
export function cholesky(M: number[], n: number): number[] {
  for (let jitter = 0; jitter < 10; jitter++) {
    const eps = jitter === 0 ? 0 : 1e-12 * 10 ** jitter * Math.max(...Array.from({ length: n }, (_, i) => Math.abs(M[i * n + i])));
    const L = new Array(n * n).fill(0);
    let ok = true;
    for (let i = 0; i < n && ok; i++) {
      for (let j = 0; j <= i; j++) {
        let sum = M[i * n + j] + (i === j ? eps : 0);
        for (let k = 0; k < j; k++) sum -= L[i * n + k] * L[j * n + k];
        if (i === j) {
          if (!(sum > 0)) {
            ok = false;
            break;
          }
          L[i * n + i] = Math.sqrt(sum);
        } else L[i * n + j] = sum / L[j * n + j];
      }
    }
    if (ok) return L;
  }
  throw new Error('cholesky: matrix is not positive definite');
}

/** Inverse of a symmetric positive (semi)definite matrix through its eigen-decomposition; tiny eigenvalues are floored. */
export function symmetricInverse(M: number[], n: number, floor = 1e-12): number[] {
  const { values, vectors } = symmetricEigen(M, n);
  const top = Math.max(...values.map(Math.abs), 1e-300);
  const inv = new Array(n * n).fill(0);
  for (let k = 0; k < n; k++) {
    const lam = Math.max(values[k], floor * top);
    for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) inv[i * n + j] += (vectors[i * n + k] * vectors[j * n + k]) / lam;
  }
  return inv;
}
