// Sensitivity from a regression over a sweep's points, for designs with no estimator of their
// own (Latin hypercube, grid): what researchers report for such sweeps (Saltelli et al. 2004,
// "Sensitivity Analysis in Practice", §5.2; Marino et al. 2008, J. Theor. Biol. 254:178).
//
// - SRC, standardized regression coefficients: the slopes of the least-squares fit of the
//   outcome on the parameters, both standardized (a slope × sd(parameter) / sd(outcome)), with
//   the R² of that fit. Meaningful as a ranking when R² is high (the outcome nearly linear).
// - PRCC, partial rank correlation coefficients: the correlation of a parameter's ranks with the
//   outcome's ranks once the other parameters' ranks are regressed out of both. Measures monotone
//   effects, linear or not, in [−1, 1].
// Both come from the correlation matrix (of the values, or of their ranks), so no residuals are
// formed; the small linear systems are solved by mathjs. Intervals: percentile bootstrap over the
// points (rows resampled with replacement, ranks taken again in each resample), seeded, so the
// same points give the same intervals. A parameter that does not vary gets NaN; so does
// everything when there are fewer than k + 2 different points or the outcome does not vary.
import { createRequire } from 'node:module';
import seedrandom from 'seedrandom';
import { percentileInterval } from './stats.ts';

export type RegressionIndex = { name: string; coefficient: number; low: number; high: number };

export type RegressionIndices = {
  prcc: RegressionIndex[];
  src: RegressionIndex[];
  /** R² of the linear fit behind the SRC */
  r2: number;
};

/** Default level 0.9; resamples 1000, or 200 beyond 5000 points (each resample ranks every column again). */
export type RegressionOptions = { bootstrapReps?: number; level?: number; seed?: string };

type LuSolve = (a: number[][], b: number[]) => number[][];
let luSolve: LuSolve | undefined;

// mathjs is loaded when first needed, as in src/scenario/sandbox.ts (1–2 s under tsx's hooks)
function solver(): LuSolve {
  luSolve ??= (createRequire(import.meta.url)('mathjs') as typeof import('mathjs')).lusolve as unknown as LuSolve;
  return luSolve;
}

/**
 * PRCC and SRC of `outcome` against each parameter; `columns[j][i]` is parameter j at point i,
 * `outcome[i]` the outcome there.
 */
export function regressionIndices(names: readonly string[], columns: readonly ArrayLike<number>[], outcome: ArrayLike<number>, options: RegressionOptions = {}): RegressionIndices {
  const n = outcome.length;
  if (columns.length !== names.length || columns.some((c) => c.length !== n)) throw new Error(`regressionIndices: ${names.length} names, ${columns.length} columns, ${n} outcomes`);
  const reps = options.bootstrapReps ?? (n > 5000 ? 200 : 1000);
  const level = options.level ?? 0.9;
  const rng = seedrandom(options.seed ?? 'regressionIndices');
  const k = names.length;
  const all = Int32Array.from({ length: n }, (_, i) => i);
  const point = estimate(columns, outcome, all);
  const draws = { prcc: names.map(() => new Float64Array(reps)), src: names.map(() => new Float64Array(reps)) };
  const rows = new Int32Array(n);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) rows[i] = Math.floor(rng() * n);
    const e = estimate(columns, outcome, rows);
    for (let j = 0; j < k; j++) {
      draws.prcc[j][r] = e.prcc[j];
      draws.src[j][r] = e.src[j];
    }
  }
  const indices = (method: 'prcc' | 'src') =>
    names.map((name, j): RegressionIndex => ({ name, coefficient: point[method][j], ...finiteInterval(draws[method][j], level) }));
  return { prcc: indices('prcc'), src: indices('src'), r2: point.r2 };
}

/** The percentile interval of the finite draws; NaN when half of them or more are not finite. */
function finiteInterval(draws: Float64Array, level: number): { low: number; high: number } {
  const finite = draws.filter(Number.isFinite);
  if (finite.length * 2 <= draws.length) return { low: NaN, high: NaN };
  return percentileInterval(finite, level);
}

function estimate(columns: readonly ArrayLike<number>[], outcome: ArrayLike<number>, rows: Int32Array): { prcc: number[]; src: number[]; r2: number } {
  const k = columns.length;
  const pick = (values: ArrayLike<number>) => Float64Array.from(rows, (i) => values[i]);
  const x = columns.map(pick);
  const y = pick(outcome);
  const linear = correlations([...x, y]);
  const ranked = correlations([...x.map(ranks), ranks(y)]);
  const nan = () => new Array<number>(k).fill(NaN);
  const out = { prcc: nan(), src: nan(), r2: NaN };
  if (distinct(rows) < k + 2 || !linear) return out;
  const varying = x.map((_, j) => j).filter((j) => linear[j][j] > 0);
  // SRC: the standardized slopes solve R_xx β = r_xy; R² = r_xy · β
  const beta = solve(
    varying.map((a) => varying.map((b) => linear[a][b])),
    varying.map((a) => [linear[a][k]]),
  );
  if (beta) {
    varying.forEach((j, a) => (out.src[j] = beta[a][0]));
    out.r2 = varying.reduce((sum, j, a) => sum + beta[a][0] * linear[j][k], 0);
  }
  // PRCC: the partial correlation of parameter j and the outcome given the others, from the
  // rank correlations: r_jy·Z = (r_jy − r_jZ R_ZZ⁻¹ r_Zy) / √((1 − r_jZ R_ZZ⁻¹ r_Zj)(1 − r_yZ R_ZZ⁻¹ r_Zy))
  if (!ranked) return out;
  for (const j of varying) {
    const z = varying.filter((i) => i !== j);
    const sub = z.length ? solve(z.map((a) => z.map((b) => ranked[a][b])), z.map((a) => [ranked[a][j], ranked[a][k]])) : [];
    if (!sub) continue;
    let cjj = 1;
    let cyy = 1;
    let cjy = ranked[j][k];
    z.forEach((a, i) => {
      cjj -= ranked[j][a] * sub[i][0];
      cyy -= ranked[k][a] * sub[i][1];
      cjy -= ranked[j][a] * sub[i][1];
    });
    out.prcc[j] = cjy / Math.sqrt(cjj * cyy);
  }
  return out;
}

/**
 * Correlation matrix of the columns (Pearson); a constant column has 0 on its diagonal and 0
 * elsewhere. Undefined when the last column (the outcome) is constant.
 */
function correlations(columns: Float64Array[]): number[][] | undefined {
  const m = columns.length;
  const n = columns[0].length;
  const centred = columns.map((c) => {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += c[i];
    const mean = sum / n;
    return c.map((v) => v - mean);
  });
  const norms = centred.map((c) => Math.sqrt(c.reduce((s, v) => s + v * v, 0)));
  if (!(norms[m - 1] > 0)) return undefined;
  const r = Array.from({ length: m }, () => new Array<number>(m).fill(0));
  for (let a = 0; a < m; a++) {
    if (!(norms[a] > 0)) continue;
    r[a][a] = 1;
    for (let b = a + 1; b < m; b++) {
      if (!(norms[b] > 0)) continue;
      let s = 0;
      for (let i = 0; i < n; i++) s += centred[a][i] * centred[b][i];
      r[a][b] = r[b][a] = s / (norms[a] * norms[b]);
    }
  }
  return r;
}

/** How many different points a (re)sample holds: a fit needs k + 2 of them, not repeats. */
function distinct(rows: Int32Array): number {
  const seen = new Uint8Array(rows.length);
  let count = 0;
  for (const i of rows) if (!seen[i]++) count++;
  return count;
}

/** Ranks 1..n, ties sharing their mean rank. */
export function ranks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, i) => i).sort((a, b) => values[a] - values[b]);
  const out = new Float64Array(n);
  for (let start = 0; start < n; ) {
    let end = start + 1;
    while (end < n && values[order[end]] === values[order[start]]) end++;
    const rank = (start + end + 1) / 2;
    for (let i = start; i < end; i++) out[order[i]] = rank;
    start = end;
  }
  return out;
}

/** The solutions x of a·x = b for each column b of `bs` (as rows: x[i][c]), or undefined when a is singular. */
function solve(a: number[][], bs: number[][]): number[][] | undefined {
  if (a.length === 0) return [];
  const columns = bs[0].length;
  const x = a.map(() => new Array<number>(columns));
  try {
    for (let c = 0; c < columns; c++) {
      const xc = solver()(a, bs.map((row) => row[c]));
      for (let i = 0; i < a.length; i++) x[i][c] = xc[i][0];
    }
  } catch {
    return undefined;
  }
  return x.every((row) => row.every(Number.isFinite)) ? x : undefined;
}
