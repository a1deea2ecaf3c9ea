// A compact (μ/μ_w, λ)-CMA-ES (Hansen 2016, "The CMA Evolution Strategy: A Tutorial", the
// default strategy parameters of its Table 1), for minimising a noisy simulator's loss.
// Pure: the state is a plain JSON object, so a calibration can checkpoint it after every
// generation and resume exactly. The samples of generation g are drawn from the stream
// `${seed}|g${g}`, so a resumed run draws the very same candidates as an uninterrupted one.
import seedrandom from 'seedrandom';

export interface CmaesOptions {
  /** starting mean */
  x0: number[];
  /** starting step size (in the coordinates of x0) */
  sigma0: number;
  /** population size λ; default 4 + ⌊3 ln n⌋ */
  lambda?: number;
  seed: string;
}

export interface CmaesState {
  n: number;
  lambda: number;
  mu: number;
  weights: number[];
  mueff: number;
  cc: number;
  cs: number;
  c1: number;
  cmu: number;
  damps: number;
  chiN: number;
  seed: string;
  generation: number;
  evaluations: number;
  mean: number[];
  sigma: number;
  /** covariance matrix, row-major n × n */
  C: number[];
  pc: number[];
  ps: number[];
  /** eigenvectors (columns of B, row-major) and square roots of eigenvalues of C */
  B: number[];
  D: number[];
  best: { x: number[]; f: number } | null;
}

export function cmaesInit(opts: CmaesOptions): CmaesState {
  const n = opts.x0.length;
  const lambda = opts.lambda ?? 4 + Math.floor(3 * Math.log(n));
  const mu = Math.floor(lambda / 2);
  const raw = Array.from({ length: mu }, (_, i) => Math.log((lambda + 1) / 2) - Math.log(i + 1));
  const sum = raw.reduce((a, b) => a + b, 0);
  const weights = raw.map((w) => w / sum);
  const mueff = 1 / weights.reduce((a, w) => a + w * w, 0);
  const cc = (4 + mueff / n) / (n + 4 + (2 * mueff) / n);
  const cs = (mueff + 2) / (n + mueff + 5);
  const c1 = 2 / ((n + 1.3) ** 2 + mueff);
  const cmu = Math.min(1 - c1, (2 * (mueff - 2 + 1 / mueff)) / ((n + 2) ** 2 + mueff));
  const damps = 1 + 2 * Math.max(0, Math.sqrt((mueff - 1) / (n + 1)) - 1) + cs;
  const chiN = Math.sqrt(n) * (1 - 1 / (4 * n) + 1 / (21 * n * n));
  const I = identity(n);
  return {
    n, lambda, mu, weights, mueff, cc, cs, c1, cmu, damps, chiN,
    seed: opts.seed, generation: 0, evaluations: 0,
    mean: opts.x0.slice(), sigma: opts.sigma0,
    C: I.slice(), pc: new Array(n).fill(0), ps: new Array(n).fill(0),
    B: I.slice(), D: new Array(n).fill(1), best: null,
  };
}

/** The λ candidates of the current generation (deterministic given the state). */
export function cmaesAsk(s: CmaesState): number[][] {
  const { n } = s;
  const rng = seedrandom(`${s.seed}|g${s.generation}`);
  const gauss = gaussian(rng);
  const out: number[][] = [];
  for (let k = 0; k < s.lambda; k++) {
    const z = Array.from({ length: n }, gauss);
    const x = new Array(n);
    for (let i = 0; i < n; i++) {
      let y = 0;
      for (let j = 0; j < n; j++) y += s.B[i * n + j] * s.D[j] * z[j];
      x[i] = s.mean[i] + s.sigma * y;
    }
    out.push(x);
  }
  return out;
}

/** Updates the state with the losses of the candidates that `cmaesAsk` gave; returns a new state. */
export function cmaesTell(prev: CmaesState, xs: number[][], fs: number[]): CmaesState {
  const s: CmaesState = structuredClone(prev);
  const { n, mu, weights, mueff, cc, cs, c1, cmu, damps, chiN } = s;
  if (xs.length !== s.lambda || fs.length !== s.lambda) throw new Error(`cmaesTell: expected ${s.lambda} candidates and losses`);
  const order = fs.map((f, i) => [f, i] as const).sort((a, b) => a[0] - b[0] || a[1] - b[1]).map((p) => p[1]);
  s.evaluations += s.lambda;
  const bestNow = order[0];
  if (Number.isFinite(fs[bestNow]) && (s.best === null || fs[bestNow] < s.best.f)) s.best = { x: xs[bestNow].slice(), f: fs[bestNow] };

  const old = s.mean.slice();
  const mean = new Array(n).fill(0);
  for (let k = 0; k < mu; k++) for (let i = 0; i < n; i++) mean[i] += weights[k] * xs[order[k]][i];
  s.mean = mean;
  const step = mean.map((m, i) => (m - old[i]) / s.sigma);

  // C^(-1/2) · step = B · D^-1 · Bᵀ · step
  const bt = new Array(n).fill(0);
  for (let j = 0; j < n; j++) for (let i = 0; i < n; i++) bt[j] += s.B[i * n + j] * step[i];
  const invsqrt = new Array(n).fill(0);
  for (let i = 0; i < n; i++) for (let j = 0; j < n; j++) invsqrt[i] += (s.B[i * n + j] * bt[j]) / s.D[j];

  for (let i = 0; i < n; i++) s.ps[i] = (1 - cs) * s.ps[i] + Math.sqrt(cs * (2 - cs) * mueff) * invsqrt[i];
  const psNorm = Math.sqrt(s.ps.reduce((a, v) => a + v * v, 0));
  const hsig = psNorm / Math.sqrt(1 - (1 - cs) ** (2 * (s.generation + 1))) / chiN < 1.4 + 2 / (n + 1) ? 1 : 0;
  for (let i = 0; i < n; i++) s.pc[i] = (1 - cc) * s.pc[i] + hsig * Math.sqrt(cc * (2 - cc) * mueff) * step[i];

  const ys = order.slice(0, mu).map((k) => xs[k].map((x, i) => (x - old[i]) / s.sigma));
  const c1a = c1 * (1 - (1 - hsig) * cc * (2 - cc));
  for (let i = 0; i < n; i++) {
    for (let j = 0; j <= i; j++) {
      let rankMu = 0;
      for (let k = 0; k < mu; k++) rankMu += weights[k] * ys[k][i] * ys[k][j];
      const v = (1 - c1a - cmu) * s.C[i * n + j] + c1 * s.pc[i] * s.pc[j] + cmu * rankMu;
      s.C[i * n + j] = v;
      s.C[j * n + i] = v;
    }
  }
  s.sigma *= Math.exp(Math.min(1, (cs / damps) * (psNorm / chiN - 1)));
  const { values, vectors } = symmetricEigen(s.C, n);
  s.B = vectors;
  s.D = values.map((v) => Math.sqrt(Math.max(v, 1e-20)));
  s.generation += 1;
  return s;
}

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
