// At the border (MODEL.md §6): how likely each way of crossing is to end in the US, given the
// sector's enforcement and the processing regime in force, and the choice between them.

/** Ways of crossing, in the order of the choice tables. */
export const SMUGGLER = 0;
export const ALONE = 1;
export const TURN_IN = 2;
export const APPOINTMENT = 3;
/** Give up and go home: chosen when every way across looks hopeless (deterrence). */
export const GO_HOME = 4;
export const OPTIONS = 5;

/** Expected outcome of an encounter for one origin this week (capacity limits included). */
export interface ProcessingOdds {
  /** probability an encounter ends with release or parole into the US */
  admitted: number;
  /** probability it ends back in northern Mexico (expelled, remain in Mexico, over a cap) */
  backToMexico: number;
}

/**
 * Probability of ending up in the US from one decision, counting the repeat attempts that
 * follow a return to Mexico: q / (1 − r·retry), where q is the chance of getting in on this
 * attempt, r the chance of being sent back to Mexico and `retry` the chance of trying again.
 */
export function ultimateEntry(q: number, backToMexico: number, retry: number): number {
  const denom = 1 - backToMexico * retry;
  return denom > 1e-9 ? Math.min(1, q / denom) : 1;
}

export function apprehension(rate: number, intensity: number, evasion: number): number {
  return 1 - Math.exp(-rate * intensity * evasion);
}

export interface ChoiceInputs {
  pAppSmuggled: number;
  pAppAlone: number;
  deathSmuggled: number;
  deathAlone: number;
  feeUsd: number; // 0 when a package still covers the attempt
  resourcesUsd: number;
  tolerance: number; // 0..1
  odds: ProcessingOdds;
  retry: number;
  appointmentOpen: boolean;
  expectedAppointmentWeeks: number;
  affordable: boolean;
}

export interface ChoiceWeights {
  successWeight: number;
  borderFeeWeight: number;
  borderRiskWeight: number;
  appointmentWaitWeight: number;
  aloneDisutility: number;
  returnHomeUtility: number;
}

/** Writes cumulative multinomial-logit probabilities of the five options into out[offset..offset+4]. */
export function borderChoice(c: ChoiceInputs, w: ChoiceWeights, out: Float64Array, offset: number): void {
  const { admitted, backToMexico } = c.odds;
  const riskScale = w.borderRiskWeight * (1 - c.tolerance) * 100;
  const entrySmuggled = ultimateEntry(1 - c.pAppSmuggled + c.pAppSmuggled * admitted, c.pAppSmuggled * backToMexico, c.retry);
  const entryAlone = ultimateEntry(1 - c.pAppAlone + c.pAppAlone * admitted, c.pAppAlone * backToMexico, c.retry);
  const entryTurnIn = ultimateEntry(admitted, backToMexico, c.retry);
  const uS = c.affordable
    ? w.successWeight * entrySmuggled - w.borderFeeWeight * (c.feeUsd / Math.max(c.resourcesUsd, 1)) - riskScale * c.deathSmuggled
    : -Infinity;
  const uA = w.successWeight * entryAlone - riskScale * c.deathAlone - w.aloneDisutility;
  const uT = w.successWeight * entryTurnIn;
  const uP = c.appointmentOpen ? w.successWeight - w.appointmentWaitWeight * c.expectedAppointmentWeeks : -Infinity;
  const uH = w.returnHomeUtility;
  const top = Math.max(uS, uA, uT, uP, uH);
  const eS = Math.exp(uS - top);
  const eA = Math.exp(uA - top);
  const eT = Math.exp(uT - top);
  const eP = Math.exp(uP - top);
  const eH = Math.exp(uH - top);
  const total = eS + eA + eT + eP + eH;
  out[offset] = eS / total;
  out[offset + 1] = (eS + eA) / total;
  out[offset + 2] = (eS + eA + eT) / total;
  out[offset + 3] = (eS + eA + eT + eP) / total;
  out[offset + 4] = 1;
}
