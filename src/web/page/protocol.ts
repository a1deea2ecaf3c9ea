// Messages between the classroom page and its model worker.
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
}

export type ToWorker =
  | { type: 'hello' }
  | { type: 'levers'; preset: string; from: string }
  | { type: 'export'; whatIf: WhatIfRequest }
  /** `whatIf` omitted: run the preset file as shipped (the baseline) */
  | { type: 'run'; id: number; preset: string; whatIf?: WhatIfRequest; seed: number; scale: number; everyWeeks: number };

export type FromWorker =
  | { type: 'presets'; presets: PresetInfo[] }
  | { type: 'levers'; preset: string; from: string; values: Record<string, number[]> }
  | { type: 'yaml'; text: string; name: string }
  | { type: 'progress'; id: number; week: number; weeks: number; months: MonthPoint[] }
  | { type: 'done'; id: number; week: number; weeks: number; months: MonthPoint[]; hash: string; seed: string; ms: number; buildMs: number; text?: string }
  | { type: 'error'; id?: number; message: string };
