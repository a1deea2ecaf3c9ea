// A shard of a nowcast's particles: whole simulations, each with its parameters and its stream,
// held where they are stepped — in this thread, or in one worker thread of the pool (worker.ts
// answers ShardRequest messages with a shard of its own). The filter (nowcast.ts) never holds a
// simulation: it asks the shards to step their particles to a week and gets back what a month's
// weights and estimates need, and moves states between shards only when a resample gives a
// particle a parent held elsewhere. A particle's numbers depend on its parameters, its stream and
// the state it was given, never on the shard that holds it: any number of workers gives the same
// filter, bit for bit.
import { ORIGINS } from '../model/entities.ts';
import { ORIGIN_FLOWS } from '../model/recorder.ts';
import { Simulation } from '../model/simulation.ts';
import type { SimulationSnapshot } from '../model/simulation.ts';
import type { ModelInput } from '../model/types.ts';
import { withParameters } from '../scenario/build.ts';
import { loadScenario } from '../scenario/load.ts';
import { metricValues } from '../analysis/metrics.ts';

/** What every shard of one nowcast builds its simulations from. */
export interface ShardSpec {
  scenario: string;
  start: string;
  end: string;
  scale: number;
}

/**
 * A particle to (re)build in slot k: its parameters and stream, and the state it starts from —
 * none (a fresh run from the warm start), a snapshot carried from another shard, or `from`, a
 * slot of this shard (its state as it was before this call replaced any slot). `reseed` puts the
 * particle on `seed` after restoring (a resampled child); without it the restored streams go on.
 */
export interface ParticleEntry {
  k: number;
  values: Record<string, number>;
  seed: string;
  snapshot?: SimulationSnapshot;
  from?: number;
  reseed?: boolean;
}

/** Quantities estimated by the filter (metrics of analysis/metrics.ts), by origin and for all origins. */
export const QUANTITIES = ['encounters', 'waiting_mexico', 'in_transit', 'gotaways', 'smuggler_revenue_usd'] as const;

/** One particle's month: the simulated counts the data measure, by origin, and QUANTITIES × (origins + all). */
export interface MonthReading {
  k: number;
  simulated: number[];
  /** index (q · (origins + 1) + o), o = origins for all origins */
  quantities: number[];
}

export type ShardRequest =
  | { op: 'open'; spec: ShardSpec }
  | { op: 'place'; entries: ParticleEntry[] }
  | { op: 'advance'; target: number; month: number; flow: number }
  | { op: 'snapshots'; ks: number[] }
  | { op: 'close' };

/** A worker's answer to a ShardRequest (worker.ts). */
export type ShardReply = { type: 'shard-reply'; id: number; result?: unknown; error?: string };

export class ParticleShard {
  private readonly base: ModelInput;
  private readonly sims = new Map<number, Simulation>();

  constructor(spec: ShardSpec) {
    this.base = loadScenario(spec.scenario, { start: spec.start, end: spec.end, scale: spec.scale }).input;
  }

  /**
   * Builds the entries' particles; every `from` reads its slot's state before any slot is
   * replaced. Children of one parent restore from the same snapshot: Simulation.restore copies
   * every array into the new run, so no two particles share state.
   */
  place(entries: ParticleEntry[]): void {
    const local = new Map<number, SimulationSnapshot>();
    for (const e of entries) {
      if (e.from === undefined || local.has(e.from)) continue;
      const parent = this.sims.get(e.from);
      if (!parent) throw new Error(`particle shard: no particle ${e.from} to copy`);
      local.set(e.from, parent.snapshot());
    }
    for (const e of entries) {
      const sim = new Simulation(withParameters(this.base, e.values), e.seed);
      const state = e.from !== undefined ? local.get(e.from) : e.snapshot;
      if (state) sim.restore(state);
      if (e.reseed) sim.reseed(e.seed);
      this.sims.set(e.k, sim);
    }
  }

  /** Steps every particle to `target` (a week index) and reads month `month` (its slot in the tables). */
  advance(target: number, month: number, flow: number): MonthReading[] {
    const nO = ORIGINS.length;
    const out: MonthReading[] = [];
    for (const [k, sim] of [...this.sims].sort((a, b) => a[0] - b[0])) {
      while (sim.week < target) sim.step();
      const t = sim.recorder.tables;
      const simulated = Array.from({ length: nO }, (_, o) => t.originFlows[(month * ORIGIN_FLOWS.length + flow) * nO + o]);
      const byOrigin = Array.from({ length: nO }, (_, o) => metricValues(t, month, o));
      const quantities: number[] = [];
      for (const q of QUANTITIES) {
        let all = 0;
        for (const v of byOrigin) {
          quantities.push(v[q]);
          all += v[q];
        }
        quantities.push(all);
      }
      out.push({ k, simulated, quantities });
    }
    return out;
  }

  snapshots(ks: number[]): SimulationSnapshot[] {
    return ks.map((k) => {
      const sim = this.sims.get(k);
      if (!sim) throw new Error(`particle shard: no particle ${k}`);
      return sim.snapshot();
    });
  }

  /** Answers one request (the worker thread's protocol). */
  handle(req: Exclude<ShardRequest, { op: 'open' }>): unknown {
    switch (req.op) {
      case 'place':
        return this.place(req.entries);
      case 'advance':
        return this.advance(req.target, req.month, req.flow);
      case 'snapshots':
        return this.snapshots(req.ks);
      case 'close':
        this.sims.clear();
        return undefined;
    }
  }
}
