// Summaries, intervals and paired comparisons over replications.
// Pure functions; randomness only through an explicit generator `rng` returning [0, 1)
// (e.g. `seedrandom(seed)`), so every interval is reproducible.
import seedrandom from 'seedrandom';

export type Rng = () => number;

/** The columns of `summary_*.csv`: mean, sd and the 5th/50th/95th percentiles. */
export type Summary = { mean: number; sd: number; p05: number; p50: number; p95: number };

export type Interval = { estimate: number; low: number; high: number };

export type PairedComparison = {
  /** number of pairs */
  n: number;
  /** b − a, pair by pair (the spread over replications: diff_p05, diff_p95 in comparison.csv) */
  diff: Summary;
  /** (b − a) / a over the pairs where a ≠ 0 */
  rel: Summary;
  /** number of pairs with a ≠ 0 */
  nRel: number;
  /** percentile-bootstrap interval for the mean of b − a */
  diffMeanInterval: Interval;
  /** percentile-bootstrap interval for the mean of (b − a) / a */
  relMeanInterval: Interval;
};

export type PairedOptions = { level?: number; reps?: number; seed?: string };

/** Arithmetic mean; NaN for no values. */
export function mean(values: ArrayLike<number>): number {
  const n = values.length;
  if (n === 0) return NaN;
  let sum = 0;
  for (let i = 0; i < n; i++) sum += values[i];
  return sum / n;
}

/** Sample standard deviation (denominator n − 1, as R's sd); NaN for fewer than two values. */
export function sd(values: ArrayLike<number>): number {
  const n = values.length;
  if (n < 2) return NaN;
  const m = mean(values);
  let ss = 0;
  for (let i = 0; i < n; i++) ss += (values[i] - m) ** 2;
  return Math.sqrt(ss / (n - 1));
}

/**
 * Quantile of already sorted values, Hyndman & Fan (1996) type 7 (the default of R and numpy):
 * linear interpolation between order statistics at h = (n − 1)p.
 */
function quantileSorted(sorted: ArrayLike<number>, p: number): number {
  const n = sorted.length;
  if (n === 0 || !(p >= 0 && p <= 1)) return NaN;
  const h = (n - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Type-7 quantile on a sorted copy (the input is left untouched). */
export function quantile(values: ArrayLike<number>, p: number): number {
  return quantileSorted(sortedCopy(values), p);
}

export function summarize(values: ArrayLike<number>): Summary {
  const sorted = sortedCopy(values);
  return {
    mean: mean(values),
    sd: sd(values),
    p05: quantileSorted(sorted, 0.05),
    p50: quantileSorted(sorted, 0.5),
    p95: quantileSorted(sorted, 0.95),
  };
}

/** Equal-tailed percentile interval of a bootstrap (or any) distribution at `level`. */
export function percentileInterval(values: ArrayLike<number>, level: number): { low: number; high: number } {
  const sorted = sortedCopy(values);
  const tail = (1 - level) / 2;
  return { low: quantileSorted(sorted, tail), high: quantileSorted(sorted, 1 - tail) };
}

/**
 * Percentile bootstrap (Efron & Tibshirani 1993, ch. 13): resample `data` with replacement
 * `reps` times, and take the equal-tailed `level` interval of the statistic.
 */
export function bootstrapInterval<T>(
  statistic: (sample: T[]) => number,
  data: readonly T[],
  reps: number,
  rng: Rng,
  level = 0.95,
): Interval {
  const n = data.length;
  const estimate = statistic(data.slice());
  if (n === 0) return { estimate, low: NaN, high: NaN };
  const draws = new Float64Array(reps);
  const sample: T[] = new Array(n);
  for (let r = 0; r < reps; r++) {
    for (let i = 0; i < n; i++) sample[i] = data[Math.floor(rng() * n)];
    draws[r] = statistic(sample);
  }
  return { estimate, ...percentileInterval(draws, level) };
}

/**
 * Paired comparison of scenario `b` against baseline `a`, replication by replication
 * (common random numbers make the pairs correlated, so differences are taken per pair).
 * Intervals for the mean differences use a percentile bootstrap seeded by `options.seed`,
 * so the same inputs always give the same interval. Default level 0.9, matching p05/p95.
 */
export function pairedDifferences(a: ArrayLike<number>, b: ArrayLike<number>, options: PairedOptions = {}): PairedComparison {
  if (a.length !== b.length) throw new Error(`pairedDifferences: ${a.length} baseline values but ${b.length} scenario values`);
  const level = options.level ?? 0.9;
  const reps = options.reps ?? 1000;
  const rng = seedrandom(options.seed ?? 'pairedDifferences');
  const diffs: number[] = [];
  const rels: number[] = [];
  for (let i = 0; i < a.length; i++) {
    diffs.push(b[i] - a[i]);
    if (a[i] !== 0) rels.push((b[i] - a[i]) / a[i]);
  }
  return {
    n: diffs.length,
    diff: summarize(diffs),
    rel: summarize(rels),
    nRel: rels.length,
    diffMeanInterval: bootstrapInterval(mean, diffs, reps, rng, level),
    relMeanInterval: bootstrapInterval(mean, rels, reps, rng, level),
  };
}

/**
 * Standard normal quantile, Wichura (1988) algorithm AS 241 (PPND16, ~1e-16 relative accuracy),
 * the same rational approximations as R's qnorm.
 */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) return p === 0 ? -Infinity : p === 1 ? Infinity : NaN;
  const q = p - 0.5;
  if (Math.abs(q) <= 0.425) {
    const r = 0.180625 - q * q;
    return (
      (q *
        (((((((r * 2509.0809287301226727 + 33430.575583588128105) * r + 67265.770927008700853) * r +
          45921.953931549871457) * r + 13731.693765509461125) * r + 1971.5909503065514427) * r +
          133.14166789178437745) * r + 3.387132872796366608)) /
      (((((((r * 5226.495278852545925 + 28729.085735721942674) * r + 39307.89580009271061) * r +
        21213.794301586595867) * r + 5394.1960214247511077) * r + 687.1870074920579083) * r +
        42.313330701600911252) * r + 1)
    );
  }
  let r = Math.sqrt(-Math.log(q < 0 ? p : 1 - p));
  let value: number;
  if (r <= 5) {
    r -= 1.6;
    value =
      (((((((r * 7.7454501427834140764e-4 + 0.0227238449892691845833) * r + 0.24178072517745061177) * r +
        1.27045825245236838258) * r + 3.64784832476320460504) * r + 5.7694972214606914055) * r +
        4.6303378461565452959) * r + 1.42343711074968357734) /
      (((((((r * 1.05075007164441684324e-9 + 5.475938084995344946e-4) * r + 0.0151986665636164571966) * r +
        0.14810397642748007459) * r + 0.68976733498510000455) * r + 1.6763848301838038494) * r +
        2.05319162663775882187) * r + 1);
  } else {
    r -= 5;
    value =
      (((((((r * 2.01033439929228813265e-7 + 2.71155556874348757815e-5) * r + 0.0012426609473880784386) * r +
        0.026532189526576123093) * r + 0.29656057182850489123) * r + 1.7848265399172913358) * r +
        5.4637849111641143699) * r + 6.6579046435011037772) /
      (((((((r * 2.04426310338993978564e-15 + 1.4215117583164458887e-7) * r + 1.8463183175100546818e-5) * r +
        7.868691311456132591e-4) * r + 0.0148753612908506148525) * r + 0.13692988092273580531) * r +
        0.59983220655588793769) * r + 1);
  }
  return q < 0 ? -value : value;
}

function sortedCopy(values: ArrayLike<number>): Float64Array {
  return Float64Array.from(values).sort();
}
