// The model's discrepancy as a local level (a random walk seen through noise): on the log scale the
// record is the model plus a bias that wanders month to month, e_t = b_t + ε_t, b_t = b_{t−1} + η_t,
// η ~ N(0, σ_η²), ε ~ N(0, σ_ε²) (Harvey 1989, ch. 2; Durbin & Koopman 2012, ch. 2). The nowcast
// carries b as a Kalman filter inside each particle (a Rao–Blackwellised particle filter: the
// level is integrated out exactly, the simulation's state is sampled), so a forecast starts from
// the level the record shows now rather than from the calibration window's average misfit. Pure.

/** A particle's belief about one series' level: mean and variance. */
export interface Level {
  mean: number;
  variance: number;
}

/** Spreads of the local-level model, per series. */
export interface LevelModel {
  /** σ_η: the level's step a month */
  step: number;
  /** σ_ε: the month's own noise around the level */
  noise: number;
}

/** The level one month on, before that month's data: its variance grows by σ_η². */
export function predictLevel(l: Level, m: LevelModel, months = 1): Level {
  return { mean: l.mean, variance: l.variance + months * m.step * m.step };
}

/**
 * One month's update with the residual e = ln(obs + c) − ln(sim + c), after predictLevel: the
 * updated level and ln p(e | the past), normal with variance P + σ_ε².
 */
export function updateLevel(l: Level, m: LevelModel, e: number): { level: Level; logLik: number } {
  const s = l.variance + m.noise * m.noise;
  const v = e - l.mean;
  const gain = l.variance / s;
  return { level: { mean: l.mean + gain * v, variance: (1 - gain) * l.variance }, logLik: -0.5 * (Math.log(2 * Math.PI * s) + (v * v) / s) };
}

/** ln-likelihood of a residual series under (σ_η, σ_ε), the first month starting the level (diffuse start). */
export function levelLogLik(series: readonly number[], m: LevelModel): number {
  if (series.length < 2) return 0;
  let level: Level = { mean: series[0], variance: m.noise * m.noise };
  let ll = 0;
  for (let t = 1; t < series.length; t++) {
    const u = updateLevel(predictLevel(level, m), m, series[t]);
    ll += u.logLik;
    level = u.level;
  }
  return ll;
}

/** σ values the fit searches: 40 steps, evenly on the log scale, from 0.01 to 2. */
const GRID = Array.from({ length: 40 }, (_, i) => Math.exp(Math.log(0.01) + (i * (Math.log(2) - Math.log(0.01))) / 39));

/**
 * Maximum-likelihood (σ_η, σ_ε) of residual series that share them (e.g. one per simulation draw:
 * a particle's misfit holds its own run's noise, which the mean over draws would hide), on a log
 * grid: two parameters, so a grid is exact enough and cannot fail to converge.
 */
export function fitLevel(series: readonly (readonly number[])[]): LevelModel {
  let best: LevelModel = { step: GRID[0], noise: GRID[0] };
  let bestLl = -Infinity;
  for (const step of GRID)
    for (const noise of GRID) {
      let ll = 0;
      for (const e of series) ll += levelLogLik(e, { step, noise });
      if (ll > bestLl) {
        bestLl = ll;
        best = { step, noise };
      }
    }
  return best;
}
