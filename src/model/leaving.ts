// Deciding to leave (docs/MODEL.md §4): a weekly hazard per stratum at home, logistic in the
// drivers — violence, state capacity, income, kin and networks, and the journey's cost, risk and
// odds as perceived at home, which follow real conditions with an information lag. Deciders
// with a US sponsor take a parole programme while it has room; the rest set off (journey.ts).
import { retryChance, ultimateEntry } from './border.ts';
import type { Border } from './border.ts';
import type { Journey } from './journey.ts';
import type { Params } from './parameters.ts';
import type { Processing } from './processing.ts';
import { binomial } from './random.ts';
import { FLOW } from './recorder.ts';
import { BANDS, TOLERANCE_CLASSES } from './state.ts';
import type { RunState } from './state.ts';
import { WEEKS_PER_MONTH } from './calendar.ts';

/**
 * Close relatives at home per emigrant: origins.yaml estimates the share of adults with kin in
 * the US as 3 × (born there living in the US) / population, so kinShare / 3 is the diaspora's size
 * relative to the population at home.
 */
const KIN_PER_EMIGRANT = 3;

/** horizon over which people weigh the risk of interior deportation (assumption: two years) */
const STAY_HORIZON_WEEKS = 104;

export interface Drivers {
  homicidePer100k: number;
  homicideRef: number;
  stateCapacity: number; // percentile 0–100, after scenario shifts
  stateCapacityRef: number;
  incomeShareOfUs: number; // GDP per head as a share of the United States' (the income gap)
  incomeRef: number;
  kin: 0 | 1;
  /** people from this origin who reached the US during the run, per person of the diaspora there at its start */
  diasporaGrowth: number;
  perceivedCostUsd: number;
  resourcesUsd: number; // savings plus what smugglers will lend
  perceivedDeathRisk: number; // probability
  perceivedOdds: number; // probability of ending up in the US
}

export function logit(p: number): number {
  return Math.log(p / (1 - p));
}

function logistic(x: number): number {
  return 1 / (1 + Math.exp(-x));
}

/** Floor on violence so that ln(0) never arises; 0.1 per 100k is below any country's rate. */
const MIN_HOMICIDE = 0.1;
/** Floor on the income share, likewise: 1/10,000 of the US's GDP per head is below any country's. */
const MIN_INCOME_SHARE = 1e-4;

type SlowDrivers = Pick<Drivers, 'homicidePer100k' | 'homicideRef' | 'stateCapacity' | 'stateCapacityRef' | 'incomeShareOfUs' | 'incomeRef'>;

/** The slow drivers' terms in the logit of the weekly hazard, against the 2019 reference (scripts/drivers.ts prints them). */
export function violenceTerm(d: SlowDrivers, p: Params): number {
  return p.violenceElasticity * Math.log(Math.max(d.homicidePer100k, MIN_HOMICIDE) / Math.max(d.homicideRef, MIN_HOMICIDE));
}

export function stateDeficitTerm(d: SlowDrivers, p: Params): number {
  return (p.stateDeficitEffect * (d.stateCapacityRef - d.stateCapacity)) / 10;
}

export function incomeTerm(d: SlowDrivers, p: Params): number {
  return p.incomeElasticity * Math.log(Math.max(d.incomeShareOfUs, MIN_INCOME_SHARE) / Math.max(d.incomeRef, MIN_INCOME_SHARE));
}

/**
 * logit(h) = logit(baseHazard) + βv ln(V/V₂₀₁₉) + βs (S₂₀₁₉ − S)/10 + βi ln(Y/Y₂₀₁₉) + βk kin  (Y: GDP per head / the US's)
 *          + βn ln(1 + arrivals / diaspora) − βf ln(cost/resources) − βr 100·risk + βa (odds − ½).
 * The centring points (2019 data, cost = resources, zero risk, even odds) make `baseHazard` the
 * hazard of a person without kin facing those conditions; each term vanishes when its
 * coefficient is zero.
 */
export function weeklyHazard(baseHazard: number, d: Drivers, p: Params): number {
  let x = logit(baseHazard);
  if (p.violenceElasticity !== 0) x += violenceTerm(d, p);
  if (p.stateDeficitEffect !== 0) x += stateDeficitTerm(d, p);
  if (p.incomeElasticity !== 0) x += incomeTerm(d, p);
  x += p.kinEffect * d.kin;
  x += p.networkEffect * Math.log1p(Math.max(0, d.diasporaGrowth));
  if (p.feeElasticity !== 0) x -= p.feeElasticity * Math.log(Math.max(d.perceivedCostUsd, 1) / Math.max(d.resourcesUsd, 1));
  x -= p.riskAversion * 100 * d.perceivedDeathRisk;
  x += p.oddsEffect * (d.perceivedOdds - 0.5);
  return logistic(x);
}

/** Weight of this week's news in a perception with the given half-life (exponential smoothing). */
export function smoothingWeight(halfLifeWeeks: number): number {
  return 1 - Math.pow(2, -1 / Math.max(halfLifeWeeks, 1e-9));
}

export interface LeavingSnapshot {
  perceivedCost: Float64Array;
  perceivedRisk: Float64Array;
  perceivedOdds: Float64Array;
  announcementHold: Float64Array;
  announcedOdds: Float64Array;
  stance: Float64Array;
  admittedBound: Float64Array;
  admittedLastWeek: Float64Array;
  perceptionsReady: boolean;
}

export class Leaving {
  // perceptions at home, per origin
  private readonly perceivedCost: Float64Array;
  private readonly perceivedRisk: Float64Array;
  /** the chance of getting in as seen from home: what migrants saw, with the information lag */
  private readonly perceivedOdds: Float64Array;
  /** the hold of the latest announcement on expectations (0..1), and the chance it announced */
  private readonly announcementHold: Float64Array;
  private readonly announcedOdds: Float64Array;
  private readonly stance: Float64Array;
  /** the share of encounters let in: its lowest since the latest "sent back" (highest since a "let in"), from the week before it; and last week's */
  private readonly admittedBound: Float64Array;
  private readonly admittedLastWeek: Float64Array;
  /** persons of each origin living in the US at the start of the run: the network that arrivals add to */
  private readonly diaspora: Float64Array;
  private perceptionsReady = false;
  /** weight of this week's news in the perceptions */
  private readonly newsWeight: number;
  private readonly drivers: Drivers = {
    homicidePer100k: 0, homicideRef: 0, stateCapacity: 0, stateCapacityRef: 0, incomeShareOfUs: 0, incomeRef: 0,
    kin: 0, diasporaGrowth: 0, perceivedCostUsd: 0, resourcesUsd: 0, perceivedDeathRisk: 0, perceivedOdds: 0,
  };

  constructor(private readonly run: RunState, private readonly journey: Journey, private readonly border: Border, private readonly processing: Processing) {
    const nO = run.nO;
    this.perceivedCost = new Float64Array(nO);
    this.perceivedRisk = new Float64Array(nO);
    this.perceivedOdds = new Float64Array(nO);
    this.announcementHold = new Float64Array(nO);
    this.announcedOdds = new Float64Array(nO);
    this.stance = new Float64Array(nO);
    this.admittedBound = new Float64Array(nO);
    this.admittedLastWeek = new Float64Array(nO);
    this.diaspora = Float64Array.from(run.input.origins, (origin) => Math.max(1, (origin.kinShare / KIN_PER_EMIGRANT) * origin.adultPopulation));
    this.newsWeight = smoothingWeight(run.input.params.infoHalfLifeWeeks);
  }

  /** Perceptions and announcements carry over between weeks (a snapshot of the run). */
  save(): LeavingSnapshot {
    return {
      perceivedCost: this.perceivedCost.slice(), perceivedRisk: this.perceivedRisk.slice(), perceivedOdds: this.perceivedOdds.slice(),
      announcementHold: this.announcementHold.slice(), announcedOdds: this.announcedOdds.slice(), stance: this.stance.slice(),
      admittedBound: this.admittedBound.slice(), admittedLastWeek: this.admittedLastWeek.slice(), perceptionsReady: this.perceptionsReady,
    };
  }

  restore(s: LeavingSnapshot): void {
    for (const k of ['perceivedCost', 'perceivedRisk', 'perceivedOdds', 'announcementHold', 'announcedOdds', 'stance', 'admittedBound', 'admittedLastWeek'] as const) this[k].set(s[k]);
    this.perceptionsReady = s.perceptionsReady;
  }

  /** Perceptions move this week's news (the first week starts them at the conditions themselves). */
  updatePerceptions(): void {
    this.perceive(this.newsWeight);
  }

  /** Expected journey cost, death risk and chance of getting in, as seen from each origin. */
  private perceive(weight: number): void {
    const run = this.run;
    const net = run.network;
    const routeCum = this.journey.routeCum;
    const M = this.journey.maxRoutes;
    const retry = retryChance(run.input.params);
    for (let o = 0; o < run.nO; o++) {
      const base = ((o * BANDS + 1) * TOLERANCE_CLASSES + 1) * M; // the middle band and tolerance
      const first = net.originRouteFirst[o];
      const count = net.originRouteCount[o];
      const total = routeCum[base + count - 1];
      if (!(total > 0)) continue; // no open route: perceptions keep their last value
      let cost = 0;
      let risk = 0;
      let odds = 0;
      let prev = 0;
      const od = this.processing.odds[o];
      for (let k = 0; k < count; k++) {
        const share = (routeCum[base + k] - prev) / total;
        prev = routeCum[base + k];
        if (share === 0) continue;
        const r = first + k;
        const s = net.routeSector[r];
        const pApp = this.border.pAppSmuggled[s];
        cost += share * this.journey.routePrice[r];
        risk += share * this.journey.routeRisk[r];
        // getting in means getting through the transit countries first (Mexico's retaining wall)
        odds += share * this.journey.routePassage[r] * ultimateEntry(1 - pApp + pApp * od.admitted, pApp * od.backToMexico, retry);
      }
      // getting in is worth less if one may be deported later: the chance of staying two years
      odds *= Math.exp(-STAY_HORIZON_WEEKS * this.processing.interiorRemovalRate[o]);
      this.perceivedCost[o] += weight * (cost - this.perceivedCost[o]);
      this.perceivedRisk[o] += weight * (risk - this.perceivedRisk[o]);
      this.perceivedOdds[o] += weight * (odds - this.perceivedOdds[o]);
    }
  }

  /**
   * Announcements (the `announcement` lever): when the announced stance of origin o changes, the
   * expected chance of getting in moves at once toward what was announced (0 for "you will be
   * sent back", 1 for "you will be let in"), by the credibility parameter. The hold then fades
   * with its half-life, and faster when events contradict it: once the share of compatriots'
   * encounters that end with their being let in climbs back from its lowest since a "sent back"
   * (falls from its highest since a "let in"), counted from the week before the announcement, the
   * hold loses a further `contradictionRate` × that move, as a share of the room it had, each
   * week. The move is measured from what the regime did after the announcement, not against the
   * announced 0 or 1 (a try of 2026-12-02 did that, and shortened every hold alike): holds whose
   * regime never softened (2017, 2019) keep their half-life; the end of Title 42, which released
   * most of those Title 42 and the parole programmes had expelled, lets them go (docs/MODEL.md §4).
   */
  private announce(): void {
    const run = this.run;
    const p = run.input.params;
    const fade = Math.pow(2, -1 / p.credibilityHalfLifeWeeks);
    for (let o = 0; o < run.nO; o++) {
      const stance = run.lever('announcement', o);
      const admitted = this.processing.odds[o].admitted;
      if (stance !== this.stance[o]) {
        if (stance !== 0) {
          const target = stance > 0 ? 0 : 1;
          const kick = p.credibility * Math.abs(stance);
          this.announcementHold[o] = target === this.announcedOdds[o] ? Math.max(this.announcementHold[o], kick) : kick;
          this.announcedOdds[o] = target;
          this.admittedBound[o] = this.admittedLastWeek[o];
        }
        this.stance[o] = stance;
      }
      let keep = fade;
      if (this.announcementHold[o] > 0) {
        const sentBack = this.announcedOdds[o] === 0;
        const bound = (this.admittedBound[o] = sentBack ? Math.min(this.admittedBound[o], admitted) : Math.max(this.admittedBound[o], admitted));
        const contradiction = sentBack ? (admitted - bound) / Math.max(1 - bound, 1e-9) : (bound - admitted) / Math.max(bound, 1e-9);
        keep *= 1 - Math.min(1, p.contradictionRate * contradiction);
      }
      this.announcementHold[o] *= keep;
      this.admittedLastWeek[o] = admitted;
    }
  }

  /** What people at home in origin o expect of getting in: what they saw, the announcement's hold, and what it announced (read-only; diagnostics). */
  expectation(o: number): { perceived: number; hold: number; announced: number; expected: number } {
    return { perceived: this.perceivedOdds[o], hold: this.announcementHold[o], announced: this.announcedOdds[o], expected: this.expectedOdds(o) };
  }

  /** The chance of getting in that people at home act on: what they saw, and what was announced. */
  private expectedOdds(o: number): number {
    const hold = this.announcementHold[o];
    return (1 - hold) * this.perceivedOdds[o] + hold * this.announcedOdds[o];
  }

  /** Who decides to leave this week, by stratum; who takes parole; who leaves again after coming back. */
  departures(): void {
    if (!this.perceptionsReady) {
      this.perceive(1);
      this.perceptionsReady = true;
    }
    this.announce();
    const run = this.run;
    const input = run.input;
    const p = input.params;
    const w = run.week;
    const rng = run.rng;
    const scale = run.scale;
    const rec = run.recorder;
    const home = run.home;
    const d = this.drivers;
    const year = input.calendar.weekYear[w];
    const yearPhase = 12 * (year - Math.floor(year)); // months since 1 January
    for (let o = 0; o < run.nO; o++) {
      const origin = input.origins[o];
      d.homicidePer100k = origin.homicidePer100k[w] * run.lever('violenceMultiplier', o);
      d.homicideRef = origin.ref.homicidePer100k;
      d.stateCapacity = Math.min(100, Math.max(0, origin.stateCapacity[w] + run.lever('stateCapacityShift', o)));
      d.stateCapacityRef = origin.ref.stateCapacity;
      d.incomeShareOfUs = origin.incomeShareOfUs[w] * run.lever('incomeMultiplier', o);
      d.incomeRef = origin.ref.incomeShareOfUs;
      d.diasporaGrowth = run.arrivals[o] / this.diaspora[o];
      d.perceivedCostUsd = this.perceivedCost[o];
      d.perceivedDeathRisk = this.perceivedRisk[o];
      d.perceivedOdds = this.expectedOdds(o);
      const routesOpen = this.journey.anyRouteOpen(o);
      // the yearly cycle, and travel restrictions that keep deciders from setting off
      const season = 1 + p.seasonalAmplitude * Math.cos((2 * Math.PI * (yearPhase - (p.seasonalPeakMonth - 0.5))) / 12);
      const free = 1 - p.restrictionEffect * run.lever('mobilityRestriction', o);
      let paroleLeft = run.lever('paroleCapacityPerMonth', o) / WEEKS_PER_MONTH;
      const base = p.baseHazard[o];
      for (let b = 0; b < BANDS; b++) {
        d.resourcesUsd = origin.bandSavingsUsd[b] + p.debtCapUsd;
        for (let kin = 0 as 0 | 1; kin <= 1; kin = (kin + 1) as 0 | 1) {
          d.kin = kin;
          const h = weeklyHazard(base, d, p) * season * free;
          const idx = (o * BANDS + b) * 2 + kin;
          const deciders = binomial(rng, Math.floor(home[idx] / scale), h) * scale;
          if (deciders === 0) continue;
          rec.add(FLOW.decided, o, deciders);
          let irregular = deciders;
          if (kin === 1 && paroleLeft > 0) {
            // sponsored people take the legal pathway while it has room (docs/MODEL.md §6, parole)
            const applicants = binomial(rng, deciders / scale, p.paroleUptake) * scale;
            const granted = Math.min(applicants, Math.floor(paroleLeft / scale) * scale);
            paroleLeft -= granted;
            irregular -= granted;
            home[idx] -= granted;
            run.enterUS(o, granted);
            rec.add(FLOW.paroled, o, granted);
            rec.add(FLOW.departed, o, granted);
            run.parolePersons[o] += granted;
          }
          // with no open route (all closed by policy) deciders stay home: decided, not departed
          if (irregular === 0 || !routesOpen) continue;
          home[idx] -= irregular;
          rec.add(FLOW.departed, o, irregular);
          this.journey.launch(o, b, kin, irregular / scale, false);
        }
      }
      // people who came back before may leave again (docs/MODEL.md §6, repeat attempts)
      d.kin = 0;
      d.resourcesUsd = origin.bandSavingsUsd[0] + p.debtCapUsd;
      const hReturn = Math.min(0.5, weeklyHazard(base, d, p) * p.returnedHazardMultiplier * season * free);
      if (!routesOpen) continue;
      const again = binomial(rng, Math.floor(run.returnedFree[o] / scale), hReturn);
      const againBarred = binomial(rng, Math.floor(run.returnedBarred[o] / scale), hReturn * p.removalPenaltyFactor);
      if (again + againBarred > 0) {
        run.returnedFree[o] -= again * scale;
        run.returnedBarred[o] -= againBarred * scale;
        rec.add(FLOW.decided, o, (again + againBarred) * scale);
        rec.add(FLOW.departed, o, (again + againBarred) * scale);
        this.journey.launch(o, 0, 0, again + againBarred, true);
      }
    }
  }
}
