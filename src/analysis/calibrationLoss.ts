// The loss of a calibration (docs/MODEL.md §10): observed encounters by month and origin, what a run
// says over the same window, and the squared log error against the data with the side
// constraints (smuggler revenue, smuggled share, deaths, ...) as penalties. Pure.
import { monthKey } from '../model/calendar.ts';
import { FLOW, MONEY, ORIGIN_FLOWS, ORIGIN_MONEY, SECTOR_FLOW, SECTOR_FLOWS } from '../model/recorder.ts';
import type { MonthlyTables } from '../model/recorder.ts';
import { ORIGINS } from '../model/entities.ts';
import { InputError } from '../scenario/errors.ts';
import type { CalibrationFile } from './calibrationFile.ts';

export interface Observed {
  /** window months as YYYY-MM */
  months: string[];
  /** [month][origin] encounters, ORIGINS order */
  encounters: Float64Array;
}

/** Reads `month,origin,encounters,...` CSV text for the window; every window month × origin must be present. */
export function parseObserved(text: string, file: string, window: { start: string; end: string }): Observed {
  const lines = text.trim().split(/\r?\n/);
  const header = lines[0].split(',');
  const [iM, iO, iE] = ['month', 'origin', 'encounters'].map((c) => header.indexOf(c));
  if (iM < 0 || iO < 0 || iE < 0) throw new InputError(file, [], 'expected a header with columns month, origin, encounters', 1);
  const months: string[] = [];
  const [y0, m0] = window.start.split('-').map(Number);
  const [y1, m1] = window.end.split('-').map(Number);
  for (let k = y0 * 12 + m0 - 1; k <= y1 * 12 + m1 - 1; k++) months.push(monthKey(k));
  const encounters = new Float64Array(months.length * ORIGINS.length).fill(NaN);
  const mIndex = new Map(months.map((m, i) => [m, i]));
  lines.slice(1).forEach((line, k) => {
    const cells = line.split(',');
    const mi = mIndex.get(cells[iM]);
    const oi = (ORIGINS as readonly string[]).indexOf(cells[iO]);
    if (mi === undefined) return;
    if (oi < 0) throw new InputError(file, ['origin'], `unknown origin '${cells[iO]}'; expected one of ${ORIGINS.join(', ')}`, k + 2);
    const v = Number(cells[iE]);
    if (!(v >= 0)) throw new InputError(file, ['encounters'], `expected a count ≥ 0 (got '${cells[iE]}')`, k + 2);
    encounters[mi * ORIGINS.length + oi] = v;
  });
  const missing = encounters.findIndex((v) => Number.isNaN(v));
  if (missing >= 0) throw new InputError(file, [], `no row for ${months[Math.floor(missing / ORIGINS.length)]} ${ORIGINS[missing % ORIGINS.length]} in the window ${window.start}..${window.end}`);
  return { months, encounters };
}

/** What a run says over the window: encounters per month × origin and the side-constraint figures. */
export interface WindowSummary {
  encounters: Float64Array; // [month][origin]
  revenueUsdPerYear: number;
  smuggledShare: number;
  deathsPerYear: number;
  /** of crossings between ports (smuggled or alone), the share not ending as a got-away */
  apprehensionShare: number;
  /** border fees paid to smugglers per smuggled crossing (USD) */
  meanBorderFeeUsd: number;
}

/** Sums one run's tables over the window; `firstMonth` is the run's first month index. */
export function summarizeWindow(t: MonthlyTables, firstMonth: number, months: string[]): WindowSummary {
  const nO = t.origins;
  const nF = ORIGIN_FLOWS.length;
  const nS = t.sectors;
  const encounters = new Float64Array(months.length * nO);
  let revenue = 0;
  let smuggled = 0;
  let alone = 0;
  let deaths = 0;
  let gotaways = 0;
  let borderFees = 0;
  months.forEach((key, i) => {
    const [y, m] = key.split('-').map(Number);
    const mi = y * 12 + m - 1 - firstMonth;
    if (mi < 0 || mi >= t.months) throw new Error(`summarizeWindow: ${key} is outside the run`);
    for (let o = 0; o < nO; o++) {
      encounters[i * nO + o] = t.originFlows[(mi * nF + FLOW.encounters) * nO + o];
      smuggled += t.originFlows[(mi * nF + FLOW.smuggled) * nO + o];
      alone += t.originFlows[(mi * nF + FLOW.crossed_alone) * nO + o];
      gotaways += t.originFlows[(mi * nF + FLOW.gotaways) * nO + o];
      revenue += t.originMoney[(mi * ORIGIN_MONEY.length + MONEY.smuggler_revenue_usd) * nO + o];
      borderFees += t.originMoney[(mi * ORIGIN_MONEY.length + MONEY.border_fees_usd) * nO + o];
    }
    for (let s = 0; s < nS; s++) deaths += t.sectorFlows[(mi * SECTOR_FLOWS.length + SECTOR_FLOW.deaths) * nS + s];
  });
  const years = months.length / 12;
  const crossings = smuggled + alone;
  return {
    encounters,
    revenueUsdPerYear: revenue / years,
    smuggledShare: crossings > 0 ? smuggled / crossings : 0,
    deathsPerYear: deaths / years,
    apprehensionShare: crossings > 0 ? 1 - gotaways / crossings : 0,
    meanBorderFeeUsd: smuggled > 0 ? borderFees / smuggled : 0,
  };
}

/** The mean over replications (common random numbers: the same seeds for every candidate). */
export function meanSummary(runs: WindowSummary[]): WindowSummary {
  const n = runs.length;
  const encounters = new Float64Array(runs[0].encounters.length);
  for (const r of runs) for (let i = 0; i < encounters.length; i++) encounters[i] += r.encounters[i] / n;
  const avg = (f: (r: WindowSummary) => number) => runs.reduce((a, r) => a + f(r), 0) / n;
  return {
    encounters,
    revenueUsdPerYear: avg((r) => r.revenueUsdPerYear),
    smuggledShare: avg((r) => r.smuggledShare),
    deathsPerYear: avg((r) => r.deathsPerYear),
    apprehensionShare: avg((r) => r.apprehensionShare),
    meanBorderFeeUsd: avg((r) => r.meanBorderFeeUsd),
  };
}

/** ln(sim + c) − ln(obs + c) per origin-month: the residuals of the data part of the loss. */
export function logResiduals(sim: WindowSummary, obs: Observed, offset: number): Float64Array {
  const r = new Float64Array(obs.encounters.length);
  for (let i = 0; i < r.length; i++) r[i] = Math.log(sim.encounters[i] + offset) - Math.log(obs.encounters[i] + offset);
  return r;
}

export function bandPenalty(value: number, band: { min: number; max: number; weight: number } | undefined): number {
  if (!band) return 0;
  if (value < band.min) return band.weight * ((band.min - value) / band.min) ** 2;
  if (value > band.max) return band.weight * ((value - band.max) / band.max) ** 2;
  return 0;
}

export interface LossParts {
  total: number;
  /** mean squared log error over origin-months */
  data: number;
  revenue: number;
  smuggled: number;
  deaths: number;
  apprehension: number;
  fee: number;
}

export function lossOf(sim: WindowSummary, obs: Observed, cal: Pick<CalibrationFile, 'loss' | 'constraints'>): LossParts {
  const r = logResiduals(sim, obs, cal.loss.offset);
  let ss = 0;
  for (const x of r) ss += x * x;
  const data = ss / r.length;
  const revenue = bandPenalty(sim.revenueUsdPerYear, cal.constraints.smugglerRevenueUsdPerYear);
  const smuggled = bandPenalty(sim.smuggledShare, cal.constraints.smuggledShare);
  const deaths = bandPenalty(sim.deathsPerYear, cal.constraints.deathsPerYear);
  const apprehension = bandPenalty(sim.apprehensionShare, cal.constraints.apprehensionShare);
  const fee = bandPenalty(sim.meanBorderFeeUsd, cal.constraints.meanBorderFeeUsd);
  return { total: data + revenue + smuggled + deaths + apprehension + fee, data, revenue, smuggled, deaths, apprehension, fee };
}
