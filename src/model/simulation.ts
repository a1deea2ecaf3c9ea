// One run of the model: a seed, a resolved input, and the week as a list of phases in order.
// Each phase is one mechanism's step over the shared run state (state.ts); the mechanisms own
// their formulas, their arrays and their weekly loops (docs/MODEL.md §2–§9). Pure: no files,
// threads, clocks or console, so the same core runs in Node and in the browser.
import { Border } from './border.ts';
import { Journey } from './journey.ts';
import { Leaving } from './leaving.ts';
import { Market } from './market.ts';
import { Processing } from './processing.ts';
import type { Flow, MonthlyTables } from './recorder.ts';
import { RunState } from './state.ts';
import type { Census, StateSnapshot } from './state.ts';
import type { RecorderSnapshot } from './recorder.ts';
import type { ProcessingSnapshot } from './processing.ts';
import type { LeavingSnapshot } from './leaving.ts';
import type { MarketState } from './market.ts';
import { stream } from './random.ts';
import type { AgentStore } from './agents.ts';
import type { Network } from './network.ts';
import type { ModelInput } from './types.ts';

export type { Census } from './state.ts';

/** A run stopped because it put more agents on the move than its input allows (ModelInput.agentLimit). */
export class AgentLimitError extends Error {}

export interface RunResult {
  tables: MonthlyTables;
  /** persons by origin × corridor label × outcome */
  flows: Flow[];
  census: Census;
}

/** One step of the week: a mechanism's work, named so that a caller can time it (npm run bench). */
export interface Phase {
  readonly name: string;
  readonly run: () => void;
}

/** The shape of SimulationSnapshot: 2 since the announcements' hold was measured against the regime (2026-12-03). */
export const SNAPSHOT_VERSION = 2;

/**
 * Everything a run carries from one week to the next: restoring it into a simulation of the same
 * input and continuing gives exactly the numbers of the run that never stopped (tested).
 */
export interface SimulationSnapshot {
  version: typeof SNAPSHOT_VERSION;
  state: StateSnapshot;
  recorder: RecorderSnapshot;
  processing: ProcessingSnapshot;
  border: { queued: number };
  journey: { detentionFill: Float64Array };
  leaving: LeavingSnapshot;
  market: MarketState;
}

export class Simulation {
  private readonly state: RunState;
  private readonly processing: Processing;
  private readonly mechanisms: { border: Border; journey: Journey; leaving: Leaving; market: Market };
  /** The week, in order: `step()` runs these and nothing else. */
  readonly phases: readonly Phase[];

  constructor(readonly input: ModelInput, seed: string) {
    const state = (this.state = new RunState(input, seed));
    const market = new Market(state);
    const processing = (this.processing = new Processing(state));
    const border = new Border(state, market, processing);
    const journey = new Journey(state, market, border);
    const leaving = new Leaving(state, journey, border, processing);
    const recorder = state.recorder;
    this.mechanisms = { border, journey, leaving, market };
    this.phases = [
      // this week's conditions, from the levers and from last week's use of capacities
      { name: 'new month', run: () => processing.startMonth() },
      { name: 'prices', run: () => market.prepare() },
      { name: 'sector conditions', run: () => border.prepareSectors() },
      { name: 'journey conditions', run: () => journey.prepareEdges() },
      { name: 'processing regime', run: () => processing.prepare() },
      { name: 'route choice', run: () => journey.prepareRouteChoice() },
      { name: 'border choice', run: () => border.prepareChoice() },
      // people act
      { name: 'departures', run: () => leaving.departures() },
      { name: 'at the border', run: () => border.actAtBorder() },
      { name: 'in transit', run: () => journey.moveInTransit() },
      { name: 'interior removals', run: () => processing.interiorRemovals() },
      // what this week's events change for the next
      { name: 'capacities', run: () => processing.closeWeek() },
      { name: 'transit detention capacity', run: () => journey.closeWeek() },
      { name: 'smuggling capacity', run: () => market.closeWeek() },
      { name: 'perceptions', run: () => leaving.updatePerceptions() },
      // data collection: reads the state, changes nothing the model draws on
      { name: 'record', run: () => { recorder.recordStocks(state.week, state.agents, state.scale); recorder.closeWeek(state.week); } },
      { name: 'clock', run: () => state.week++ },
    ];
  }

  get week(): number {
    return this.state.week;
  }

  get weeks(): number {
    return this.input.calendar.weeks;
  }

  get network(): Network {
    return this.state.network;
  }

  get recorder(): RunState['recorder'] {
    return this.state.recorder;
  }

  /** The agents on the move (read-only use: tests and the bench inspect them). */
  get agents(): AgentStore {
    return this.state.agents;
  }

  /** The run between two weeks, as plain data (typed arrays copied): see SimulationSnapshot. */
  snapshot(): SimulationSnapshot {
    const m = this.mechanisms;
    return {
      version: SNAPSHOT_VERSION, state: this.state.save(), recorder: this.state.recorder.save(), processing: this.processing.save(),
      border: m.border.save(), journey: m.journey.save(), leaving: m.leaving.save(), market: m.market.save(),
    };
  }

  /** Continues from a snapshot of a run of the same input (the week, the agents, the streams, everything). */
  restore(s: SimulationSnapshot): void {
    if (s.version !== SNAPSHOT_VERSION) throw new Error(`snapshot version ${s.version}; this model reads version ${SNAPSHOT_VERSION} (a snapshot of an earlier model cannot be continued by this one)`);
    if (s.state.week > this.weeks) throw new Error(`snapshot taken at week ${s.state.week}, after the run's last week (${this.weeks})`);
    const m = this.mechanisms;
    this.state.restore(s.state);
    this.state.recorder.restore(s.recorder);
    this.processing.restore(s.processing);
    m.border.restore(s.border);
    m.journey.restore(s.journey);
    m.leaving.restore(s.leaving);
    m.market.restore(s.market);
  }

  /** Gives the run's streams a new seed from here on (copies of one state continue on different streams). */
  reseed(seed: string): void {
    this.state.rng.setState(stream(seed, 'simulation').getState());
    this.state.recorder.reseed(seed);
  }

  step(): void {
    if (this.state.week >= this.weeks) throw new Error('the run is over');
    for (const phase of this.phases) phase.run();
    const limit = this.input.agentLimit;
    if (limit !== undefined && this.state.agents.count > limit) throw new AgentLimitError(`agent limit: more than ${limit} agents on the move in week ${this.state.week}`);
  }

  run(): RunResult {
    while (this.state.week < this.weeks) this.step();
    return this.result();
  }

  result(): RunResult {
    const s = this.state;
    return { tables: s.recorder.tables, flows: s.recorder.flows(s.network, s.agents, s.parolePersons, s.scale), census: s.census() };
  }

  /** Persons in each stock right now; they always add up to the population (tested). */
  census(): Census {
    return this.state.census();
  }

  /** Encounters a day in the week just stepped (what the asylum bar follows). */
  get encountersPerDay(): number {
    return this.processing.encountersPerDay;
  }

  /** Asylum bar state, exposed for tests of the hysteresis. */
  get asylumBarred(): boolean {
    return this.processing.asylumBarred;
  }

  /** The border's choice shares for a cell this week (after the phase 'border choice'), and the appointment queue: see Border.choiceShares. */
  borderChoice(origin: number, sector: number, band: number, tolerance: number, pkg: 0 | 1): { shares: number[]; queuedPersons: number } {
    return { shares: this.mechanisms.border.choiceShares(origin, sector, band, tolerance, pkg), queuedPersons: this.mechanisms.border.queuedAgents * this.state.scale };
  }

  /** What people at home in an origin expect of getting in (perceived, announcement's hold, expected): see Leaving.expectation. */
  expectation(origin: number): ReturnType<Leaving['expectation']> {
    return this.mechanisms.leaving.expectation(origin);
  }

  /** Most asylum releases on any one day so far (persons): lets tests check the daily cap. */
  get maxReleasedPerDay(): number {
    return this.processing.maxReleasedPerDay;
  }
}
