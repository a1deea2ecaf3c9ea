// The journey (docs/MODEL.md §5): each week's fees and risks on every edge of the route network,
// the choice of route by cost, time and risk, and the weekly loop over agents on the move —
// death, robbery, detention by a transit country, giving up, or a week of progress.
import type { Border } from './border.ts';
import { segmentFee } from './market.ts';
import type { Market } from './market.ts';
import { COUNTRIES } from './entities.ts';
import { WEEKS_PER_MONTH } from './calendar.ts';
import { lognormalTable } from './random.ts';
import { FLOW } from './recorder.ts';
import { BANDS, TOLERANCE_CLASSES, TOLERANCE_SHARE_CUM, TOLERANCE_VALUE } from './state.ts';
import type { RunState } from './state.ts';

/** lognormal spread of savings within a wealth band (assumption) */
const SAVINGS_SIGMA = 0.5;
const SAVINGS_SPREAD = lognormalTable(SAVINGS_SIGMA);
/** rows of the transit thresholds: paid (or no smuggler needed), unpaid, national of the edge's country */
const PAID = 0;
const UNPAID = 1;
const NATIONAL = 2;
const TRAVELLERS = 3;
const RISK_ROW_WIDTH = 4;
/** id of the Darién hub in routes.yaml: reaching it is a crossing of the Gap (recorded as darien_crossings) */
export const DARIEN_NODE = 'DARIEN';

export class Journey {
  readonly maxRoutes: number;
  private readonly edgePrice: Float64Array;
  /**
   * Weekly transit risks per edge and traveller: cumulative [death, +robbery, +detention, +give up]
   * in rows of RISK_ROW_WIDTH, one for each of PAID, UNPAID (no smuggler where one is needed) and
   * NATIONAL (a national of the edge's country, whom its migration authorities do not detain).
   */
  private readonly edgeThresholds: Float64Array;
  /** chance of getting through a route's transit countries without being returned home, for a paying traveller */
  readonly routePassage: Float64Array;
  /** this week's chance, on each edge for a paying traveller, of being detained and returned home */
  private readonly edgeReturn: Float64Array;
  /** per country, the share of those its authorities detain that they return home this week (the rest are released and go on) */
  private readonly returnShare: Float64Array;
  /** per threshold row (row offset / 4): the country that detains there (COUNTRIES.length: nobody) and its weekly chance at full capacity */
  private readonly rowCountry: Int32Array;
  private readonly rowDetention: Float64Array;
  /** this week's detentions each country would make at full capacity (agents × chance), and the share of them it can hold */
  private readonly detentionDemand: Float64Array;
  private readonly detentionFill: Float64Array;
  private readonly mexico: number;
  /** the node Panama's migration service counts arrivals at, after the Darién Gap (−1 if the network has none) */
  private readonly darien: number;
  /** for each origin, the index in COUNTRIES of its own country (-1 if none) */
  private readonly originCountry: Int32Array;
  /** this week's price and death risk of each route, border crossing included */
  readonly routePrice: Float64Array;
  readonly routeRisk: Float64Array;
  /** cumulative route-choice weights: [origin][band][tolerance][route slot] */
  readonly routeCum: Float64Array;
  private readonly routeIsOpen: Uint8Array; // scratch for prepareRouteChoice, one origin at a time
  private readonly routeUtility: Float64Array;
  private uniforms = new Float64Array(0); // the transit loop's draws for the week

  constructor(private readonly run: RunState, private readonly market: Market, private readonly border: Border) {
    const net = run.network;
    const nE = run.input.edges.length;
    const nR = net.routeOrigin.length;
    this.edgePrice = new Float64Array(nE);
    this.edgeThresholds = new Float64Array(nE * TRAVELLERS * RISK_ROW_WIDTH);
    this.routePassage = new Float64Array(nR);
    this.edgeReturn = new Float64Array(nE);
    this.returnShare = new Float64Array(COUNTRIES.length + 1);
    this.rowCountry = new Int32Array(nE * TRAVELLERS).fill(COUNTRIES.length);
    this.rowDetention = new Float64Array(nE * TRAVELLERS);
    this.detentionDemand = new Float64Array(COUNTRIES.length + 1);
    this.detentionFill = new Float64Array(COUNTRIES.length).fill(1);
    this.mexico = (COUNTRIES as readonly string[]).indexOf('MEX');
    this.darien = run.input.nodes.findIndex((n) => n.id === DARIEN_NODE);
    this.originCountry = Int32Array.from(run.input.origins, (o) => (COUNTRIES as readonly string[]).indexOf(o.code));
    this.routePrice = new Float64Array(nR);
    this.routeRisk = new Float64Array(nR);
    this.maxRoutes = Math.max(...net.originRouteCount);
    this.routeCum = new Float64Array(run.nO * BANDS * TOLERANCE_CLASSES * this.maxRoutes);
    this.routeIsOpen = new Uint8Array(this.maxRoutes);
    this.routeUtility = new Float64Array(this.maxRoutes);
  }

  /** Last week's detention fill per transit country carries over (a snapshot of the run). */
  save(): { detentionFill: Float64Array } {
    return { detentionFill: this.detentionFill.slice() };
  }

  restore(s: { detentionFill: Float64Array }): void {
    this.detentionFill.set(s.detentionFill);
  }

  /** Fees and weekly risks of each edge, then each route's price and death risk (after the sectors'). */
  prepareEdges(): void {
    const run = this.run;
    const p = run.input.params;
    const net = run.network;
    const edges = run.input.edges;
    const visas = run.lever('transitVisas');
    for (let c = 0; c < COUNTRIES.length; c++) this.returnShare[c] = run.lever('transitReturnShare', c);
    for (let e = 0; e < edges.length; e++) {
      const edge = edges[e];
      const enforcement = run.lever('transitEnforcement', net.edgeCountry[e]);
      this.edgePrice[e] = edge.smuggler ? segmentFee(edge.feeUsd, enforcement, visas, this.market.factors) : 0;
      const death = edge.deathRiskPerWeek * (1 - 0.5 * visas);
      const country = net.edgeCountry[e];
      // the chance at full capacity, then the share of it the country's capacity allowed last week
      const detention = p.transitDetentionPerWeek * enforcement * (1 - 0.5 * visas);
      const fill = this.detentionFill[country];
      this.edgeReturn[e] = Math.min(0.9, detention) * fill * this.returnShare[country];
      for (let traveller = 0; traveller < TRAVELLERS; traveller++) {
        const row = e * TRAVELLERS + traveller;
        const base = row * RISK_ROW_WIDTH;
        const full = traveller === NATIONAL ? 0 : Math.min(0.9, detention * (traveller === UNPAID ? p.unsmuggledDetentionFactor : 1));
        this.rowCountry[row] = traveller === NATIONAL ? COUNTRIES.length : country;
        this.rowDetention[row] = full;
        const detain = full * fill;
        this.edgeThresholds[base] = death;
        this.edgeThresholds[base + 1] = death + p.robberyPerWeek;
        this.edgeThresholds[base + 2] = death + p.robberyPerWeek + detain;
        this.edgeThresholds[base + 3] = Math.min(1, death + p.robberyPerWeek + detain + p.giveUpPerWeek);
      }
    }
    for (let r = 0; r < this.routePrice.length; r++) {
      let price = 0;
      let risk = 0;
      let logPassage = 0;
      const start = net.routeStart[r];
      const country = this.originCountry[net.routeOrigin[r]];
      for (let k = 0; k < net.routeLength[r]; k++) {
        const e = net.routeEdges[start + k];
        price += this.edgePrice[e];
        risk += edges[e].deathRiskPerWeek * (1 - 0.5 * visas) * net.edgeWeeks[e];
        if (net.edgeCountry[e] !== country) logPassage += net.edgeWeeks[e] * Math.log1p(-this.edgeReturn[e]);
      }
      this.routePassage[r] = Math.exp(logPassage);
      const s = net.routeSector[r];
      this.routePrice[r] = price + this.border.fee[s];
      this.routeRisk[r] = risk + this.border.deathSmuggled[s];
    }
  }

  /** A route is closed to origin o if one of its flights needs a visa-free policy not in force. */
  private routeOpen(r: number, o: number): boolean {
    const net = this.run.network;
    const start = net.routeStart[r];
    for (let k = 0; k < net.routeLength[r]; k++) {
      const air = net.edgeAirLever[net.routeEdges[start + k]];
      if (air === 1 && this.run.lever('airToMexico', o) < 0.5) return false;
      if (air === 2 && this.run.lever('airToNicaragua', o) < 0.5) return false;
    }
    return true;
  }

  /** Multinomial logit over open routes, per origin × wealth band × risk-tolerance class. */
  prepareRouteChoice(): void {
    const run = this.run;
    const p = run.input.params;
    const net = run.network;
    const M = this.maxRoutes;
    for (let o = 0; o < run.nO; o++) {
      const first = net.originRouteFirst[o];
      const count = net.originRouteCount[o];
      const open = this.routeIsOpen;
      for (let k = 0; k < count; k++) open[k] = this.routeOpen(first + k, o) ? 1 : 0;
      for (let b = 0; b < BANDS; b++) {
        const resources = run.input.origins[o].bandSavingsUsd[b] + p.debtCapUsd;
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
                p.successWeight * this.routePassage[r] * (1 - this.border.pAppSmuggled[s])
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

  /** Whether origin o has any route open this week (all may be closed by policy). */
  anyRouteOpen(o: number): boolean {
    return this.routeCum[o * BANDS * TOLERANCE_CLASSES * this.maxRoutes + this.run.network.originRouteCount[o] - 1] > 0;
  }

  /** Creates `n` agents leaving origin o, chooses their routes and starts them on the first edge. */
  launch(o: number, band: number, kin: 0 | 1, n: number, returning: boolean): void {
    const run = this.run;
    const a = run.agents;
    const rng = run.rng;
    const net = run.network;
    const M = this.maxRoutes;
    const first = net.originRouteFirst[o];
    const count = net.originRouteCount[o];
    const savingsMedian = run.input.origins[o].bandSavingsUsd[band] * (returning ? 0.5 : 1);
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
      a.leftWeek[i] = run.week;
      this.enterEdge(i, 0);
    }
  }

  /** Puts agent i on leg `leg` of its route and pays the smuggler if the edge needs one. */
  private enterEdge(i: number, leg: number): void {
    const a = this.run.agents;
    const net = this.run.network;
    const e = net.routeEdges[net.routeStart[a.route[i]] + leg];
    a.leg[i] = leg;
    a.weeksLeft[i] = net.edgeWeeks[e];
    let traveller = net.edgeCountry[e] === this.originCountry[a.origin[i]] ? NATIONAL : PAID;
    const price = this.edgePrice[e];
    if (price > 0) {
      if (this.market.pay(i, price)) this.market.sell(a.origin[i], price);
      else traveller = UNPAID;
    }
    a.riskRow[i] = (e * TRAVELLERS + traveller) * RISK_ROW_WIDTH;
  }

  /**
   * The transit loop: one draw per agent on the move against the cumulative weekly thresholds
   * of its edge (death, robbery, detention or giving up, else a week of progress). The common
   * case costs one uniform, one comparison and one decrement. The week's uniforms are drawn in
   * one batch first; nothing called from the loop draws from the stream, so this is the same
   * sequence as one draw per agent in turn.
   */
  moveInTransit(): void {
    const a = this.run.agents;
    const riskRow = a.riskRow;
    const weeksLeft = a.weeksLeft;
    const thr = this.edgeThresholds;
    // agents in transit, highest index first: as at the border, later entries stay valid
    const m = a.gather(true);
    const order = a.visit;
    if (this.uniforms.length < m) this.uniforms = new Float64Array(a.capacity);
    const uniforms = this.uniforms;
    this.run.rng.fill(uniforms, m);
    const demand = this.detentionDemand;
    const rowCountry = this.rowCountry;
    const rowDetention = this.rowDetention;
    demand.fill(0);
    for (let j = 0; j < m; j++) {
      const i = order[j];
      const k = riskRow[i];
      const u = uniforms[j];
      demand[rowCountry[k >> 2]] += rowDetention[k >> 2];
      if (u >= thr[k + 3]) {
        if (--weeksLeft[i] === 0) this.arrive(i);
      } else this.transitEvent(i, u, k);
    }
  }

  /** A rare event in transit: death, robbery, detention by a transit country, or giving up. */
  private transitEvent(i: number, u: number, k: number): void {
    const run = this.run;
    const a = run.agents;
    const thr = this.edgeThresholds;
    if (u < thr[k]) run.die(i, -1);
    else if (u < thr[k + 1]) {
      a.savingsUsd[i] *= 1 - run.input.params.robberyLossShare; // robbed, but goes on
      if (--a.weeksLeft[i] === 0) this.arrive(i);
    } else if (u < thr[k + 2]) {
      // detained by a transit country: returned home, or released to go on (a week lost). Where
      // in the detention band u fell is itself uniform, so it decides which, with no extra draw.
      const country = this.rowCountry[k >> 2];
      if (country === this.mexico) run.recorder.add(FLOW.detained_mexico, a.origin[i], run.scale);
      const share = this.returnShare[country];
      if (share >= 1 || u - thr[k + 1] < share * (thr[k + 2] - thr[k + 1])) run.goHome(i, false);
    } else run.goHome(i, false); // gave up
  }

  /** Each transit country's detention capacity against what it would have detained this week: next week's fill. */
  closeWeek(): void {
    const run = this.run;
    for (let c = 0; c < COUNTRIES.length; c++) {
      const capacity = run.lever('transitDetentionCapacityPerMonth', c) / WEEKS_PER_MONTH;
      const wanted = this.detentionDemand[c] * run.scale;
      this.detentionFill[c] = wanted > capacity ? capacity / wanted : 1;
    }
  }

  private arrive(i: number): void {
    const a = this.run.agents;
    const net = this.run.network;
    if (net.edgeTo[net.routeEdges[net.routeStart[a.route[i]] + a.leg[i]]] === this.darien) this.run.recorder.add(FLOW.darien_crossings, a.origin[i], this.run.scale);
    const next = a.leg[i] + 1;
    if (next < net.routeLength[a.route[i]]) this.enterEdge(i, next);
    else a.reachBorder(i);
  }
}
