// The weekly step (MODEL.md §2–§9). One Simulation is one run: a seed, a resolved input, and
// the state that the weekly step advances. Pure: no files, threads, clocks or console.
import { AgentStore, QUEUED, TRANSIT, WAITING } from './agents.ts';
import { ALONE, APPOINTMENT, apprehension, borderChoice, GO_HOME, OPTIONS, SMUGGLER, TURN_IN, ultimateEntry } from './border.ts';
import type { ChoiceInputs, ChoiceWeights, ProcessingOdds } from './border.ts';
import { smoothingWeight, weeklyHazard } from './decision.ts';
import type { Drivers } from './decision.ts';
import { LEVERS } from './levers.ts';
import type { LeverName } from './levers.ts';
import { borderFee, newMarket, scarcityFactor, segmentFee, updateCapacity } from './market.ts';
import type { MarketState, PriceFactors } from './market.ts';
import { buildNetwork } from './network.ts';
import type { Network } from './network.ts';
import { binomial, lognormalTable, stream } from './random.ts';
import type { Xoshiro128 } from './random.ts';
import { FLOW, ORIGIN_STOCKS, OUTCOMES, Recorder, SECTOR_FLOW } from './recorder.ts';
import type { MonthlyTables } from './recorder.ts';
import { COUNTRIES } from './types.ts';
import type { ModelInput } from './types.ts';

const BANDS = 3;
const TOLERANCE_CLASSES = 3;
/** risk tolerance of each class and the share of departing people in it (assumption: symmetric spread) */
const TOLERANCE_VALUE = [0.2, 0.5, 0.8];
const TOLERANCE_SHARE_CUM = [0.3, 0.7, 1];
/** lognormal spread of savings within a wealth band (assumption) */
const SAVINGS_SIGMA = 0.5;
const SAVINGS_SPREAD = lognormalTable(SAVINGS_SIGMA);
const WEEKS_PER_MONTH = 52.1775 / 12;
/** horizon over which people weigh the risk of interior deportation (assumption: two years) */
const STAY_HORIZON_WEEKS = 104;
const OUT = Object.freeze(Object.fromEntries(OUTCOMES.map((k, i) => [k, i])) as Record<(typeof OUTCOMES)[number], number>);

export interface Census {
  atHome: number;
  inTransit: number;
  waiting: number;
  inUS: number;
  returned: number;
  dead: number;
  population: number;
}

export interface RunResult {
  tables: MonthlyTables;
  /** persons by origin × corridor label × outcome */
  flows: { origin: number; corridor: string; outcome: string; persons: number }[];
  census: Census;
}

export class Simulation {
  readonly network: Network;
  readonly recorder: Recorder;
  week = 0;
  private readonly rng: Xoshiro128;
  private readonly agents: AgentStore;
  private readonly nO: number;
  private readonly nS: number;
  private readonly nE: number;
  private readonly nR: number;
  // stocks in persons
  private readonly home: Float64Array; // [origin][band][kin]
  private readonly inUS: Float64Array;
  private readonly returnedFree: Float64Array;
  private readonly returnedBarred: Float64Array;
  private readonly dead: Float64Array;
  private readonly arrivals: Float64Array; // cumulative arrivals in the US, for the network effect
  private readonly population: number;
  // perceptions at home, per origin
  private readonly perceivedCost: Float64Array;
  private readonly perceivedRisk: Float64Array;
  private readonly perceivedOdds: Float64Array;
  /** this week's interior removals per person in the US, by origin: the risk of not staying */
  private readonly interiorRemovalRate: Float64Array;
  private perceptionsReady = false;
  // this week's conditions
  private readonly sectorIntensity: Float64Array;
  private readonly sectorFee: Float64Array;
  private readonly pAppSmuggled: Float64Array;
  private readonly pAppAlone: Float64Array;
  private readonly deathSmuggled: Float64Array;
  private readonly deathAlone: Float64Array;
  private readonly edgePrice: Float64Array;
  private readonly edgeThresholds: Float64Array; // [edge][unpaid][death, +robbery, +detention, +give up]
  private readonly routePrice: Float64Array;
  private readonly routeRisk: Float64Array;
  private readonly routeCum: Float64Array; // [origin][band][tolerance][route slot]
  private readonly routeIsOpen: Uint8Array; // scratch for prepareRouteChoice, one origin at a time
  private readonly routeUtility: Float64Array;
  private readonly maxRoutes: number;
  private readonly odds: ProcessingOdds[];
  private readonly choiceCum: Float64Array; // [origin][sector][band][tolerance][package][option]
  private readonly market: MarketState = newMarket();
  private marketJobs = 0;
  // capacities and their use
  private readonly expelledThisMonth: Float64Array;
  private readonly thirdThisMonth: Float64Array;
  private readonly expelDemand: Float64Array;
  private readonly expelFill: Float64Array;
  private readonly thirdDemand: Float64Array;
  private readonly thirdFill: Float64Array;
  private readonly encountersThisWeek: Float64Array;
  private removalDemand = 0;
  private removalFill = 1;
  private removalsThisWeek = 0;
  private asylumDemand = 0;
  private asylumFill = 1;
  private readonly releasedOnDay = new Float64Array(7);
  private asylumBarActive = false;
  private lastEncountersPerDay = 0;
  private order = new Int32Array(0); // the agents a weekly loop visits, in turn
  private uniforms = new Float64Array(0); // the transit loop's draws for the week
  /** most asylum releases on any one day so far (persons): lets tests check the daily cap */
  maxReleasedPerDay = 0;
  private queued = 0;
  private lastMonth = -1;
  private readonly flowTally: Float64Array; // [route][outcome]
  // this week's processing levers, read once a week instead of once per encounter
  private readonly expulsionShareNow: Float64Array;
  private readonly expulsionCapNow: Float64Array;
  private readonly expeditedNow: Float64Array;
  private readonly acceptanceNow: Float64Array;
  private readonly thirdCapNow: Float64Array;
  private removalCapWeekNow = 0;
  private remainInMexicoNow = 0;
  private asylumCapNow = 0;
  private readonly stocks: Float64Array;

  constructor(readonly input: ModelInput, seed: string) {
    this.rng = stream(seed, 'simulation');
    this.agents = new AgentStore(input.origins.length, 4096);
    this.network = buildNetwork(input, COUNTRIES);
    const nO = (this.nO = input.origins.length);
    const nS = (this.nS = input.sectors.length);
    const nE = (this.nE = input.edges.length);
    const nR = (this.nR = this.network.routeOrigin.length);
    this.recorder = new Recorder(input.calendar, nO, nS);
    this.home = new Float64Array(nO * BANDS * 2);
    let population = 0;
    input.origins.forEach((o, i) => {
      for (let b = 0; b < BANDS; b++) {
        const inBand = o.adultPopulation * o.bandShare[b];
        const withKin = Math.round(inBand * o.kinShare);
        const without = Math.round(inBand) - withKin;
        this.home[(i * BANDS + b) * 2] = without;
        this.home[(i * BANDS + b) * 2 + 1] = withKin;
        population += without + withKin;
      }
    });
    this.population = population;
    this.inUS = new Float64Array(nO);
    this.returnedFree = new Float64Array(nO);
    this.returnedBarred = new Float64Array(nO);
    this.dead = new Float64Array(nO);
    this.arrivals = new Float64Array(nO);
    this.perceivedCost = new Float64Array(nO);
    this.perceivedRisk = new Float64Array(nO);
    this.perceivedOdds = new Float64Array(nO);
    this.interiorRemovalRate = new Float64Array(nO);
    this.sectorIntensity = new Float64Array(nS);
    this.sectorFee = new Float64Array(nS);
    this.pAppSmuggled = new Float64Array(nS);
    this.pAppAlone = new Float64Array(nS);
    this.deathSmuggled = new Float64Array(nS);
    this.deathAlone = new Float64Array(nS);
    this.edgePrice = new Float64Array(nE);
    this.edgeThresholds = new Float64Array(nE * 2 * 4);
    this.routePrice = new Float64Array(nR);
    this.routeRisk = new Float64Array(nR);
    this.maxRoutes = Math.max(...this.network.originRouteCount);
    this.routeCum = new Float64Array(nO * BANDS * TOLERANCE_CLASSES * this.maxRoutes);
    this.routeIsOpen = new Uint8Array(this.maxRoutes);
    this.routeUtility = new Float64Array(this.maxRoutes);
    this.odds = input.origins.map(() => ({ admitted: 0, backToMexico: 0 }));
    this.choiceCum = new Float64Array(nO * nS * BANDS * TOLERANCE_CLASSES * 2 * OPTIONS);
    this.expelledThisMonth = new Float64Array(nO);
    this.thirdThisMonth = new Float64Array(nO);
    this.expelDemand = new Float64Array(nO);
    this.expelFill = new Float64Array(nO).fill(1);
    this.thirdDemand = new Float64Array(nO);
    this.thirdFill = new Float64Array(nO).fill(1);
    this.encountersThisWeek = new Float64Array(nO);
    this.flowTally = new Float64Array((nR + 1) * OUTCOMES.length);
    this.expulsionShareNow = new Float64Array(nO);
    this.expulsionCapNow = new Float64Array(nO);
    this.expeditedNow = new Float64Array(nO);
    this.acceptanceNow = new Float64Array(nO);
    this.thirdCapNow = new Float64Array(nO); // last row: parole programme (no route)
    this.stocks = new Float64Array(ORIGIN_STOCKS.length * nO);
  }

  get weeks(): number {
    return this.input.calendar.weeks;
  }

  lever(name: LeverName, entity = 0): number {
    return this.input.levers[name][entity][this.week];
  }

  /** Persons in each stock right now; they always add up to the population (tested). */
  census(): Census {
    const s = this.input.scale;
    const a = this.agents;
    const inTransit = a.moving * s;
    const waiting = (a.count - a.moving) * s;
    const sum = (x: Float64Array) => x.reduce((t, v) => t + v, 0);
    return {
      atHome: sum(this.home),
      inTransit,
      waiting,
      inUS: sum(this.inUS),
      returned: sum(this.returnedFree) + sum(this.returnedBarred),
      dead: sum(this.dead),
      population: this.population,
    };
  }

  run(): RunResult {
    while (this.week < this.weeks) this.step();
    return this.result();
  }

  result(): RunResult {
    const flows: RunResult['flows'] = [];
    const merged = new Map<string, number>();
    const tally = this.flowTally.slice();
    // people still on the way at the end
    const a = this.agents;
    for (let i = 0; i < a.count; i++) {
      tally[a.route[i] * OUTCOMES.length + (a.status[i] === TRANSIT ? OUT.in_transit : OUT.waiting)] += this.input.scale;
    }
    for (let r = 0; r <= this.nR; r++) {
      for (let k = 0; k < OUTCOMES.length; k++) {
        const persons = tally[r * OUTCOMES.length + k];
        if (persons === 0) continue;
        const origin = r < this.nR ? this.network.routeOrigin[r] : -1;
        const corridor = r < this.nR ? this.network.routeLabel[r] : 'parole';
        const key = `${origin}|${corridor}|${k}`;
        merged.set(key, (merged.get(key) ?? 0) + persons);
      }
    }
    // parole programme arrivals are tallied per origin in parolePersons
    this.parolePersons.forEach((persons, o) => {
      if (persons > 0) merged.set(`${o}|parole|${OUT.paroled}`, persons);
    });
    for (const [key, persons] of merged) {
      const [o, corridor, k] = key.split('|');
      if (Number(o) < 0) continue;
      flows.push({ origin: Number(o), corridor, outcome: OUTCOMES[Number(k)], persons });
    }
    return { tables: this.recorder.tables, flows, census: this.census() };
  }

  private parolePersons = new Float64Array(0);

  step(): void {
    const w = this.week;
    if (w >= this.weeks) throw new Error('the run is over');
    if (this.parolePersons.length === 0) this.parolePersons = new Float64Array(this.nO);
    const month = this.input.calendar.weekMonth[w];
    if (month !== this.lastMonth) {
      this.expelledThisMonth.fill(0);
      this.thirdThisMonth.fill(0);
      this.lastMonth = month;
    }
    this.prepareConditions();
    if (!this.perceptionsReady) {
      this.perceive(1);
      this.perceptionsReady = true;
    }
    this.departures();
    this.actAtBorder();
    this.moveInTransit();
    this.interiorRemovals();
    this.closeCapacities();
    this.perceive(smoothingWeight(this.input.params.infoHalfLifeWeeks));
    this.recordStocks();
    this.recorder.closeWeek(w, this.rng);
    this.week++;
  }

  // ---------------------------------------------------------------- conditions of the week

  private prepareConditions(): void {
    const p = this.input.params;
    const net = this.network;
    const factors: PriceFactors = {
      marketPower: this.lever('marketPower'),
      marketPowerRef: LEVERS.marketPower.default,
      scarcity: scarcityFactor(this.market, this.lever('smugglerDisruption'), p.demandElasticity),
      feeEnforcementElasticity: p.feeEnforcementElasticity,
    };
    const cartelTax = this.lever('cartelTax');
    for (let s = 0; s < this.nS; s++) {
      const intensity = this.lever('enforcement', s) * (1 - p.barrierWeight + p.barrierWeight * this.lever('barriers', s));
      this.sectorIntensity[s] = intensity;
      this.sectorFee[s] = borderFee(this.input.sectors[s].crossingFeeUsd * p.borderFeeScale, intensity, cartelTax, factors);
      this.pAppAlone[s] = apprehension(p.apprehensionRate, intensity, 1);
      this.pAppSmuggled[s] = apprehension(p.apprehensionRate, intensity, p.smugglerEvasion);
      const death = p.crossingDeathRisk * this.input.sectors[s].terrainRisk * Math.pow(Math.max(intensity, 1e-6), p.funnelElasticity);
      this.deathAlone[s] = Math.min(0.5, death);
      this.deathSmuggled[s] = Math.min(0.5, death * p.smuggledDeathFactor);
    }
    const visas = this.lever('transitVisas');
    for (let e = 0; e < this.nE; e++) {
      const edge = this.input.edges[e];
      const enforcement = this.lever('transitEnforcement', net.edgeCountry[e]);
      this.edgePrice[e] = edge.smuggler ? segmentFee(edge.feeUsd, enforcement, visas, factors) : 0;
      const death = edge.deathRiskPerWeek * (1 - 0.5 * visas);
      const detention = p.transitDetentionPerWeek * enforcement * (1 - 0.5 * visas);
      for (let unpaid = 0; unpaid < 2; unpaid++) {
        const base = (e * 2 + unpaid) * 4;
        const detain = Math.min(0.9, detention * (unpaid ? p.unsmuggledDetentionFactor : 1));
        this.edgeThresholds[base] = death;
        this.edgeThresholds[base + 1] = death + p.robberyPerWeek;
        this.edgeThresholds[base + 2] = death + p.robberyPerWeek + detain;
        this.edgeThresholds[base + 3] = Math.min(1, death + p.robberyPerWeek + detain + p.giveUpPerWeek);
      }
    }
    for (let r = 0; r < this.nR; r++) {
      let price = 0;
      let risk = 0;
      const start = net.routeStart[r];
      for (let k = 0; k < net.routeLength[r]; k++) {
        const e = net.routeEdges[start + k];
        price += this.edgePrice[e];
        risk += this.input.edges[e].deathRiskPerWeek * (1 - 0.5 * visas) * net.edgeWeeks[e];
      }
      const s = net.routeSector[r];
      this.routePrice[r] = price + this.sectorFee[s];
      this.routeRisk[r] = risk + this.deathSmuggled[s];
    }
    for (let o = 0; o < this.nO; o++) {
      this.expulsionShareNow[o] = this.lever('expulsionShare', o);
      this.expulsionCapNow[o] = this.lever('expulsionCapPerMonth', o);
      this.expeditedNow[o] = this.lever('expeditedRemovalShare', o);
      this.acceptanceNow[o] = this.lever('removalAcceptance', o);
      this.thirdCapNow[o] = this.lever('thirdCountryRemovalsPerMonth', o);
    }
    this.removalCapWeekNow = this.lever('removalCapacityPerMonth') / WEEKS_PER_MONTH;
    this.remainInMexicoNow = this.lever('remainInMexicoShare');
    this.asylumCapNow = this.lever('asylumCapPerDay');
    this.prepareRouteChoice();
    this.prepareProcessingOdds();
    this.prepareBorderChoice();
  }

  private routeOpen(r: number, o: number): boolean {
    const net = this.network;
    const start = net.routeStart[r];
    for (let k = 0; k < net.routeLength[r]; k++) {
      const air = net.edgeAirLever[net.routeEdges[start + k]];
      if (air === 1 && this.lever('airToMexico', o) < 0.5) return false;
      if (air === 2 && this.lever('airToNicaragua', o) < 0.5) return false;
    }
    return true;
  }

  /** Multinomial logit over open routes, per origin × wealth band × risk-tolerance class. */
  private prepareRouteChoice(): void {
    const p = this.input.params;
    const net = this.network;
    const M = this.maxRoutes;
    for (let o = 0; o < this.nO; o++) {
      const first = net.originRouteFirst[o];
      const count = net.originRouteCount[o];
      const open = this.routeIsOpen;
      for (let k = 0; k < count; k++) open[k] = this.routeOpen(first + k, o) ? 1 : 0;
      for (let b = 0; b < BANDS; b++) {
        const resources = this.input.origins[o].bandSavingsUsd[b] + p.debtCapUsd;
        for (let t = 0; t < TOLERANCE_CLASSES; t++) {
          const base = ((o * BANDS + b) * TOLERANCE_CLASSES + t) * M;
          let top = -Infinity;
          const u = this.routeUtility;
          for (let k = 0; k < count; k++) {
            const r = first + k;
            const s = net.routeSector[r];
            u[k] = open[k]
              ? -p.routeCostWeight * (this.routePrice[r] / resources) -
                p.routeTimeWeight * net.routeWeeks[r] -
                p.routeRiskWeight * (1 - TOLERANCE_VALUE[t]) * 100 * this.routeRisk[r] +
                p.successWeight * (1 - this.pAppSmuggled[s])
              : -Infinity;
            if (u[k] > top) top = u[k];
          }
          let cum = 0;
          for (let k = 0; k < count; k++) {
            cum += top === -Infinity ? 0 : Math.exp(u[k] - top);
            this.routeCum[base + k] = cum;
          }
        }
      }
    }
  }

  /** Expected processing outcome of an encounter per origin, with last week's capacity fill. */
  private prepareProcessingOdds(): void {
    const mpp = this.lever('remainInMexicoShare');
    for (let o = 0; o < this.nO; o++) {
      const expel = this.lever('expulsionShare', o) * this.expelFill[o];
      const notExpelled = 1 - expel;
      const er = this.asylumBarActive ? 1 : this.lever('expeditedRemovalShare', o);
      const accept = this.lever('removalAcceptance', o);
      const removed = notExpelled * er * (accept * this.removalFill + (1 - accept * this.removalFill) * this.thirdFill[o] * (this.lever('thirdCountryRemovalsPerMonth', o) > 0 ? 1 : 0));
      const remaining = notExpelled - removed;
      const rim = this.input.origins[o].code === 'MEX' ? 0 : mpp;
      const released = remaining * (1 - rim) * this.asylumFill;
      this.odds[o].admitted = released;
      this.odds[o].backToMexico = expel + remaining - released;
    }
  }

  private retryChance(): number {
    const p = this.input.params;
    return p.attemptPerWeek / (p.attemptPerWeek + p.waitGiveUpPerWeek);
  }

  private expectedAppointmentWeeks(): number {
    const slots = this.lever('appointmentsPerDay') * 7;
    return slots > 0 ? (this.queued * this.input.scale) / slots + 1 : Infinity;
  }

  private prepareBorderChoice(): void {
    const p = this.input.params;
    const weights: ChoiceWeights = {
      successWeight: p.successWeight,
      borderFeeWeight: p.borderFeeWeight,
      borderRiskWeight: p.borderRiskWeight,
      appointmentWaitWeight: p.appointmentWaitWeight,
      aloneDisutility: p.aloneDisutility,
      returnHomeUtility: p.returnHomeUtility,
    };
    const appointmentOpen = this.lever('appointmentsPerDay') > 0;
    const waitWeeks = this.expectedAppointmentWeeks();
    const retry = this.retryChance();
    const c: ChoiceInputs = {
      pAppSmuggled: 0, pAppAlone: 0, deathSmuggled: 0, deathAlone: 0, feeUsd: 0, resourcesUsd: 0, tolerance: 0,
      odds: this.odds[0], retry, appointmentOpen, expectedAppointmentWeeks: waitWeeks, affordable: true,
    };
    for (let o = 0; o < this.nO; o++) {
      c.odds = this.odds[o];
      for (let s = 0; s < this.nS; s++) {
        c.pAppSmuggled = this.pAppSmuggled[s];
        c.pAppAlone = this.pAppAlone[s];
        c.deathSmuggled = this.deathSmuggled[s];
        c.deathAlone = this.deathAlone[s];
        for (let b = 0; b < BANDS; b++) {
          // at the border people have spent part of their savings: resources are judged on the band's
          // borrowing capacity plus half its savings (assumption)
          c.resourcesUsd = 0.5 * this.input.origins[o].bandSavingsUsd[b] + p.debtCapUsd;
          for (let t = 0; t < TOLERANCE_CLASSES; t++) {
            c.tolerance = TOLERANCE_VALUE[t];
            for (let pkg = 0; pkg < 2; pkg++) {
              c.feeUsd = pkg ? 0 : this.sectorFee[s];
              c.affordable = pkg === 1 || this.sectorFee[s] <= c.resourcesUsd;
              borderChoice(c, weights, this.choiceCum, this.choiceIndex(o, s, b, t, pkg));
            }
          }
        }
      }
    }
  }

  private choiceIndex(o: number, s: number, b: number, t: number, pkg: number): number {
    return ((((o * this.nS + s) * BANDS + b) * TOLERANCE_CLASSES + t) * 2 + pkg) * OPTIONS;
  }

  // ---------------------------------------------------------------- perceptions at home

  /** Expected journey cost, death risk and chance of getting in, as seen from each origin. */
  private perceive(weight: number): void {
    const net = this.network;
    const M = this.maxRoutes;
    const retry = this.retryChance();
    for (let o = 0; o < this.nO; o++) {
      const base = ((o * BANDS + 1) * TOLERANCE_CLASSES + 1) * M; // the middle band and tolerance
      const first = net.originRouteFirst[o];
      const count = net.originRouteCount[o];
      const total = this.routeCum[base + count - 1];
      if (!(total > 0)) continue; // no open route: perceptions keep their last value
      let cost = 0;
      let risk = 0;
      let odds = 0;
      let prev = 0;
      const od = this.odds[o];
      for (let k = 0; k < count; k++) {
        const share = (this.routeCum[base + k] - prev) / total;
        prev = this.routeCum[base + k];
        if (share === 0) continue;
        const r = first + k;
        const s = net.routeSector[r];
        const pApp = this.pAppSmuggled[s];
        cost += share * this.routePrice[r];
        risk += share * this.routeRisk[r];
        odds += share * ultimateEntry(1 - pApp + pApp * od.admitted, pApp * od.backToMexico, retry);
      }
      // getting in is worth less if one may be deported later: the chance of staying two years
      odds *= Math.exp(-STAY_HORIZON_WEEKS * this.interiorRemovalRate[o]);
      this.perceivedCost[o] += weight * (cost - this.perceivedCost[o]);
      this.perceivedRisk[o] += weight * (risk - this.perceivedRisk[o]);
      this.perceivedOdds[o] += weight * (odds - this.perceivedOdds[o]);
    }
  }

  // ---------------------------------------------------------------- leaving home

  private departures(): void {
    const input = this.input;
    const p = input.params;
    const w = this.week;
    const rng = this.rng;
    const scale = input.scale;
    const rec = this.recorder;
    const d: Drivers = {
      homicidePer100k: 0, homicideRef: 0, stateCapacity: 0, stateCapacityRef: 0, incomePerHeadUsd: 0, incomeRef: 0,
      kin: 0, arrivalsPer1000: 0, perceivedCostUsd: 0, resourcesUsd: 0, perceivedDeathRisk: 0, perceivedOdds: 0,
    };
    for (let o = 0; o < this.nO; o++) {
      const origin = input.origins[o];
      d.homicidePer100k = origin.homicidePer100k[w] * this.lever('violenceMultiplier', o);
      d.homicideRef = origin.ref.homicidePer100k;
      d.stateCapacity = Math.min(100, Math.max(0, origin.stateCapacity[w] + this.lever('stateCapacityShift', o)));
      d.stateCapacityRef = origin.ref.stateCapacity;
      d.incomePerHeadUsd = origin.incomePerHeadUsd[w] * this.lever('incomeMultiplier', o);
      d.incomeRef = origin.ref.incomePerHeadUsd;
      d.arrivalsPer1000 = (1000 * this.arrivals[o]) / origin.adultPopulation;
      d.perceivedCostUsd = this.perceivedCost[o];
      d.perceivedDeathRisk = this.perceivedRisk[o];
      d.perceivedOdds = this.perceivedOdds[o];
      const routesOpen = this.routeCum[((o * BANDS) * TOLERANCE_CLASSES) * this.maxRoutes + this.network.originRouteCount[o] - 1] > 0;
      let paroleLeft = (this.lever('paroleCapacityPerMonth', o) / WEEKS_PER_MONTH);
      const base = p.baseHazard[o];
      for (let b = 0; b < BANDS; b++) {
        d.resourcesUsd = origin.bandSavingsUsd[b] + p.debtCapUsd;
        for (let kin = 0 as 0 | 1; kin <= 1; kin = (kin + 1) as 0 | 1) {
          d.kin = kin;
          const h = weeklyHazard(base, d, p);
          const idx = (o * BANDS + b) * 2 + kin;
          const deciders = binomial(rng, Math.floor(this.home[idx] / scale), h) * scale;
          if (deciders === 0) continue;
          rec.add(FLOW.decided, o, deciders);
          let irregular = deciders;
          if (kin === 1 && paroleLeft > 0) {
            // sponsored people take the legal pathway while it has room (MODEL.md §6 parole)
            const applicants = binomial(rng, deciders / scale, p.paroleUptake) * scale;
            const granted = Math.min(applicants, Math.floor(paroleLeft / scale) * scale);
            paroleLeft -= granted;
            irregular -= granted;
            this.home[idx] -= granted;
            this.enterUS(o, granted);
            rec.add(FLOW.paroled, o, granted);
            rec.add(FLOW.departed, o, granted);
            this.parolePersons[o] += granted;
          }
          // with no open route (all closed by policy) deciders stay home: decided, not departed
          if (irregular === 0 || !routesOpen) continue;
          this.home[idx] -= irregular;
          rec.add(FLOW.departed, o, irregular);
          this.launch(o, b, kin, irregular / scale, false);
        }
      }
      // people who came back before may leave again (MODEL.md §6 repeat attempts)
      d.kin = 0;
      d.resourcesUsd = origin.bandSavingsUsd[0] + p.debtCapUsd;
      const hReturn = Math.min(0.5, weeklyHazard(base, d, p) * p.returnedHazardMultiplier);
      if (!routesOpen) continue;
      const again = binomial(rng, Math.floor(this.returnedFree[o] / scale), hReturn);
      const againBarred = binomial(rng, Math.floor(this.returnedBarred[o] / scale), hReturn * p.removalPenaltyFactor);
      if (again + againBarred > 0) {
        this.returnedFree[o] -= again * scale;
        this.returnedBarred[o] -= againBarred * scale;
        rec.add(FLOW.decided, o, (again + againBarred) * scale);
        rec.add(FLOW.departed, o, (again + againBarred) * scale);
        this.launch(o, 0, 0, again + againBarred, true);
      }
    }
  }

  /** Creates `n` agents leaving origin o, chooses their routes and starts them on the first edge. */
  private launch(o: number, band: number, kin: 0 | 1, n: number, returning: boolean): void {
    const a = this.agents;
    const rng = this.rng;
    const net = this.network;
    const M = this.maxRoutes;
    const first = net.originRouteFirst[o];
    const count = net.originRouteCount[o];
    const savingsMedian = this.input.origins[o].bandSavingsUsd[band] * (returning ? 0.5 : 1);
    for (let j = 0; j < n; j++) {
      const i = a.depart(o);
      a.band[i] = band;
      a.kin[i] = kin;
      const ut = rng.next();
      const t = ut < TOLERANCE_SHARE_CUM[0] ? 0 : ut < TOLERANCE_SHARE_CUM[1] ? 1 : 2;
      a.tolerance[i] = t;
      a.savingsUsd[i] = savingsMedian * SAVINGS_SPREAD[rng.nextUint32() >>> 20];
      const base = ((o * BANDS + band) * TOLERANCE_CLASSES + t) * M;
      const target = rng.next() * this.routeCum[base + count - 1];
      let k = 0;
      while (k < count - 1 && target >= this.routeCum[base + k]) k++;
      const r = first + k;
      a.route[i] = r;
      a.sector[i] = net.routeSector[r];
      a.leftWeek[i] = this.week;
      this.enterEdge(i, 0);
    }
  }

  /** Puts agent i on leg `leg` of its route and pays the smuggler if the edge needs one. */
  private enterEdge(i: number, leg: number): void {
    const a = this.agents;
    const net = this.network;
    const e = net.routeEdges[net.routeStart[a.route[i]] + leg];
    a.leg[i] = leg;
    a.weeksLeft[i] = net.edgeWeeks[e];
    let unpaid = 0;
    const price = this.edgePrice[e];
    if (price > 0) {
      if (this.pay(i, price)) {
        this.recorder.addMoney(0, a.origin[i], price * this.input.scale);
        this.marketJobs += 1;
      } else unpaid = 1;
    }
    a.riskRow[i] = (e * 2 + unpaid) * 4;
  }

  /** Pays from savings, then by borrowing up to the debt cap; false if the agent cannot. */
  private pay(i: number, price: number): boolean {
    const a = this.agents;
    const savings = a.savingsUsd[i];
    if (savings >= price) {
      a.savingsUsd[i] = savings - price;
      return true;
    }
    const borrow = price - savings;
    if (a.debtUsd[i] + borrow > this.input.params.debtCapUsd) return false;
    a.savingsUsd[i] = 0;
    a.debtUsd[i] += borrow;
    return true;
  }

  // ---------------------------------------------------------------- the weekly agent loop

  /**
   * The weekly agent loops, border cities first: agents who were waiting at the start of the week decide (cross, queue,
   * give up). Agents who arrive during this week's movement act from next week on.
   */
  private actAtBorder(): void {
    const a = this.agents;
    const rng = this.rng;
    const p = this.input.params;
    const scale = this.input.scale;
    const status = a.status;
    const weeksWaited = a.weeksWaited;
    const slotsThisWeek = this.lever('appointmentsPerDay') * 7;
    const slotChance = this.queued > 0 ? Math.min(1, slotsThisWeek / (this.queued * scale)) : 1;
    const actChance = p.attemptPerWeek;
    const giveUpWaiting = p.waitGiveUpPerWeek;
    let queuedNow = 0;
    this.releasedOnDay.fill(0);
    this.removalsThisWeek = 0;
    // Agents at the border, highest index first (see gather). No agent is added during
    // the loop, so the arrays cannot be reallocated under us, and an agent removed at i is
    // replaced by the last one, already visited, so the later entries stay valid.
    const order = this.agentOrder(a.count);
    const m = gather(status, a.count, order, false);
    for (let j = 0; j < m; j++) {
      const i = order[j];
      weeksWaited[i]++;
      if (status[i] === QUEUED) {
        if (slotsThisWeek <= 0) status[i] = WAITING; // appointments cancelled: back to deciding
        else if (rng.next() < slotChance) {
          this.portArrival(i);
          continue;
        } else {
          queuedNow++;
          continue;
        }
      }
      const u = rng.next();
      if (u < giveUpWaiting) this.goHome(i, false);
      else if (u < giveUpWaiting + actChance && this.crossBorder(i)) queuedNow++;
    }
    this.queued = queuedNow;
  }

  /**
   * The transit loop: one draw per agent on the move against the cumulative weekly thresholds
   * of its edge (death, robbery, detention or giving up, else a week of progress). The common
   * case costs one uniform, one comparison and one decrement. The week's uniforms are drawn in
   * one batch first; nothing called from the loop draws from the stream, so this is the same
   * sequence as one draw per agent in turn.
   */
  private moveInTransit(): void {
    const a = this.agents;
    const status = a.status;
    const riskRow = a.riskRow;
    const weeksLeft = a.weeksLeft;
    const thr = this.edgeThresholds;
    // Agents in transit, highest index first; as in actAtBorder, later entries stay valid.
    const order = this.agentOrder(a.count);
    const m = gather(status, a.count, order, true);
    if (this.uniforms.length < m) this.uniforms = new Float64Array(a.capacity);
    const uniforms = this.uniforms;
    this.rng.fill(uniforms, m);
    for (let j = 0; j < m; j++) {
      const i = order[j];
      const k = riskRow[i];
      const u = uniforms[j];
      if (u >= thr[k + 3]) {
        if (--weeksLeft[i] === 0) this.arrive(i);
      } else this.transitEvent(i, u, k);
    }
  }

  /** Scratch for the indices one weekly loop visits. */
  private agentOrder(n: number): Int32Array {
    if (this.order.length < n) this.order = new Int32Array(this.agents.capacity);
    return this.order;
  }

  /** A rare event in transit: death, robbery, detention by a transit country, or giving up. */
  private transitEvent(i: number, u: number, k: number): void {
    const a = this.agents;
    const thr = this.edgeThresholds;
    if (u < thr[k]) this.die(i, -1);
    else if (u < thr[k + 1]) {
      a.savingsUsd[i] *= 1 - this.input.params.robberyLossShare; // robbed, but goes on
      if (--a.weeksLeft[i] === 0) this.arrive(i);
    } else this.goHome(i, false); // detained and returned by a transit country, or gave up
  }

  private arrive(i: number): void {
    const a = this.agents;
    const next = a.leg[i] + 1;
    if (next < this.network.routeLength[a.route[i]]) this.enterEdge(i, next);
    else a.reachBorder(i);
  }

  /** One decision at the border; returns true if the agent joined the appointment queue. */
  private crossBorder(i: number): boolean {
    const a = this.agents;
    const rng = this.rng;
    const o = a.origin[i];
    const s = a.sector[i];
    const pkg = a.packageLeft[i] > 0 ? 1 : 0;
    const c = this.choiceIndex(o, s, a.band[i], a.tolerance[i], pkg);
    const u = rng.next();
    const cum = this.choiceCum;
    let option = u < cum[c] ? SMUGGLER : u < cum[c + 1] ? ALONE : u < cum[c + 2] ? TURN_IN : u < cum[c + 3] ? APPOINTMENT : GO_HOME;
    if (option === GO_HOME) {
      this.goHome(i, false);
      return false;
    }
    if (option === APPOINTMENT) {
      a.status[i] = QUEUED;
      return true;
    }
    const scale = this.input.scale;
    const rec = this.recorder;
    if (option === SMUGGLER) {
      if (pkg) a.packageLeft[i]--;
      else {
        const fee = this.sectorFee[s];
        if (this.pay(i, fee)) {
          rec.addMoney(0, o, fee * scale);
          rec.addMoney(1, o, fee * scale);
          rec.addSectorMoney(0, s, fee * scale);
          this.marketJobs += 1;
          if (rng.next() < this.input.params.packageShare) a.packageLeft[i] = 2; // three attempts in all
        } else option = ALONE;
      }
    }
    a.attempts[i]++;
    if (option === TURN_IN) {
      const toll = this.input.sectors[s].turnInFeeUsd;
      if (toll > 0 && this.pay(i, toll)) rec.addMoney(0, o, toll * scale); // paid to reach the river bank
      this.encounter(i, true);
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
      this.die(i, s);
      return false;
    }
    const caught = smuggled ? this.pAppSmuggled[s] : this.pAppAlone[s];
    if (v < death + caught * (1 - death)) {
      this.encounter(i, true);
      return false;
    }
    rec.add(FLOW.gotaways, o, scale);
    rec.addSector(SECTOR_FLOW.gotaways, s, scale);
    this.tally(i, OUT.entered);
    this.enterUS(o, scale);
    this.agents.remove(i);
    return false;
  }

  private countEncounter(i: number, betweenPorts: boolean): void {
    const a = this.agents;
    const o = a.origin[i];
    const scale = this.input.scale;
    this.recorder.add(FLOW.encounters, o, scale);
    this.encountersThisWeek[o] += scale;
    if (betweenPorts) this.recorder.addSector(SECTOR_FLOW.encounters, a.sector[i], scale);
    const month = this.input.calendar.weekMonth[this.week] + 1;
    if (a.lastEncounterMonth[i] !== month) {
      a.lastEncounterMonth[i] = month;
      this.recorder.add(FLOW.unique_encountered, o, scale);
    }
  }

  /** Processing after an encounter between ports, by the regime in force (MODEL.md §6). */
  private encounter(i: number, betweenPorts: boolean): void {
    this.countEncounter(i, betweenPorts);
    const a = this.agents;
    const rng = this.rng;
    const o = a.origin[i];
    const scale = this.input.scale;
    const rec = this.recorder;
    if (rng.next() < this.expulsionShareNow[o]) {
      this.expelDemand[o] += scale;
      if (this.expelledThisMonth[o] + scale <= this.expulsionCapNow[o]) {
        this.expelledThisMonth[o] += scale;
        this.backToMexico(i);
        return;
      }
    }
    const er = this.asylumBarActive ? 1 : this.expeditedNow[o];
    if (rng.next() < er) {
      if (rng.next() < this.acceptanceNow[o]) {
        this.removalDemand += scale;
        if (this.removalsThisWeek + scale <= this.removalCapWeekNow) {
          this.removalsThisWeek += scale;
          rec.add(FLOW.removed, o, scale);
          rec.add(FLOW.returned_home, o, scale);
          this.tally(i, OUT.removed);
          this.returnedBarred[o] += scale;
          a.remove(i);
          return;
        }
      }
      const thirdCap = this.thirdCapNow[o];
      if (thirdCap > 0) {
        this.thirdDemand[o] += scale;
        if (this.thirdThisMonth[o] + scale <= thirdCap) {
          // removed to a third country (e.g. El Salvador): out of the corridor, counted with returned
          this.thirdThisMonth[o] += scale;
          rec.add(FLOW.removed, o, scale);
          this.tally(i, OUT.removed);
          this.returnedBarred[o] += scale;
          a.remove(i);
          return;
        }
      }
    }
    if (this.input.origins[o].code !== 'MEX' && rng.next() < this.remainInMexicoNow) {
      this.backToMexico(i);
      return;
    }
    const day = (rng.next() * 7) | 0;
    this.asylumDemand += scale;
    if (this.releasedOnDay[day] + scale > this.asylumCapNow) {
      this.backToMexico(i); // over the daily cap: returned to Mexico
      return;
    }
    this.releasedOnDay[day] += scale;
    if (this.releasedOnDay[day] > this.maxReleasedPerDay) this.maxReleasedPerDay = this.releasedOnDay[day];
    rec.add(FLOW.released, o, scale);
    this.tally(i, OUT.released);
    this.enterUS(o, scale);
    a.remove(i);
  }

  /** An appointment at a port of entry: an encounter at the port, then parole. */
  private portArrival(i: number): void {
    const a = this.agents;
    const o = a.origin[i];
    this.countEncounter(i, false);
    this.recorder.add(FLOW.paroled, o, this.input.scale);
    this.tally(i, OUT.paroled);
    this.enterUS(o, this.input.scale);
    a.remove(i);
  }

  private backToMexico(i: number): void {
    const a = this.agents;
    this.recorder.add(FLOW.expelled, a.origin[i], this.input.scale);
    a.status[i] = WAITING;
    a.weeksWaited[i] = 0;
  }

  private enterUS(o: number, persons: number): void {
    this.inUS[o] += persons;
    this.arrivals[o] += persons;
    this.recorder.add(FLOW.entered, o, persons);
  }

  private goHome(i: number, barred: boolean): void {
    const a = this.agents;
    const o = a.origin[i];
    const scale = this.input.scale;
    this.recorder.add(FLOW.returned_home, o, scale);
    this.tally(i, OUT.returned);
    if (barred) this.returnedBarred[o] += scale;
    else this.returnedFree[o] += scale;
    a.remove(i);
  }

  private die(i: number, sector: number): void {
    const a = this.agents;
    const o = a.origin[i];
    const scale = this.input.scale;
    this.recorder.add(FLOW.deaths, o, scale);
    if (sector >= 0) this.recorder.addSector(SECTOR_FLOW.deaths, sector, scale);
    this.tally(i, OUT.dead);
    this.dead[o] += scale;
    a.remove(i);
  }

  /** `outcome` is an index of OUTCOMES (OUT.entered, ...): a number, so no lookup by name per agent. */
  private tally(i: number, outcome: number): void {
    this.flowTally[this.agents.route[i] * OUTCOMES.length + outcome] += this.input.scale;
  }

  // ---------------------------------------------------------------- after the loop

  /** Interior removals of people who arrived during the run, by origin in proportion to those accepted. */
  private interiorRemovals(): void {
    const capacity = this.lever('interiorRemovalsPerMonth') / WEEKS_PER_MONTH;
    this.interiorRemovalRate.fill(0);
    if (capacity <= 0) return;
    let weight = 0;
    const w = new Float64Array(this.nO);
    for (let o = 0; o < this.nO; o++) {
      const accept = Math.max(this.lever('removalAcceptance', o), this.lever('thirdCountryRemovalsPerMonth', o) > 0 ? 1 : 0);
      w[o] = this.inUS[o] * accept;
      weight += w[o];
    }
    if (weight <= 0) return;
    const scale = this.input.scale;
    for (let o = 0; o < this.nO; o++) {
      const expected = (capacity * w[o]) / weight / scale;
      let n = Math.floor(expected);
      if (this.rng.next() < expected - n) n++;
      const persons = Math.min(n * scale, Math.floor(this.inUS[o] / scale) * scale);
      if (persons <= 0) continue;
      this.interiorRemovalRate[o] = persons / this.inUS[o];
      this.inUS[o] -= persons;
      this.returnedBarred[o] += persons;
      this.recorder.add(FLOW.interior_removed, o, persons);
      this.recorder.add(FLOW.returned_home, o, persons);
    }
  }

  /** Capacity fill ratios and the asylum bar for next week; market capacity follows demand. */
  private closeCapacities(): void {
    const removalCap = this.lever('removalCapacityPerMonth') / WEEKS_PER_MONTH;
    this.removalFill = this.removalDemand > 0 ? Math.min(1, removalCap / this.removalDemand) : 1;
    const asylumCap = this.lever('asylumCapPerDay') * 7;
    this.asylumFill = this.asylumDemand > 0 ? Math.min(1, asylumCap / this.asylumDemand) : 1;
    for (let o = 0; o < this.nO; o++) {
      const expelCap = this.lever('expulsionCapPerMonth', o) / WEEKS_PER_MONTH;
      this.expelFill[o] = this.expelDemand[o] > 0 ? Math.min(1, expelCap / this.expelDemand[o]) : 1;
      const thirdCap = this.lever('thirdCountryRemovalsPerMonth', o) / WEEKS_PER_MONTH;
      this.thirdFill[o] = this.thirdDemand[o] > 0 ? Math.min(1, thirdCap / this.thirdDemand[o]) : thirdCap > 0 ? 1 : 0;
    }
    this.removalDemand = 0;
    this.asylumDemand = 0;
    this.expelDemand.fill(0);
    this.thirdDemand.fill(0);
    // the asylum bar follows daily encounters between ports with hysteresis (2024-06 proclamation)
    let encounters = 0;
    for (let o = 0; o < this.nO; o++) encounters += this.encountersThisWeek[o];
    this.encountersThisWeek.fill(0);
    const perDay = encounters / 7;
    this.lastEncountersPerDay = perDay;
    const barAbove = this.lever('asylumBarAbovePerDay');
    if (barAbove >= LEVERS.asylumBarAbovePerDay.default) this.asylumBarActive = false; // no bar in force
    else if (!this.asylumBarActive) this.asylumBarActive = perDay > barAbove;
    // lifted only below the lift threshold, and never while still above the bar threshold
    else if (perDay < this.lever('asylumLiftBelowPerDay') && perDay <= barAbove) this.asylumBarActive = false;
    updateCapacity(this.market, this.marketJobs * this.input.scale, this.input.params.capacityAdjustPerWeek);
    this.marketJobs = 0;
  }

  private recordStocks(): void {
    const a = this.agents;
    const scale = this.input.scale;
    for (let o = 0; o < this.nO; o++) {
      this.stocks[o] = a.movingByOrigin[o] * scale;
      this.stocks[this.nO + o] = a.atBorderByOrigin[o] * scale;
    }
    this.recorder.recordStocks(this.week, this.stocks);
  }

  /** Encounters between ports a day in the week just stepped (what the asylum bar follows). */
  get encountersPerDay(): number {
    return this.lastEncountersPerDay;
  }

  /** Asylum bar state, exposed for tests of the hysteresis. */
  get asylumBarred(): boolean {
    return this.asylumBarActive;
  }

  get agentCount(): number {
    return this.agents.count;
  }
}

export function simulate(input: ModelInput, seed: string): RunResult {
  return new Simulation(input, seed).run();
}

/**
 * Writes the indices of the agents in transit (or, with inTransit false, at the border), highest
 * first, into order, and returns how many. The store mixes the two kinds in no order; a skip
 * per agent that the CPU cannot predict costs more than the step itself, so there is no branch.
 */
function gather(status: Uint8Array, n: number, order: Int32Array, inTransit: boolean): number {
  const other = inTransit ? 0 : 1;
  let m = 0;
  for (let i = n - 1; i >= 0; i--) {
    order[m] = i;
    m += (((status[i] ^ TRANSIT) - 1) >>> 31) ^ other; // 1 if TRANSIT, else 0; flipped for the border
  }
  return m;
}
