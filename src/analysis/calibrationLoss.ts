// The distance between a run and the record (docs/MODEL.md §10): what a run says over the
// calibration window, on the record's own measure each month (encounters between ports before
// October 2020, all encounters after), its squared log error against the record, and the side
// constraints (smuggler revenue, smuggled share, deaths, apprehension share, fee, Mexico's
// detentions, repeat encounters) as penalties outside their bands. Pure.
import { FLOW, MONEY, ORIGIN_FLOWS, ORIGIN_MONEY, SECTOR_FLOW, SECTOR_FLOWS } from '../model/recorder.ts';
import type { MonthlyTables } from '../model/recorder.ts';
import type { EncounterRecord } from '../data/encounterRecord.ts';
import type { CalibrationFile } from './calibrationFile.ts';
import { seriesValue, wholeYears } from './darienFit.ts';
import type { DarienSeries } from './darienFit.ts';
import type { DarienCounts } from '../data/darien.ts';
import { monthIndex } from '../model/calendar.ts';
import { experimentsError } from './naturalExperiments.ts';

/** What a run says over the window, month by month. */
export interface WindowSummary {
  /** [month][origin] encounters on the record's measure of each month */
  encounters: Float64Array;
  /** all encounters, whatever the record's measure, [month][origin] */
  allEncounters: Float64Array;
  /** per month, summed over origins */
  revenueUsd: Float64Array;
  smuggled: Float64Array;
  crossedAlone: Float64Array;
  gotaways: Float64Array;
  deaths: Float64Array;
  borderFeesUsd: Float64Array;
  detainedMexico: Float64Array;
  /** persons at their first encounter of the fiscal year, per month summed over origins */
  personsEncounteredFy: Float64Array;
  /** arrivals at the Darién hub, [month][origin] */
  darien: Float64Array;
}


/** Reads one run's tables over the record's months; `firstMonth` is the month index of the tables' first month. */
export function summarizeWindow(t: MonthlyTables, firstMonth: number, record: EncounterRecord): WindowSummary {
  const nO = t.origins;
  const nF = ORIGIN_FLOWS.length;
  const nM = ORIGIN_MONEY.length;
  const nS = t.sectors;
  const n = record.months.length;
  const s: WindowSummary = {
    encounters: new Float64Array(n * nO), allEncounters: new Float64Array(n * nO),
    revenueUsd: new Float64Array(n), smuggled: new Float64Array(n), crossedAlone: new Float64Array(n), gotaways: new Float64Array(n),
    deaths: new Float64Array(n), borderFeesUsd: new Float64Array(n), detainedMexico: new Float64Array(n), personsEncounteredFy: new Float64Array(n),
    darien: new Float64Array(n * nO),
  };
  for (let i = 0; i < n; i++) {
    const mi = record.firstMonth + i - firstMonth;
    if (mi < 0 || mi >= t.months) throw new Error(`summarizeWindow: ${record.months[i]} is outside the run`);
    const flow = record.measure[i] === 'all' ? FLOW.encounters : FLOW.encounters_between_ports;
    for (let o = 0; o < nO; o++) {
      const at = (f: number) => t.originFlows[(mi * nF + f) * nO + o];
      s.encounters[i * nO + o] = at(flow);
      s.allEncounters[i * nO + o] = at(FLOW.encounters);
      s.darien[i * nO + o] = at(FLOW.darien_crossings);
      s.smuggled[i] += at(FLOW.smuggled);
      s.crossedAlone[i] += at(FLOW.crossed_alone);
      s.gotaways[i] += at(FLOW.gotaways);
      s.detainedMexico[i] += at(FLOW.detained_mexico);
      s.personsEncounteredFy[i] += at(FLOW.persons_encountered_fy);
      s.revenueUsd[i] += t.originMoney[(mi * nM + MONEY.smuggler_revenue_usd) * nO + o];
      s.borderFeesUsd[i] += t.originMoney[(mi * nM + MONEY.border_fees_usd) * nO + o];
    }
    for (let k = 0; k < nS; k++) s.deaths[i] += t.sectorFlows[(mi * SECTOR_FLOWS.length + SECTOR_FLOW.deaths) * nS + k];
  }
  return s;
}

/** The side-constraint figures over a period of the window (default: all of it). */
export interface SideFigures {
  revenueUsdPerYear: number;
  smuggledShare: number;
  deathsPerYear: number;
  /** of crossings between ports (smuggled or alone), the share not ending as a got-away */
  apprehensionShare: number;
  /** border fees paid to smugglers per smuggled crossing (USD) */
  meanBorderFeeUsd: number;
}

/**
 * The figures over the months of `period` that the record holds (a backtest's record may end inside
 * the period, or before it: then every figure is NaN, and bandPenalty counts nothing for it).
 */
export function sideFigures(s: WindowSummary, record: EncounterRecord, period?: { start: string; end: string }): SideFigures {
  const last = record.months.length - 1;
  const a = period ? Math.max(0, monthIndex(period.start) - record.firstMonth) : 0;
  const b = period ? Math.min(last, monthIndex(period.end) - record.firstMonth) : last;
  if (a > b) return { revenueUsdPerYear: NaN, smuggledShare: NaN, deathsPerYear: NaN, apprehensionShare: NaN, meanBorderFeeUsd: NaN };
  const sum = (x: Float64Array) => {
    let t = 0;
    for (let i = a; i <= b; i++) t += x[i];
    return t;
  };
  const years = (b - a + 1) / 12;
  const smuggled = sum(s.smuggled);
  const crossings = smuggled + sum(s.crossedAlone);
  return {
    revenueUsdPerYear: sum(s.revenueUsd) / years,
    smuggledShare: crossings > 0 ? smuggled / crossings : 0,
    deathsPerYear: sum(s.deaths) / years,
    apprehensionShare: crossings > 0 ? 1 - sum(s.gotaways) / crossings : 0,
    meanBorderFeeUsd: smuggled > 0 ? sum(s.borderFeesUsd) / smuggled : 0,
  };
}

/** Mexico's detentions by calendar year (whole years inside the window only). */
export function detentionsByYear(s: WindowSummary, record: EncounterRecord): Map<string, number> {
  const out = new Map<string, { total: number; months: number }>();
  record.months.forEach((m, i) => {
    const y = m.slice(0, 4);
    const e = out.get(y) ?? { total: 0, months: 0 };
    e.total += s.detainedMexico[i];
    e.months++;
    out.set(y, e);
  });
  return new Map([...out].filter(([, e]) => e.months === 12).map(([y, e]) => [y, e.total]));
}

/**
 * The share of encounters that were a person's second or later of the US fiscal year
 * (October–September), 1 − persons / encounters, all encounters (ports included), by fiscal
 * year: whole fiscal years inside the window only. A person who went home and set off again is
 * a new agent, so repeats after a removal home are not counted: the share is a lower bound.
 */
export function repeatShareByFiscalYear(s: WindowSummary, record: EncounterRecord): Map<string, number> {
  const nO = s.allEncounters.length / record.months.length;
  const out = new Map<string, { encounters: number; persons: number; months: number }>();
  record.months.forEach((m, i) => {
    const month = Number(m.slice(5, 7));
    const fy = String(Number(m.slice(0, 4)) + (month >= 10 ? 1 : 0));
    const e = out.get(fy) ?? { encounters: 0, persons: 0, months: 0 };
    for (let o = 0; o < nO; o++) e.encounters += s.allEncounters[i * nO + o];
    e.persons += s.personsEncounteredFy[i];
    e.months++;
    out.set(fy, e);
  });
  return new Map([...out].filter(([, e]) => e.months === 12).map(([fy, e]) => [fy, e.encounters > 0 ? 1 - e.persons / e.encounters : 0]));
}

/**
 * Mean squared log error of the monthly total, summed over origins. The origins' mean weighs
 * every origin-month alike, so a fit can trade the level of the largest origin for the shapes of
 * the small ones; this term is what sees the total's level (docs/CALIBRATION.md).
 */
export function totalError(sim: Float64Array, record: EncounterRecord, offset: number): number {
  const n = record.months.length;
  const nO = record.encounters.length / n;
  let ss = 0;
  for (let i = 0; i < n; i++) {
    let s = 0;
    let o = 0;
    for (let k = 0; k < nO; k++) {
      s += sim[i * nO + k];
      o += record.encounters[i * nO + k];
    }
    ss += (Math.log(s + offset) - Math.log(o + offset)) ** 2;
  }
  return n > 0 ? ss / n : 0;
}

/** ln(sim + c) − ln(obs + c) per origin-month: the residuals of the data part of the loss. */
export function logResiduals(sim: Float64Array, record: EncounterRecord, offset: number): Float64Array {
  const obs = record.encounters;
  const r = new Float64Array(obs.length);
  for (let i = 0; i < r.length; i++) r[i] = Math.log(sim[i] + offset) - Math.log(obs[i] + offset);
  return r;
}

/** 0 inside the band, weight × squared relative distance outside; 0 for a figure the record cannot give (NaN). */
export function bandPenalty(value: number, band: { min: number; max: number; weight: number } | undefined): number {
  if (!band || Number.isNaN(value)) return 0;
  if (value < band.min) return band.weight * ((band.min - value) / band.min) ** 2;
  if (value > band.max) return band.weight * ((value - band.max) / band.max) ** 2;
  return 0;
}

export interface LossParts {
  total: number;
  /** mean squared log error over origin-months */
  data: number;
  /** loss.totalWeight × mean squared log error of the monthly total */
  monthlyTotal: number;
  revenue: number;
  smuggled: number;
  deaths: number;
  apprehension: number;
  fee: number;
  detentions: number;
  repeats: number;
  /** the second series: weight × mean squared log error of yearly Darién crossings */
  darien: number;
  /** loss.experimentsWeight × mean squared error of the natural experiments' log changes */
  experiments: number;
}

/** Panama's Darién counts as the distance reads them (from the calibration file's `darien`). */
export interface DarienTarget {
  counts: DarienCounts;
  series: readonly DarienSeries[];
  weight: number;
  offset: number;
}

/** Mean squared log error of the yearly Darién series over the series-years the window and the counts share (NaN if none). */
export function darienError(s: WindowSummary, record: EncounterRecord, target: Omit<DarienTarget, 'weight'>): number {
  const sim = wholeYears(s.darien, s.darien.length / record.months.length, record.firstMonth);
  let ss = 0;
  let n = 0;
  for (const { origin, nationality } of target.series) {
    const obs = target.counts.byNationality.get(nationality);
    if (!obs) continue;
    for (const [year, observed] of obs) {
      const v = sim.get(year);
      if (!v) continue;
      const simulated = seriesValue(v, origin);
      ss += (Math.log(simulated + target.offset) - Math.log(observed + target.offset)) ** 2;
      n++;
    }
  }
  return n > 0 ? ss / n : NaN;
}


/** Band penalties of figures by (fiscal) year; a year outside the window (a backtest's shorter record) counts nothing. */
function yearBandsPenalty(simulated: Map<string, number>, bands: [string, { min: number; max: number }][], weight: number): number {
  let sum = 0;
  for (const [year, band] of bands) {
    const v = simulated.get(year);
    if (v !== undefined) sum += bandPenalty(v, { ...band, weight });
  }
  return sum;
}

export function lossOf(s: WindowSummary, record: EncounterRecord, cal: Pick<CalibrationFile, 'loss' | 'constraints'>, darienTarget?: DarienTarget): LossParts {
  const r = logResiduals(s.encounters, record, cal.loss.offset);
  let ss = 0;
  for (const x of r) ss += x * x;
  const data = ss / r.length;
  const monthlyTotal = cal.loss.totalWeight > 0 ? cal.loss.totalWeight * totalError(s.encounters, record, cal.loss.offset) : 0;
  const c = cal.constraints;
  const fig = (band?: { period?: { start: string; end: string } }) => sideFigures(s, record, band?.period);
  const revenue = bandPenalty(fig(c.smugglerRevenueUsdPerYear).revenueUsdPerYear, c.smugglerRevenueUsdPerYear);
  const smuggled = bandPenalty(fig(c.smuggledShare).smuggledShare, c.smuggledShare);
  const deaths = bandPenalty(fig(c.deathsPerYear).deathsPerYear, c.deathsPerYear);
  const apprehension = bandPenalty(fig(c.apprehensionShare).apprehensionShare, c.apprehensionShare);
  const fee = bandPenalty(fig(c.meanBorderFeeUsd).meanBorderFeeUsd, c.meanBorderFeeUsd);
  const d = c.mexicoDetentionsPerYear;
  const detentions = d ? yearBandsPenalty(detentionsByYear(s, record), Object.entries(d.values).map(([year, v]) => [year, { min: v * (1 - d.tolerance), max: v * (1 + d.tolerance) }]), d.weight) : 0;
  const rs = c.repeatEncounterShare;
  const repeats = rs ? yearBandsPenalty(repeatShareByFiscalYear(s, record), Object.entries(rs.fiscalYears), rs.weight) : 0;
  // a backtest's window may hold no whole year of the counts: then the series weighs nothing
  const darienMse = darienTarget && darienTarget.weight > 0 ? darienError(s, record, darienTarget) : NaN;
  const darien = Number.isFinite(darienMse) ? darienTarget!.weight * darienMse : 0;
  // a backtest's record may hold none of the experiments: then they weigh nothing
  const experimentsMse = cal.loss.experimentsWeight > 0 ? experimentsError(s.encounters, record, cal.loss.offset) : NaN;
  const experiments = Number.isFinite(experimentsMse) ? cal.loss.experimentsWeight * experimentsMse : 0;
  return {
    total: data + monthlyTotal + revenue + smuggled + deaths + apprehension + fee + detentions + repeats + darien + experiments,
    data, monthlyTotal, revenue, smuggled, deaths, apprehension, fee, detentions, repeats, darien, experiments,
  };
}
