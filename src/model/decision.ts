// Deciding to leave (MODEL.md §4): a weekly hazard per stratum, logistic in the drivers.
import type { Params } from './parameters.ts';

export interface Drivers {
  homicidePer100k: number;
  homicideRef: number;
  stateCapacity: number; // percentile 0–100, after scenario shifts
  stateCapacityRef: number;
  incomePerHeadUsd: number;
  incomeRef: number;
  kin: 0 | 1;
  arrivalsPer1000: number; // people from this origin who reached the US during the run, per 1,000 adults
  perceivedCostUsd: number;
  resourcesUsd: number; // savings plus what smugglers will lend
  perceivedDeathRisk: number; // probability
  perceivedOdds: number; // probability of ending up in the US
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

export function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Floor on violence so that ln(0) never arises; 0.1 per 100k is below any country's rate. */
const MIN_HOMICIDE = 0.1;

/**
 * logit(h) = logit(baseHazard) + βv ln(V/V₂₀₁₉) + βs (S₂₀₁₉ − S)/10 + βi ln(Y/Y₂₀₁₉) + βk kin
 *          + βn ln(1 + arrivals per 1,000) − βf ln(cost/resources) − βr 100·risk + βa (odds − ½).
 * The centring points (2019 data, cost = resources, zero risk, even odds) make `baseHazard` the
 * hazard of a person without kin facing those conditions; each term vanishes when its
 * coefficient is zero.
 */
export function weeklyHazard(baseHazard: number, d: Drivers, p: Params): number {
  let x = logit(baseHazard);
  if (p.violenceElasticity !== 0)
    x += p.violenceElasticity * Math.log(Math.max(d.homicidePer100k, MIN_HOMICIDE) / Math.max(d.homicideRef, MIN_HOMICIDE));
  if (p.stateDeficitEffect !== 0) x += (p.stateDeficitEffect * (d.stateCapacityRef - d.stateCapacity)) / 10;
  if (p.incomeElasticity !== 0) x += p.incomeElasticity * Math.log(Math.max(d.incomePerHeadUsd, 1) / Math.max(d.incomeRef, 1));
  x += p.kinEffect * d.kin;
  x += p.networkEffect * Math.log1p(Math.max(0, d.arrivalsPer1000));
  if (p.feeElasticity !== 0) x -= p.feeElasticity * Math.log(Math.max(d.perceivedCostUsd, 1) / Math.max(d.resourcesUsd, 1));
  x -= p.riskAversion * 100 * d.perceivedDeathRisk;
  x += p.oddsEffect * (d.perceivedOdds - 0.5);
  return logistic(x);
}

/** Weight of this week's news in a perception with the given half-life (exponential smoothing). */
export function smoothingWeight(halfLifeWeeks: number): number {
  return 1 - Math.pow(2, -1 / Math.max(halfLifeWeeks, 1e-9));
}
