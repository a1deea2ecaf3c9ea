// How well simulated monthly series match observed ones (issue 5, validate-fit): mean absolute
// percentage error, Pearson correlation, and the ranking of origins by yearly totals. Pure.

/** Mean absolute percentage error, in percent, over the points where the observation is positive. */
export function mape(observed: ArrayLike<number>, simulated: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < observed.length; i++) {
    if (!(observed[i] > 0)) continue;
    sum += Math.abs(simulated[i] - observed[i]) / observed[i];
    n++;
  }
  return n ? (100 * sum) / n : NaN;
}

/** Pearson correlation; NaN when either series is constant or shorter than two points. */
export function pearson(a: ArrayLike<number>, b: ArrayLike<number>): number {
  const n = a.length;
  if (n < 2 || b.length !== n) return NaN;
  let ma = 0;
  let mb = 0;
  for (let i = 0; i < n; i++) {
    ma += a[i];
    mb += b[i];
  }
  ma /= n;
  mb /= n;
  let sab = 0;
  let saa = 0;
  let sbb = 0;
  for (let i = 0; i < n; i++) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) ** 2;
    sbb += (b[i] - mb) ** 2;
  }
  return saa > 0 && sbb > 0 ? sab / Math.sqrt(saa * sbb) : NaN;
}

/** Ranks 1 = largest; ties share the mean of their ranks. */
export function ranks(values: ArrayLike<number>): number[] {
  const idx = Array.from({ length: values.length }, (_, i) => i).sort((i, j) => values[j] - values[i]);
  const out = new Array<number>(values.length);
  for (let k = 0; k < idx.length; ) {
    let e = k;
    while (e + 1 < idx.length && values[idx[e + 1]] === values[idx[k]]) e++;
    for (let t = k; t <= e; t++) out[idx[t]] = (k + e) / 2 + 1;
    k = e + 1;
  }
  return out;
}

/** Spearman rank correlation (Pearson on ranks). */
export function spearman(a: ArrayLike<number>, b: ArrayLike<number>): number {
  return pearson(ranks(a), ranks(b));
}

export interface FitPoint {
  month: string; // YYYY-MM
  origin: string;
  observed: number;
  simulated: number;
}

export interface OriginFit {
  origin: string;
  observedTotal: number;
  simulatedTotal: number;
  mape: number;
  /** weighted absolute error Σ|sim − obs| / Σ obs, in percent */
  wae: number;
  correlation: number;
}

export interface YearRanking {
  year: string;
  /** origins from most to fewest encounters */
  observed: string[];
  simulated: string[];
  spearman: number;
}

export interface FitReport {
  origins: OriginFit[];
  /** the series of monthly totals over origins */
  total: OriginFit;
  /** MAPE over every origin-month */
  pooledMape: number;
  rankings: YearRanking[];
}

/** Error per origin, of the monthly totals, pooled over origin-months, and yearly rankings. */
export function fitReport(points: readonly FitPoint[]): FitReport {
  const origins = [...new Set(points.map((p) => p.origin))];
  const months = [...new Set(points.map((p) => p.month))].sort();
  const at = new Map(points.map((p) => [`${p.month}|${p.origin}`, p]));
  const fitOf = (origin: string, obs: number[], sim: number[]): OriginFit => ({
    origin,
    observedTotal: obs.reduce((a, b) => a + b, 0),
    simulatedTotal: sim.reduce((a, b) => a + b, 0),
    mape: mape(obs, sim),
    wae: (100 * obs.reduce((a, x, i) => a + Math.abs(sim[i] - x), 0)) / Math.max(1e-9, obs.reduce((a, b) => a + b, 0)),
    correlation: pearson(obs, sim),
  });
  const perOrigin = origins.map((o) => {
    const ps = months.map((m) => at.get(`${m}|${o}`)).filter((p): p is FitPoint => p !== undefined);
    return fitOf(o, ps.map((p) => p.observed), ps.map((p) => p.simulated));
  });
  const totObs = months.map((m) => origins.reduce((a, o) => a + (at.get(`${m}|${o}`)?.observed ?? 0), 0));
  const totSim = months.map((m) => origins.reduce((a, o) => a + (at.get(`${m}|${o}`)?.simulated ?? 0), 0));
  const years = [...new Set(months.map((m) => m.slice(0, 4)))];
  const rankings = years.map((year) => {
    const obs = origins.map((o) => points.filter((p) => p.origin === o && p.month.startsWith(year)).reduce((a, p) => a + p.observed, 0));
    const sim = origins.map((o) => points.filter((p) => p.origin === o && p.month.startsWith(year)).reduce((a, p) => a + p.simulated, 0));
    const order = (v: number[]) => origins.map((o, i) => [o, v[i]] as const).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])).map((x) => x[0]);
    return { year, observed: order(obs), simulated: order(sim), spearman: spearman(obs, sim) };
  });
  return {
    origins: perOrigin,
    total: fitOf('TOTAL', totObs, totSim),
    pooledMape: mape(points.map((p) => p.observed), points.map((p) => p.simulated)),
    rankings,
  };
}

/** The fit issue 12 asks of the model on its calibration window (validate-fit, fresh streams). */
export const FIT_TARGETS = {
  totalCorrelation: 0.9,
  totalMapePercent: 12,
  /** origins held to the per-origin targets */
  origins: ['MEX', 'GTM', 'HND', 'SLV', 'CUB', 'VEN', 'OTHER'],
  originWaePercent: 30,
  originCorrelation: 0.6,
  rankingSpearman: 0.8,
} as const;

export interface TargetCheck {
  target: string;
  value: number;
  goal: string;
  met: boolean;
}

/** Each target of FIT_TARGETS against a fit report, met or missed, with the value. */
export function checkTargets(r: FitReport): TargetCheck[] {
  const T = FIT_TARGETS;
  const out: TargetCheck[] = [
    { target: 'monthly total: correlation', value: r.total.correlation, goal: `≥ ${T.totalCorrelation}`, met: r.total.correlation >= T.totalCorrelation },
    { target: 'monthly total: MAPE %', value: r.total.mape, goal: `≤ ${T.totalMapePercent}`, met: r.total.mape <= T.totalMapePercent },
  ];
  for (const code of T.origins) {
    const o = r.origins.find((x) => x.origin === code);
    if (!o) continue;
    out.push({ target: `${code}: weighted absolute error %`, value: o.wae, goal: `≤ ${T.originWaePercent}`, met: o.wae <= T.originWaePercent });
    out.push({ target: `${code}: correlation`, value: o.correlation, goal: `≥ ${T.originCorrelation}`, met: o.correlation >= T.originCorrelation });
  }
  for (const y of r.rankings) out.push({ target: `${y.year} ranking of origins: Spearman`, value: y.spearman, goal: `≥ ${T.rankingSpearman}`, met: y.spearman >= T.rankingSpearman });
  return out;
}
