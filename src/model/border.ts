// At the border (docs/MODEL.md §6): each sector's enforcement sets the chance of apprehension,
// the death risk (pushed up by the funnel effect) and the smuggler's fee; people waiting in a
// northern Mexican city weigh smuggler, alone, turning in, an appointment or going home by how
// likely each is to end in the US, and act on their choice.
import { QUEUED, WAITING } from './agents.ts';
import { borderFee } from './market.ts';
import type { Market } from './market.ts';
import type { Processing, ProcessingOdds } from './processing.ts';
import { FLOW, MONEY, SECTOR_FLOW, SECTOR_MONEY_INDEX } from './recorder.ts';
import { BANDS, OUT, TOLERANCE_CLASSES, TOLERANCE_VALUE } from './state.ts';
import type { RunState } from './state.ts';

/** Ways of crossing, in the order of the choice tables. */
export const SMUGGLER = 0;
export const ALONE = 1;
export const TURN_IN = 2;
export const APPOINTMENT = 3;
/** Give up and go home: chosen when every way across looks hopeless (deterrence). */
export const GO_HOME = 4;
export const OPTIONS = 5;

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

export interface ChoiceWeights {
  successWeight: number;
  borderFeeWeight: number;
  borderRiskWeight: number;
  appointmentWaitWeight: number;
  aloneDisutility: number;
  returnHomeUtility: number;
}

/** Cumulative multinomial-logit probabilities of the five options (utilities in OPTIONS order) into out[offset..offset+4]. */
function logitCumulative(uS: number, uA: number, uT: number, uP: number, uH: number, out: Float64Array, offset: number): void {
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

/** Chance that someone sent back to Mexico tries again rather than giving up. */
export function retryChance(p: { attemptPerWeek: number; waitGiveUpPerWeek: number }): number {
  return p.attemptPerWeek / (p.attemptPerWeek + p.waitGiveUpPerWeek);
}

export class Border {
  // this week's conditions per sector
  readonly intensity: Float64Array;
  readonly fee: Float64Array;
  readonly pAppSmuggled: Float64Array;
  readonly pAppAlone: Float64Array;
  readonly deathSmuggled: Float64Array;
  readonly deathAlone: Float64Array;
  /** cumulative choice probabilities: [origin][sector][band][tolerance][package][option] */
  private readonly choiceCum: Float64Array;
  /** agents in the port-appointment queue (at the end of the last border loop) */
  private queued = 0;
  /** this week's share admitted at ports without an appointment, per origin */
  private readonly portAdmission: Float64Array;
  /** the week's terms of the choice that depend on origin and sector only (prepareChoice) */
  private readonly uEntrySmuggled: Float64Array;
  private readonly uEntryAlone: Float64Array;
  private readonly uTurnIn: Float64Array;
  private readonly uAppointment: Float64Array;
  /** which week's terms a cell of choiceCum holds: this week's when equal to `generation` */
  private readonly cellGeneration: Int32Array;
  private generation = 0;

  constructor(private readonly run: RunState, private readonly market: Market, private readonly processing: Processing) {
    const nS = run.nS;
    this.intensity = new Float64Array(nS);
    this.fee = new Float64Array(nS);
    this.pAppSmuggled = new Float64Array(nS);
    this.pAppAlone = new Float64Array(nS);
    this.deathSmuggled = new Float64Array(nS);
    this.deathAlone = new Float64Array(nS);
    this.choiceCum = new Float64Array(run.nO * nS * BANDS * TOLERANCE_CLASSES * 2 * OPTIONS);
    this.portAdmission = new Float64Array(run.nO);
    this.uEntrySmuggled = new Float64Array(run.nO * nS);
    this.uEntryAlone = new Float64Array(run.nO * nS);
    this.uTurnIn = new Float64Array(run.nO * nS);
    this.uAppointment = new Float64Array(run.nO);
    this.cellGeneration = new Int32Array(run.nO * nS * BANDS * TOLERANCE_CLASSES * 2);
  }

  /** The appointment queue's length carries over between weeks (a snapshot of the run). */
  save(): { queued: number } {
    return { queued: this.queued };
  }

  restore(s: { queued: number }): void {
    this.queued = s.queued;
  }

  /** Enforcement intensity, fees, apprehension and death risks per sector this week. */
  prepareSectors(): void {
    const run = this.run;
    const p = run.input.params;
    const cartelTax = run.lever('cartelTax');
    for (let s = 0; s < run.nS; s++) {
      const sector = run.input.sectors[s];
      const intensity = run.lever('enforcement', s) * (1 - p.barrierWeight + p.barrierWeight * run.lever('barriers', s));
      this.intensity[s] = intensity;
      this.fee[s] = borderFee(sector.crossingFeeUsd * p.borderFeeScale, intensity, cartelTax, this.market.factors);
      this.pAppAlone[s] = apprehension(p.apprehensionRate, intensity, 1);
      this.pAppSmuggled[s] = apprehension(p.apprehensionRate, intensity, p.smugglerEvasion);
      // the funnel effect: enforcement pushes crossings to deadlier terrain
      const death = p.crossingDeathRisk * sector.terrainRisk * Math.pow(Math.max(intensity, 1e-6), p.funnelElasticity);
      this.deathAlone[s] = Math.min(0.5, death);
      this.deathSmuggled[s] = Math.min(0.5, death * p.smuggledDeathFactor);
    }
  }

  private expectedAppointmentWeeks(): number {
    const slots = this.run.lever('appointmentsPerDay') * 7;
    return slots > 0 ? (this.queued * this.run.scale) / slots + 1 : Infinity;
  }

  /**
   * The week's terms of the border choice. A cell of the choice table (origin × sector × band ×
   * tolerance × package) is filled when an agent of that cell first decides this week (cellAt):
   * at 1 agent per 100 persons most cells have no one deciding in a given week, and the terms
   * that do not depend on band, tolerance or package (the chances of ending up in the US, the
   * appointment) are worked out here once per origin and sector. Everything a cell reads is fixed
   * from here to the end of the border loop, so a cell is the same whenever it is filled.
   */
  prepareChoice(): void {
    const run = this.run;
    const p = run.input.params;
    const w: ChoiceWeights = p;
    const appointmentOpen = run.lever('appointmentsPerDay') > 0;
    const waitWeeks = this.expectedAppointmentWeeks();
    const retry = retryChance(p);
    const odds = this.processing.odds;
    for (let o = 0; o < run.nO; o++) {
      const { admitted, backToMexico } = odds[o];
      // where nationals are admitted at ports without an appointment, presenting there is the appointment
      const atPort = run.lever('portAdmission', o);
      this.portAdmission[o] = atPort;
      const open = appointmentOpen || atPort > 0;
      const success = atPort > 0 ? atPort : 1;
      const weeks = atPort > 0 ? 0 : waitWeeks;
      this.uAppointment[o] = open ? w.successWeight * success - w.appointmentWaitWeight * weeks : -Infinity;
      const uTurnIn = w.successWeight * ultimateEntry(admitted, backToMexico, retry);
      for (let s = 0; s < run.nS; s++) {
        const os = o * run.nS + s;
        const pS = this.pAppSmuggled[s];
        const pA = this.pAppAlone[s];
        this.uEntrySmuggled[os] = w.successWeight * ultimateEntry(1 - pS + pS * admitted, pS * backToMexico, retry);
        this.uEntryAlone[os] = w.successWeight * ultimateEntry(1 - pA + pA * admitted, pA * backToMexico, retry);
        this.uTurnIn[os] = uTurnIn;
      }
    }
    this.generation++;
  }

  /**
   * This week's chances of each way across (OPTIONS order: smuggler, alone, turn in, appointment,
   * go home) for a waiting agent of the cell; valid after prepareChoice (read-only; diagnostics).
   */
  choiceShares(o: number, s: number, b: number, t: number, pkg: number): number[] {
    const at = this.cellAt(o, s, b, t, pkg);
    const cum = this.choiceCum;
    return Array.from({ length: OPTIONS }, (_, k) => cum[at + k] - (k > 0 ? cum[at + k - 1] : 0));
  }

  /** Agents in the appointment queue at the end of the last border loop. */
  get queuedAgents(): number {
    return this.queued;
  }

  /** Index in choiceCum of a cell's cumulative choice probabilities, filled first if not yet this week. */
  private cellAt(o: number, s: number, b: number, t: number, pkg: number): number {
    const cell = (((o * this.run.nS + s) * BANDS + b) * TOLERANCE_CLASSES + t) * 2 + pkg;
    const at = cell * OPTIONS;
    if (this.cellGeneration[cell] === this.generation) return at;
    this.cellGeneration[cell] = this.generation;
    const run = this.run;
    const p = run.input.params;
    const w: ChoiceWeights = p;
    const os = o * run.nS + s;
    // at the border people have spent part of their savings: resources are judged on the band's
    // borrowing capacity plus half its savings (assumption)
    const resourcesUsd = 0.5 * run.input.origins[o].bandSavingsUsd[b] + p.debtCapUsd;
    const fee = this.fee[s];
    const feeUsd = pkg ? 0 : fee; // a package still covers the attempt
    const affordable = pkg === 1 || fee <= resourcesUsd;
    const riskScale = w.borderRiskWeight * (1 - TOLERANCE_VALUE[t]) * 100;
    const uS = affordable ? this.uEntrySmuggled[os] - w.borderFeeWeight * (feeUsd / Math.max(resourcesUsd, 1)) - riskScale * this.deathSmuggled[s] : -Infinity;
    const uA = this.uEntryAlone[os] - riskScale * this.deathAlone[s] - w.aloneDisutility;
    logitCumulative(uS, uA, this.uTurnIn[os], this.uAppointment[o], w.returnHomeUtility, this.choiceCum, at);
    return at;
  }

  /**
   * The weekly loop over agents in northern Mexican cities: those who were waiting at the start
   * of the week decide (cross, queue, give up); agents who arrive during this week's movement act
   * from next week on. Agents are visited highest index first (AgentStore.gather): no agent is added
   * during the loop, and an agent removed at i is replaced by the last one, already visited.
   */
  actAtBorder(): void {
    const run = this.run;
    const a = run.agents;
    const rng = run.rng;
    const p = run.input.params;
    const scale = run.scale;
    const status = a.status;
    const slotsThisWeek = run.lever('appointmentsPerDay') * 7;
    const slotChance = this.queued > 0 ? Math.min(1, slotsThisWeek / (this.queued * scale)) : 1;
    const actChance = p.attemptPerWeek;
    const giveUpWaiting = p.waitGiveUpPerWeek;
    let queuedNow = 0;
    this.processing.startBorderWeek();
    const m = a.gather(false);
    const order = a.visit;
    for (let j = 0; j < m; j++) {
      const i = order[j];
      if (status[i] === QUEUED) {
        if (slotsThisWeek <= 0) status[i] = WAITING; // appointments cancelled: back to deciding
        else if (rng.next() < slotChance) {
          this.processing.portArrival(i);
          continue;
        } else {
          queuedNow++;
          continue;
        }
      }
      const u = rng.next();
      if (u < giveUpWaiting) run.goHome(i, false);
      else if (u < giveUpWaiting + actChance && this.cross(i)) queuedNow++;
    }
    this.queued = queuedNow;
  }

  /** One decision at the border; returns true if the agent joined the appointment queue. */
  private cross(i: number): boolean {
    const run = this.run;
    const a = run.agents;
    const rng = run.rng;
    const o = a.origin[i];
    const s = a.sector[i];
    const pkg = a.packageLeft[i] > 0 ? 1 : 0;
    const c = this.cellAt(o, s, a.band[i], a.tolerance[i], pkg);
    const u = rng.next();
    const cum = this.choiceCum;
    let option = u < cum[c] ? SMUGGLER : u < cum[c + 1] ? ALONE : u < cum[c + 2] ? TURN_IN : u < cum[c + 3] ? APPOINTMENT : GO_HOME;
    if (option === GO_HOME) {
      run.goHome(i, false);
      return false;
    }
    if (option === APPOINTMENT) {
      const atPort = this.portAdmission[o];
      if (atPort > 0) {
        // presented at a port without an appointment: admitted, or turned back to decide again
        if (rng.next() < atPort) this.processing.portArrival(i);
        return false;
      }
      a.status[i] = QUEUED;
      return true;
    }
    const scale = run.scale;
    const rec = run.recorder;
    if (option === SMUGGLER) {
      if (pkg) a.packageLeft[i]--;
      else {
        const fee = this.fee[s];
        if (this.market.pay(i, fee)) {
          this.market.sell(o, fee);
          rec.addMoney(MONEY.border_fees_usd, o, fee * scale);
          rec.addSectorMoney(SECTOR_MONEY_INDEX.border_fees_usd, s, fee * scale);
          if (rng.next() < run.input.params.packageShare) a.packageLeft[i] = 2; // three attempts in all
        } else option = ALONE;
      }
    }
    a.attempts[i]++;
    if (option === TURN_IN) {
      const toll = run.input.sectors[s].turnInFeeUsd;
      if (toll > 0 && this.market.pay(i, toll)) this.market.toll(o, toll); // paid to reach the river bank
      this.processing.encounter(i, true);
      return false;
    }
    const smuggled = option === SMUGGLER;
    if (smuggled) {
      rec.add(FLOW.smuggled, o, scale);
      rec.addSector(SECTOR_FLOW.smuggled, s, scale);
    } else rec.add(FLOW.crossed_alone, o, scale);
    const v = rng.next();
    const death = smuggled ? this.deathSmuggled[s] : this.deathAlone[s];
    if (v < death) {
      run.die(i, s);
      return false;
    }
    const caught = smuggled ? this.pAppSmuggled[s] : this.pAppAlone[s];
    if (v < death + caught * (1 - death)) {
      this.processing.encounter(i, true);
      return false;
    }
    rec.add(FLOW.gotaways, o, scale);
    rec.addSector(SECTOR_FLOW.gotaways, s, scale);
    run.tally(i, OUT.entered);
    run.enterUS(o, scale);
    a.remove(i);
    return false;
  }
}
