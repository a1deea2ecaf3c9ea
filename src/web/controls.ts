// The levers the classroom page offers, and how far its sliders go. Labels, units and the
// "about" text come from LEVERS (src/model/levers.ts); only the classroom ranges live here,
// narrower than the model's so that a slider's travel is all meaningful.
import { LEVERS, UNLIMITED } from '../model/levers.ts';
import type { LeverName } from '../model/levers.ts';
import { ORIGINS } from '../model/entities.ts';

export interface Control {
  id: string;
  lever: LeverName;
  kind: 'slider' | 'switch';
  /** entities set together; omitted: every entity of the lever's scope (or the global value) */
  entities?: readonly string[];
  /** the slider is set for one of these at a time, chosen in a list beside it */
  pick?: readonly string[];
  /** what the label adds to LEVERS[lever].label, e.g. the country */
  qualifier?: string;
  min: number;
  max: number;
  step: number;
  /** a switch: the lever's value when on */
  onValue?: number;
  /** the slider's top stop means "no limit" (UNLIMITED) */
  topIsUnlimited?: boolean;
  format: (v: number) => string;
}

const times = (v: number) => `×${v.toFixed(2)}`;
const count = (v: number) => (v >= UNLIMITED ? 'no limit' : Math.round(v).toLocaleString('en-US'));
const share = (v: number) => `${Math.round(v * 100)}%`;
const points = (v: number) => `${v > 0 ? '+' : ''}${Math.round(v)} pts`;

export const CONTROLS: readonly Control[] = [
  { id: 'enforcement', lever: 'enforcement', kind: 'slider', qualifier: 'all sectors', min: 0, max: 4, step: 0.05, format: times },
  { id: 'barriers', lever: 'barriers', kind: 'slider', qualifier: 'all sectors', min: 0, max: 4, step: 0.05, format: times },
  { id: 'asylumCap', lever: 'asylumCapPerDay', kind: 'slider', min: 0, max: 10500, step: 250, topIsUnlimited: true, format: (v) => (v >= UNLIMITED ? 'no cap' : `${count(v)} a day`) },
  { id: 'parole', lever: 'paroleCapacityPerMonth', kind: 'slider', entities: ['CUB', 'HTI', 'NIC', 'VEN'], qualifier: 'each of Cuba, Haiti, Nicaragua, Venezuela', min: 0, max: 30000, step: 500, format: (v) => `${count(v)} a month` },
  { id: 'appointments', lever: 'appointmentsPerDay', kind: 'switch', onValue: 1450, qualifier: '1,450 a day, as in mid-2023', min: 0, max: 1450, step: 1450, format: (v) => (v > 0 ? `${count(v)} a day` : 'none') },
  { id: 'remainInMexico', lever: 'remainInMexicoShare', kind: 'slider', min: 0, max: 1, step: 0.05, format: share },
  { id: 'mexicoEnforcement', lever: 'transitEnforcement', kind: 'slider', entities: ['MEX'], qualifier: 'Mexico', min: 0, max: 5, step: 0.1, format: times },
  { id: 'violence', lever: 'violenceMultiplier', kind: 'slider', pick: ORIGINS, min: 0.2, max: 5, step: 0.1, format: times },
  { id: 'stateCapacity', lever: 'stateCapacityShift', kind: 'slider', pick: ORIGINS, min: -30, max: 30, step: 1, format: points },
  { id: 'marketPower', lever: 'marketPower', kind: 'slider', min: 0, max: 2, step: 0.05, format: share },
];

export function controlLabel(c: Control): string {
  return LEVERS[c.lever].label;
}

export function controlAbout(c: Control): string {
  return LEVERS[c.lever].about;
}

/** Slider position → lever value. */
export function sliderValue(c: Control, position: number): number {
  return c.topIsUnlimited && position >= c.max ? UNLIMITED : position;
}

/** Lever value → slider position (clamped to the classroom range). */
export function sliderPosition(c: Control, value: number): number {
  if (c.topIsUnlimited && value > c.max - c.step) return c.max;
  return Math.min(c.max, Math.max(c.min, value));
}
