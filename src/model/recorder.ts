// Data collection (docs/MODEL.md §9): weekly tallies per origin and per sector, split into calendar
// months by each week's share of days, so months of 4 and 5 weeks compare fairly.
import { TRANSIT } from './agents.ts';
import type { AgentStore } from './agents.ts';
import type { Calendar } from './calendar.ts';
import type { Network } from './network.ts';
import type { Rng } from './random.ts';
import { binomial, stream } from './random.ts';
import type { Xoshiro128 } from './random.ts';

/** Flows counted per origin; the order is the order of monthly.csv columns. */
export const ORIGIN_FLOWS = [
  'decided', 'departed', 'encounters', 'unique_encountered', 'gotaways', 'entered', 'released', 'paroled',
  'expelled', 'removed', 'interior_removed', 'returned_home', 'deaths', 'smuggled', 'crossed_alone',
  // the part of `encounters` Border Patrol makes between ports of entry (the rest are at ports)
  'encounters_between_ports',
  // detained in Mexico on the way and returned (Mexico's UPM counts these)
  'detained_mexico',
  // persons at their first encounter in a US fiscal year (October–September): with `encounters`,
  // the share of repeat encounters CBP reports
  'persons_encountered_fy',
  // arrivals at Panama's reception stations after the Darién Gap (Panama's migration service
  // counts these by nationality). Split into months by share of days, not binomially: it came
  // after the other flows, and drawing for it would have moved the recorder's stream under them
  'darien_crossings',
] as const;
/** Money flows (USD), split by share of days rather than binomially. */
export const ORIGIN_MONEY = ['smuggler_revenue_usd', 'border_fees_usd'] as const;
/** Stocks at the end of each month. */
export const ORIGIN_STOCKS = ['in_transit', 'waiting_mexico'] as const;
/** How each person's journey ended, tallied per origin × corridor for the flow chart (flows.csv). */
export const OUTCOMES = ['entered', 'released', 'paroled', 'removed', 'returned', 'dead', 'in_transit', 'waiting'] as const;
export type Outcome = (typeof OUTCOMES)[number];
export const SECTOR_FLOWS = ['encounters', 'gotaways', 'deaths', 'smuggled'] as const;
const SECTOR_MONEY = ['border_fees_usd'] as const;

type OriginFlow = (typeof ORIGIN_FLOWS)[number];
type SectorFlow = (typeof SECTOR_FLOWS)[number];

const F = Object.fromEntries(ORIGIN_FLOWS.map((k, i) => [k, i])) as Record<OriginFlow, number>;
const SF = Object.fromEntries(SECTOR_FLOWS.map((k, i) => [k, i])) as Record<SectorFlow, number>;
export const FLOW = F;
export const SECTOR_FLOW = SF;
export const MONEY = Object.fromEntries(ORIGIN_MONEY.map((k, i) => [k, i])) as Record<(typeof ORIGIN_MONEY)[number], number>;
export const SECTOR_MONEY_INDEX = Object.fromEntries(SECTOR_MONEY.map((k, i) => [k, i])) as Record<(typeof SECTOR_MONEY)[number], number>;

export interface MonthlyTables {
  months: number;
  origins: number;
  sectors: number;
  /** [month][flow][origin] flattened: ((m * nFlows) + f) * nOrigins + o */
  originFlows: Float64Array;
  originMoney: Float64Array;
  originStocks: Float64Array;
  sectorFlows: Float64Array;
  sectorMoney: Float64Array;
}

/** Persons by origin × corridor label × outcome (flows.csv). */
export interface Flow {
  origin: number;
  corridor: string;
  outcome: Outcome;
  persons: number;
}

export interface RecorderSnapshot {
  /** month index of the tables' first month, and their months */
  firstMonth: number;
  months: number;
  rng: number[];
  outcomeTally: Float64Array;
  originFlows: Float64Array;
  originMoney: Float64Array;
  originStocks: Float64Array;
  sectorFlows: Float64Array;
  sectorMoney: Float64Array;
}

export class Recorder {
  readonly tables: MonthlyTables;
  /** persons whose journey ended, by [route][outcome] */
  private readonly outcomeTally: Float64Array;
  /** this week's tallies, cleared after each week */
  readonly week: Float64Array;
  readonly weekMoney: Float64Array;
  readonly weekSector: Float64Array;
  readonly weekSectorMoney: Float64Array;
  private readonly stocks: Float64Array;

  /** the recorder's own stream: splitting weeks into months never changes the model's draws */
  private readonly rng: Rng;

  constructor(private readonly cal: Calendar, private readonly nOrigins: number, private readonly nSectors: number, private readonly nRoutes: number, seed: string) {
    this.rng = stream(seed, 'recorder');
    const m = cal.months;
    this.outcomeTally = new Float64Array(nRoutes * OUTCOMES.length);
    this.stocks = new Float64Array(ORIGIN_STOCKS.length * nOrigins);
    this.tables = {
      months: m, origins: nOrigins, sectors: nSectors,
      originFlows: new Float64Array(m * ORIGIN_FLOWS.length * nOrigins),
      originMoney: new Float64Array(m * ORIGIN_MONEY.length * nOrigins),
      originStocks: new Float64Array(m * ORIGIN_STOCKS.length * nOrigins),
      sectorFlows: new Float64Array(m * SECTOR_FLOWS.length * nSectors),
      sectorMoney: new Float64Array(m * SECTOR_MONEY.length * nSectors),
    };
    this.week = new Float64Array(ORIGIN_FLOWS.length * nOrigins);
    this.weekMoney = new Float64Array(ORIGIN_MONEY.length * nOrigins);
    this.weekSector = new Float64Array(SECTOR_FLOWS.length * nSectors);
    this.weekSectorMoney = new Float64Array(SECTOR_MONEY.length * nSectors);
  }

  add(flow: number, origin: number, persons: number): void {
    this.week[flow * this.nOrigins + origin] += persons;
  }

  addMoney(kind: number, origin: number, usd: number): void {
    this.weekMoney[kind * this.nOrigins + origin] += usd;
  }

  addSector(flow: number, sector: number, persons: number): void {
    this.weekSector[flow * this.nSectors + sector] += persons;
  }

  addSectorMoney(kind: number, sector: number, usd: number): void {
    this.weekSectorMoney[kind * this.nSectors + sector] += usd;
  }

  /**
   * Moves this week's tallies into months. Person counts are split binomially (whole people),
   * money by share of days.
   */
  closeWeek(w: number): void {
    const m0 = this.cal.weekMonth[w];
    const share = this.cal.firstMonthShare[w];
    const t = this.tables;
    // only reported months are recorded: not the warm-up's, nor days past the run's last month
    const first = m0 >= 0 && m0 < t.months;
    const second = m0 + 1 >= 0 && m0 + 1 < t.months && share < 1;
    splitCounts(this.week, t.originFlows, m0, share, first, second, this.rng, FLOW.darien_crossings * this.nOrigins);
    splitMoney(this.weekMoney, t.originMoney, m0, share, first, second);
    splitCounts(this.weekSector, t.sectorFlows, m0, share, first, second, this.rng);
    splitMoney(this.weekSectorMoney, t.sectorMoney, m0, share, first, second);
  }

  /** Records end-of-week stocks into the month that holds the week's last day (end of month wins). */
  recordStocks(w: number, agents: AgentStore, scale: number): void {
    const nO = this.nOrigins;
    const stocks = this.stocks;
    for (let o = 0; o < nO; o++) {
      stocks[o] = agents.movingByOrigin[o] * scale;
      stocks[nO + o] = agents.atBorderByOrigin[o] * scale;
    }
    const m = Math.min(this.cal.firstMonthShare[w] < 1 ? this.cal.weekMonth[w] + 1 : this.cal.weekMonth[w], this.tables.months - 1);
    if (m >= 0) this.tables.originStocks.set(stocks, m * stocks.length);
  }

  /** The months recorded so far, the outcome tallies and the recorder's stream (a snapshot of the run). */
  save(): RecorderSnapshot {
    const t = this.tables;
    return {
      firstMonth: this.cal.firstMonth, months: t.months, rng: (this.rng as Xoshiro128).getState(), outcomeTally: this.outcomeTally.slice(),
      originFlows: t.originFlows.slice(), originMoney: t.originMoney.slice(), originStocks: t.originStocks.slice(), sectorFlows: t.sectorFlows.slice(), sectorMoney: t.sectorMoney.slice(),
    };
  }

  /** A new stream for the recorder from here on (see Simulation.reseed). */
  reseed(seed: string): void {
    (this.rng as Xoshiro128).setState(stream(seed, 'recorder').getState());
  }

  /**
   * Restores a snapshot's months into these tables: all of them for the same period, else the
   * months the two periods share (a run continued from a nowcast reports its own months).
   */
  restore(s: RecorderSnapshot): void {
    const t = this.tables;
    const per = (k: 'originFlows' | 'originMoney' | 'originStocks' | 'sectorFlows' | 'sectorMoney') => t[k].length / t.months;
    if (s.originFlows.length / s.months !== per('originFlows')) throw new Error(`snapshot records ${s.originFlows.length / s.months} cells a month, the run ${per('originFlows')}: another model version`);
    (this.rng as Xoshiro128).setState(s.rng);
    this.outcomeTally.set(s.outcomeTally);
    for (const k of ['originFlows', 'originMoney', 'originStocks', 'sectorFlows', 'sectorMoney'] as const) {
      const n = per(k);
      t[k].fill(0);
      for (let m = 0; m < s.months; m++) {
        const target = s.firstMonth + m - this.cal.firstMonth;
        if (target >= 0 && target < t.months) t[k].set(s[k].subarray(m * n, (m + 1) * n), target * n);
      }
    }
  }

  /** `persons` on `route` whose journey ended in `outcome` (an index of OUTCOMES). */
  tallyOutcome(route: number, outcome: number, persons: number): void {
    this.outcomeTally[route * OUTCOMES.length + outcome] += persons;
  }

  /**
   * Persons by origin × corridor × outcome: the journeys that ended, the agents still on the way
   * (in transit or waiting), and arrivals by parole programmes, which take no route.
   */
  flows(network: Network, agents: AgentStore, parolePersons: Float64Array, scale: number): Flow[] {
    const K = OUTCOMES.length;
    const tally = this.outcomeTally.slice();
    const inTransit = OUTCOMES.indexOf('in_transit');
    const waiting = OUTCOMES.indexOf('waiting');
    for (let i = 0; i < agents.count; i++) tally[agents.route[i] * K + (agents.status[i] === TRANSIT ? inTransit : waiting)] += scale;
    // routes of different origins may share a corridor label: persons are summed per origin × label
    const merged = new Map<string, number>();
    for (let r = 0; r < this.nRoutes; r++) {
      for (let k = 0; k < K; k++) {
        const persons = tally[r * K + k];
        if (persons === 0) continue;
        const key = `${network.routeOrigin[r]}|${network.routeLabel[r]}|${k}`;
        merged.set(key, (merged.get(key) ?? 0) + persons);
      }
    }
    const paroled = OUTCOMES.indexOf('paroled');
    parolePersons.forEach((persons, o) => {
      if (persons > 0) merged.set(`${o}|parole|${paroled}`, persons);
    });
    const flows: Flow[] = [];
    for (const [key, persons] of merged) {
      const [o, corridor, k] = key.split('|');
      flows.push({ origin: Number(o), corridor, outcome: OUTCOMES[Number(k)], persons });
    }
    return flows;
  }
}

/**
 * Splits a week's counts between its two months: whole units binomially by the share of days, the
 * remainder exactly; entries from `byDaysFrom` on by share of days, without a draw.
 */
function splitCounts(week: Float64Array, into: Float64Array, m0: number, share: number, first: boolean, second: boolean, rng: Rng, byDaysFrom = week.length): void {
  const n = week.length;
  const base0 = m0 * n;
  for (let k = 0; k < n; k++) {
    const x = week[k];
    if (x === 0) continue;
    if (share >= 1) {
      if (first) into[base0 + k] += x;
    } else {
      // counts may be in units of `scale` persons; split whole units and keep the remainder exact
      const part = Number.isInteger(x) && k < byDaysFrom ? binomial(rng, x, share) : x * share;
      if (first) into[base0 + k] += part;
      if (second) into[base0 + n + k] += x - part;
    }
    week[k] = 0;
  }
}

function splitMoney(week: Float64Array, into: Float64Array, m0: number, share: number, first: boolean, second: boolean): void {
  const n = week.length;
  const base0 = m0 * n;
  for (let k = 0; k < n; k++) {
    const x = week[k];
    if (x === 0) continue;
    if (first) into[base0 + k] += x * share;
    if (second) into[base0 + n + k] += x * (1 - share);
    week[k] = 0;
  }
}
