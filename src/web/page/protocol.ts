// Messages between the classroom page and its model worker.
import type { SimulationSnapshot } from '../../model/simulation.ts';
import type { NowcastStates } from '../../output/snapshotCodec.ts';
import type { LeverChange } from '../whatIf.ts';
import type { MonthPoint } from '../summary.ts';

export interface PresetInfo {
  file: string;
  name: string;
  description?: string;
  seed: number;
  start: string;
  end: string;
}

export interface WhatIfRequest {
  preset: string; // file, e.g. scenarios/baseline.yaml
  changes: LeverChange[];
  from: string; // YYYY-MM
  seed: number;
  scale: number;
  /** the nowcast both runs start from, for the exported file's header */
  nowcast?: { file: string; through: string };
}

/** A nowcast exported for the page (`corridor nowcast export`): a few particle states with their parameters, decoded. */
export type NowcastExport = NowcastStates;

/** Where both runs start when a nowcast is imported: one state, its parameters, the nowcast's last month. */
export interface RunStart {
  state: SimulationSnapshot;
  parameters: Record<string, number>;
  through: string;
  scale: number;
}

/** A preset's classroom levers over the headline window. */
export interface PresetLevers {
  /** the headline window: "2026-01", "2030-12", "2026–2030" */
  window: { from: string; to: string; label: string };
  /** lever → entity (in the order of its scope; one for a global lever) → value in each month of the window */
  monthly: Record<string, number[][]>;
}

export type ToWorker =
  | { type: 'hello' }
  | { type: 'levers'; preset: string }
  | { type: 'export'; whatIf: WhatIfRequest }
  /** `whatIf` omitted: run the preset file as shipped (the baseline) */
  | { type: 'run'; id: number; preset: string; whatIf?: WhatIfRequest; seed: number; scale: number; everyWeeks: number; start?: RunStart };

export type FromWorker =
  | { type: 'presets'; presets: PresetInfo[] }
  | ({ type: 'levers'; preset: string } & PresetLevers)
  | { type: 'yaml'; text: string; name: string }
  | { type: 'progress'; id: number; week: number; weeks: number; months: MonthPoint[] }
  | { type: 'done'; id: number; week: number; weeks: number; months: MonthPoint[]; hash: string; seed: string; ms: number; buildMs: number; text?: string }
  | { type: 'error'; id?: number; message: string };
