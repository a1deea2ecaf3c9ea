// A scenario that extends another and sets a lever by dated steps or a ramp means to change it from
// those dates on. Where its path also differs before its first date, it changes the past the base
// lived through: a ramp holds its start value from the run's first week (2013 for the baseline),
// and a path restated from a later date drops the base's earlier steps. Five library scenarios did
// both until 2026-12-04; `corridor validate` now warns of it.
import { dayToIso, parseDay } from '../model/calendar.ts';
import type { LeverName } from '../model/levers.ts';
import type { LoadedScenario } from './load.ts';

export interface PastChange {
  lever: string;
  /** the earliest date the scenario's own path for the lever names */
  firstDate: string;
  /** the first week its values differ from the base's */
  differsFrom: string;
}

/** Every `from` of a step or a ramp in a lever's spec (any entity); the schema keeps dates as text. */
function ownDates(spec: unknown, out: number[] = []): number[] {
  if (Array.isArray(spec)) for (const x of spec) ownDates(x, out);
  else if (spec && typeof spec === 'object') {
    for (const [k, v] of Object.entries(spec)) {
      if (k === 'from' && typeof v === 'string') out.push(parseDay(v));
      else ownDates(v, out);
    }
  }
  return out;
}

/** The levers `child` sets by dated paths whose values differ from `base`'s before the first of those dates. */
export function changesToThePast(child: LoadedScenario, base: LoadedScenario): PastChange[] {
  const cal = child.input.calendar;
  if (cal.startDay !== base.input.calendar.startDay || cal.weeks !== base.input.calendar.weeks) return [];
  const own = (child.resolved.chain[0].value as { levers?: Record<string, unknown> }).levers ?? {};
  const out: PastChange[] = [];
  for (const [name, spec] of Object.entries(own)) {
    const dates = ownDates(spec);
    if (dates.length === 0) continue; // a constant or an expression: meant to hold from the start
    const first = Math.min(...dates);
    const mine = child.input.levers[name as LeverName];
    const theirs = base.input.levers[name as LeverName];
    if (!mine || !theirs) continue;
    // the first week wholly before the first date whose values differ, over every entity (a week holds the value of its middle day)
    let week = -1;
    for (let w = 0; w < cal.weeks && week < 0 && cal.startDay + 7 * w + 7 <= first; w++)
      if (mine.some((series, e) => series[w] !== theirs[e][w])) week = w;
    if (week >= 0) out.push({ lever: name, firstDate: dayToIso(first), differsFrom: dayToIso(cal.startDay + 7 * week) });
  }
  return out;
}

/** One change, as `validate` and `compare` name it; each adds what it means for its reader. */
export function pastChangeText(c: PastChange, file: string, baseFile: string): string {
  return `${file}: levers.${c.lever} differs from ${baseFile} from ${c.differsFrom}, before its own first date (${c.firstDate})`;
}
