// The state one run shares between its mechanisms (docs/MODEL.md §3): the population at home in
// strata, the agents on the move, the stocks people end in, the random stream and the recorder.
// The moves that end an agent's journey (into the US, home, death) live here because every
// mechanism makes them, and each must keep the stocks adding up to the population.
import { AgentStore } from './agents.ts';
import type { AgentSnapshot } from './agents.ts';
import type { LeverName } from './levers.ts';
import { buildNetwork } from './network.ts';
import type { Network } from './network.ts';
import { stream } from './random.ts';
import type { Xoshiro128 } from './random.ts';
import { FLOW, OUTCOMES, Recorder, SECTOR_FLOW } from './recorder.ts';
import { COUNTRIES } from './entities.ts';
import type { ModelInput } from './types.ts';

/** Wealth bands of the strata at home (low, mid, high). */
export const BANDS = 3;
export const TOLERANCE_CLASSES = 3;
/** risk tolerance of each class and the share of departing people in it (assumption: symmetric spread) */
export const TOLERANCE_VALUE = [0.2, 0.5, 0.8];
export const TOLERANCE_SHARE_CUM = [0.3, 0.7, 1];

/** Index of OUTCOMES by name: a number, so no lookup by name per agent. */
export const OUT = Object.freeze(Object.fromEntries(OUTCOMES.map((k, i) => [k, i])) as Record<(typeof OUTCOMES)[number], number>);

export interface Census {
  atHome: number;
  inTransit: number;
  waiting: number;
  inUS: number;
  returned: number;
  dead: number;
  population: number;
}

export interface StateSnapshot {
  /** the day the run's first week starts: weeks of another start do not line up */
  startDay: number;
  week: number;
  rng: number[];
  home: Float64Array;
  inUS: Float64Array;
  returnedFree: Float64Array;
  returnedBarred: Float64Array;
  dead: Float64Array;
  arrivals: Float64Array;
  parolePersons: Float64Array;
  agents: AgentSnapshot;
}

export class RunState {
  readonly network: Network;
  readonly recorder: Recorder;
  readonly agents: AgentStore;
  readonly rng: Xoshiro128;
  readonly nO: number;
  readonly nS: number;
  readonly scale: number;
  week = 0;
  // stocks in persons
  readonly home: Float64Array; // [origin][band][kin]
  readonly inUS: Float64Array;
  readonly returnedFree: Float64Array;
  readonly returnedBarred: Float64Array;
  readonly dead: Float64Array;
  /** cumulative arrivals in the US, for the network effect */
  readonly arrivals: Float64Array;
  /** arrivals by a parole programme (no route), for the flow chart */
  readonly parolePersons: Float64Array;
  readonly population: number;

  constructor(readonly input: ModelInput, seed: string) {
    this.rng = stream(seed, 'simulation');
    const nO = (this.nO = input.origins.length);
    this.nS = input.sectors.length;
    this.scale = input.scale;
    this.agents = new AgentStore(nO, 4096);
    this.network = buildNetwork(input, COUNTRIES);
    this.recorder = new Recorder(input.calendar, nO, this.nS, this.network.routeOrigin.length, seed);
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
    this.parolePersons = new Float64Array(nO);
  }

  /** What carries over between weeks in the shared state (a snapshot of the run). */
  save(): StateSnapshot {
    return {
      startDay: this.input.calendar.startDay, week: this.week, rng: this.rng.getState(),
      home: this.home.slice(), inUS: this.inUS.slice(), returnedFree: this.returnedFree.slice(), returnedBarred: this.returnedBarred.slice(),
      dead: this.dead.slice(), arrivals: this.arrivals.slice(), parolePersons: this.parolePersons.slice(),
      agents: this.agents.save(),
    };
  }

  restore(s: StateSnapshot): void {
    if (s.home.length !== this.home.length) throw new Error(`snapshot has ${s.home.length / 6} origins, the run ${this.nO}`);
    if (s.startDay !== this.input.calendar.startDay) throw new Error('the snapshot comes from a run with another warm start: its weeks do not line up with this run\'s');
    this.week = s.week;
    this.rng.setState(s.rng);
    for (const k of ['home', 'inUS', 'returnedFree', 'returnedBarred', 'dead', 'arrivals', 'parolePersons'] as const) this[k].set(s[k]);
    this.agents.restore(s.agents);
  }

  lever(name: LeverName, entity = 0): number {
    return this.input.levers[name][entity][this.week];
  }

  /** Persons in each stock right now; they always add up to the population (tested). */
  census(): Census {
    const s = this.scale;
    const a = this.agents;
    const sum = (x: Float64Array) => x.reduce((t, v) => t + v, 0);
    return {
      atHome: sum(this.home),
      inTransit: a.moving * s,
      waiting: (a.count - a.moving) * s,
      inUS: sum(this.inUS),
      returned: sum(this.returnedFree) + sum(this.returnedBarred),
      dead: sum(this.dead),
      population: this.population,
    };
  }

  /** `persons` of origin o arrive in the US (by any way in). */
  enterUS(o: number, persons: number): void {
    this.inUS[o] += persons;
    this.arrivals[o] += persons;
    this.recorder.add(FLOW.entered, o, persons);
  }

  /** Agent i gives up (or is returned by a transit country) and goes home; `barred` after a removal. */
  goHome(i: number, barred: boolean): void {
    const a = this.agents;
    const o = a.origin[i];
    const scale = this.scale;
    this.recorder.add(FLOW.returned_home, o, scale);
    this.tally(i, OUT.returned);
    if (barred) this.returnedBarred[o] += scale;
    else this.returnedFree[o] += scale;
    a.remove(i);
  }

  /** Agent i dies on the way (sector −1) or crossing in a sector. */
  die(i: number, sector: number): void {
    const a = this.agents;
    const o = a.origin[i];
    const scale = this.scale;
    this.recorder.add(FLOW.deaths, o, scale);
    if (sector >= 0) this.recorder.addSector(SECTOR_FLOW.deaths, sector, scale);
    this.tally(i, OUT.dead);
    this.dead[o] += scale;
    a.remove(i);
  }

  /** Agent i's journey ends in `outcome` (an index of OUTCOMES): counted on its route for flows.csv. */
  tally(i: number, outcome: number): void {
    this.recorder.tallyOutcome(this.agents.route[i], outcome, this.scale);
  }
}
