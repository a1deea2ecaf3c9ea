// The journey (docs/MODEL.md §5): each week's fees and risks on every edge of the route network,
// the choice of route by cost, time and risk, and the agents on the move. Transit risks depend
// only on the levers and parameters, so they are known for every week in advance: when an agent
// starts an edge, the week of its first rare event on it (death, robbery, detention by a transit
// country, giving up) is drawn at once — by inversion of the weekly chance, thinned where the
// chance changes during the edge — and the agent is not touched again until that week or the
// edge's end (schedule.ts).
import { TRANSIT } from './agents.ts';
import type { Border } from './border.ts';
import { segmentFee } from './market.ts';
import type { Market } from './market.ts';
import { COUNTRIES } from './entities.ts';
import { lognormalTable } from './random.ts';
import { Schedule, weeksToEvent } from './schedule.ts';
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
/** kinds of transit events: the end of the current edge, or a rare event on it */
const EDGE_END = 0;
const RARE_EVENT = 1;

export class Journey {
  readonly maxRoutes: number;
  private readonly edgePrice: Float64Array;
  /**
   * Weekly transit risks for every week of the run, per edge and traveller: cumulative [death,
   * +robbery, +detention, +give up] in rows of RISK_ROW_WIDTH, one for each of PAID, UNPAID (no
   * smuggler where one is needed) and NATIONAL (a national of the edge's country, whom its
   * migration authorities do not detain); week w's rows start at w × rowsPerWeek × RISK_ROW_WIDTH.
   */
  private readonly thresholds: Float64Array;
  private readonly rowsPerWeek: number;
  /** agents' next transit events, by week */
  private readonly events = new Schedule();
  /** chance of getting through a route's transit countries undetained, for a paying traveller */
  readonly routePassage: Float64Array;
  /** this week's chance of detention on each edge for a paying traveller */
  private readonly edgeDetention: Float64Array;
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
    this.rowsPerWeek = nE * TRAVELLERS;
    this.thresholds = new Float64Array(run.input.calendar.weeks * this.rowsPerWeek * RISK_ROW_WIDTH);
    for (let w = 0; w < run.input.calendar.weeks; w++) this.fillThresholds(w);
    this.routePassage = new Float64Array(nR);
    this.edgeDetention = new Float64Array(nE);
    this.originCountry = Int32Array.from(run.input.origins, (o) => (COUNTRIES as readonly string[]).indexOf(o.code));
    this.routePrice = new Float64Array(nR);
    this.routeRisk = new Float64Array(nR);
    this.maxRoutes = Math.max(...net.originRouteCount);
    this.routeCum = new Float64Array(run.nO * BANDS * TOLERANCE_CLASSES * this.maxRoutes);
    this.routeIsOpen = new Uint8Array(this.maxRoutes);
    this.routeUtility = new Float64Array(this.maxRoutes);
  }

  /** Week w's transit risks (levers and parameters only: nothing the run does changes them). */
  private fillThresholds(w: number): void {
    const input = this.run.input;
    const p = input.params;
    const net = this.run.network;
    const visas = input.levers.transitVisas[0][w];
    for (let e = 0; e < input.edges.length; e++) {
      const death = input.edges[e].deathRiskPerWeek * (1 - 0.5 * visas);
      const detention = p.transitDetentionPerWeek * input.levers.transitEnforcement[net.edgeCountry[e]][w] * (1 - 0.5 * visas);
      for (let traveller = 0; traveller < TRAVELLERS; traveller++) {
        const base = ((w * input.edges.length + e) * TRAVELLERS + traveller) * RISK_ROW_WIDTH;
        const detain = traveller === NATIONAL ? 0 : Math.min(0.9, detention * (traveller === UNPAID ? p.unsmuggledDetentionFactor : 1));
        const thr = this.thresholds;
        thr[base] = death;
        thr[base + 1] = death + p.robberyPerWeek;
        thr[base + 2] = death + p.robberyPerWeek + detain;
        thr[base + 3] = Math.min(1, death + p.robberyPerWeek + detain + p.giveUpPerWeek);
      }
    }
  }

  /** This week's fees on each edge, then each route's price, death risk and chance of passage (after the sectors'). */
  prepareEdges(): void {
    const run = this.run;
    const p = run.input.params;
    const net = run.network;
    const edges = run.input.edges;
    const visas = run.lever('transitVisas');
    for (let e = 0; e < edges.length; e++) {
      const edge = edges[e];
      const enforcement = run.lever('transitEnforcement', net.edgeCountry[e]);
      this.edgePrice[e] = edge.smuggler ? segmentFee(edge.feeUsd, enforcement, visas, this.market.factors) : 0;
      this.edgeDetention[e] = Math.min(0.9, p.transitDetentionPerWeek * enforcement * (1 - 0.5 * visas));
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
        if (net.edgeCountry[e] !== country) logPassage += net.edgeWeeks[e] * Math.log1p(-this.edgeDetention[e]);
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
      this.startEdge(i, 0, run.week); // set off this week: the first week on the road is this one
    }
  }

  /**
   * Puts agent i on leg `leg` of its route from week `from` (its first week on the edge), pays the
   * smuggler if the edge needs one, and files its next event: the first rare event on the edge,
   * or the edge's end.
   */
  private startEdge(i: number, leg: number, from: number): void {
    const a = this.run.agents;
    const net = this.run.network;
    const e = net.routeEdges[net.routeStart[a.route[i]] + leg];
    a.leg[i] = leg;
    a.edgeEnd[i] = from + net.edgeWeeks[e] - 1;
    let traveller = net.edgeCountry[e] === this.originCountry[a.origin[i]] ? NATIONAL : PAID;
    const price = this.edgePrice[e];
    if (price > 0) {
      if (this.market.pay(i, price)) this.market.sell(a.origin[i], price);
      else traveller = UNPAID;
    }
    a.riskRow[i] = e * TRAVELLERS + traveller;
    this.fileNext(i, from);
  }

  /** Offset of agent row `row`'s thresholds in week w (weeks past the run's end use its last). */
  private at(w: number, row: number): number {
    return ((w < this.lastWeek ? w : this.lastWeek) * this.rowsPerWeek + row) * RISK_ROW_WIDTH;
  }

  private get lastWeek(): number {
    return this.run.input.calendar.weeks - 1;
  }

  /**
   * Files agent i's next transit event, from week `from` to the end of its edge. The weeks to the
   * first rare event are drawn by inversion at the highest weekly chance left on the edge, and a
   * candidate week is kept with probability (its chance / that highest), which is exact for a
   * chance that changes from week to week (thinning); within a week the chance rarely differs.
   */
  private fileNext(i: number, from: number): void {
    const a = this.run.agents;
    const rng = this.run.rng;
    const thr = this.thresholds;
    const row = a.riskRow[i];
    const end = a.edgeEnd[i];
    let t = from;
    while (t <= end) {
      let top = 0;
      for (let k = t; k <= end; k++) {
        const q = thr[this.at(k, row) + 3];
        if (q > top) top = q;
      }
      if (top <= 0) break;
      t += weeksToEvent(rng.next(), top);
      if (t > end) break;
      const q = thr[this.at(t, row) + 3];
      if (q >= top || rng.next() * top < q) {
        this.events.add(t, i, a.generation[i], RARE_EVENT);
        return;
      }
      t++;
    }
    this.events.add(end, i, a.generation[i], EDGE_END);
  }

  /**
   * This week's transit events: agents reaching the end of an edge go on to the next or reach the
   * border; rare events are death, robbery (the agent goes on), or detention or giving up (home).
   */
  moveInTransit(): void {
    const run = this.run;
    const a = run.agents;
    const w = run.week;
    const ev = this.events;
    const thr = this.thresholds;
    const n = ev.count(w);
    for (let j = 0; j < n; j++) {
      const i = ev.slotOf(w, j);
      if (ev.generationOf(w, j) !== a.generation[i] || a.status[i] !== TRANSIT) continue; // stale
      if (ev.kindOf(w, j) === EDGE_END) {
        this.arrive(i, w);
        continue;
      }
      const k = this.at(w, a.riskRow[i]);
      const v = run.rng.next() * thr[k + 3]; // which event, given that one happens
      if (v < thr[k]) run.die(i, -1);
      else if (v < thr[k + 1]) {
        a.savingsUsd[i] *= 1 - run.input.params.robberyLossShare; // robbed, but goes on
        if (w >= a.edgeEnd[i]) this.arrive(i, w);
        else this.fileNext(i, w + 1);
      } else run.goHome(i, false); // detained and returned by a transit country, or gave up
    }
    ev.clear(w);
  }

  /** Agent i reaches the end of its edge in week w: the next edge from next week, or the border. */
  private arrive(i: number, w: number): void {
    const a = this.run.agents;
    const next = a.leg[i] + 1;
    if (next < this.run.network.routeLength[a.route[i]]) this.startEdge(i, next, w + 1);
    else {
      a.reachBorder(i);
      this.border.arrived(i, w + 1);
    }
  }
}
