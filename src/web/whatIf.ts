// The classroom page's what-if as a scenario file: a preset, fully merged (no `extends`), with
// the levers moved on the page taking their new values from a chosen month. The page runs this
// text, and the same text saved in scenarios/ runs with `corridor run`, so both use one hash and
// one random stream. Pure: runs in the page's worker and in Node tests.
import { Document, isMap, isScalar, isSeq, visit } from 'yaml';
import { decimalYear, parseDay } from '../model/calendar.ts';
import { entitiesOf, LEVERS, UNLIMITED } from '../model/levers.ts';
import type { LeverName } from '../model/levers.ts';
import { DEFAULT_PERIOD } from '../scenario/build.ts';
import { isTimeValue } from '../scenario/schema.ts';
import type { Scenario, TimeValue } from '../scenario/schema.ts';

/** One lever set on the page: for every entity of its scope, or for the ones listed. */
export interface LeverChange {
  lever: LeverName;
  /** entities (origins, sectors or countries) to change; omitted: all of them */
  entities?: readonly string[];
  value: number;
}

export interface WhatIf {
  /** the preset the page started from, merged (ResolvedScenario.scenario) */
  base: Scenario;
  baseName: string;
  changes: readonly LeverChange[];
  /** month from which the changes apply, YYYY-MM */
  from: string;
  seed: number;
  scale: number;
  /** both runs start from a nowcast exported for the page (its file name and last month) */
  nowcast?: { file: string; through: string };
}

const PROVENANCE = ['source', 'estimate', 'assumption', 'calibrated'];

function provenanceOf(tv: object): Record<string, string> {
  return Object.fromEntries(Object.entries(tv).filter(([k]) => [...PROVENANCE, 'note'].includes(k))) as Record<string, string>;
}

/**
 * A time value that follows `tv` before `from` and is `value` from then on. Steps at or after
 * `from` are dropped; a ramp becomes the equivalent steps; an expression gets a conditional.
 */
export function valueFrom(tv: TimeValue | undefined, from: string, value: number): TimeValue {
  const start = parseDay(from);
  if (tv === undefined) return { steps: [{ from, value }] };
  if (typeof tv === 'number') return { initial: tv, steps: [{ from, value }] };
  if ('value' in tv) return { ...provenanceOf(tv), initial: tv.value, steps: [{ from, value }] };
  if ('ramp' in tv) {
    const { ramp } = tv;
    return valueFrom({ ...provenanceOf(tv), initial: ramp.start, steps: [{ from: ramp.from, to: ramp.to, value: ramp.end }] }, from, value);
  }
  if ('steps' in tv) {
    const kept = tv.steps.filter((s) => parseDay(s.from) < start);
    const out: TimeValue = { ...provenanceOf(tv), steps: [...kept, { from, value }] };
    if (tv.initial !== undefined) out.initial = tv.initial;
    return out;
  }
  return { ...provenanceOf(tv), expr: `t < ${decimalYear(start)} ? (${tv.expr}) : ${value}` };
}

function withNote(target: Record<string, unknown>, note: string): void {
  // a lever the preset left without provenance gets the page as its stated assumption
  if (PROVENANCE.some((k) => k in target)) target.note = note;
  else target.assumption = note;
}

function shown(v: number): string {
  return v >= UNLIMITED ? 'no limit' : String(v);
}

function noteFor(change: LeverChange, from: string): string {
  const who = change.entities ? ` for ${change.entities.join(', ')}` : '';
  return `classroom what-if: set to ${shown(change.value)}${who} from ${from} on the Corridor classroom page`;
}

/** The levers of `base` with the changes applied. */
function changedLevers(base: Scenario, changes: readonly LeverChange[], from: string): NonNullable<Scenario['levers']> {
  const levers = structuredClone(base.levers ?? {}) as Record<string, unknown>;
  const notes = new Map<string, string[]>();
  for (const change of changes) {
    const all = entitiesOf(LEVERS[change.lever].scope);
    const every = !change.entities || all.every((e) => change.entities!.includes(e));
    const current = levers[change.lever];
    if (every && (current === undefined || isTimeValue(current))) {
      levers[change.lever] = valueFrom(current as TimeValue | undefined, from, change.value);
    } else {
      const map: Record<string, unknown> = current === undefined ? {} : isTimeValue(current) ? { default: current } : { ...(current as object) };
      const targets = every ? ['default', ...all.filter((e) => e in map)] : change.entities!;
      for (const e of targets) map[e] = valueFrom((map[e] ?? map.default) as TimeValue | undefined, from, change.value);
      levers[change.lever] = map;
    }
    notes.set(change.lever, [...(notes.get(change.lever) ?? []), noteFor(change, from)]);
  }
  for (const [lever, text] of notes) {
    const v = levers[lever];
    if (typeof v === 'object' && v !== null) withNote(v as Record<string, unknown>, text.join('; '));
  }
  return levers as NonNullable<Scenario['levers']>;
}

export function whatIfName(baseName: string): string {
  return `${baseName.replace(/-what-if$/, '')}-what-if`;
}

function whatIfDescription(w: WhatIf): string {
  if (!w.changes.length) return `${w.baseName} as shipped, at ${w.scale} persons per agent (classroom page).`;
  const parts = w.changes.map((c) => `${LEVERS[c.lever].label}${c.entities ? ` (${c.entities.join(', ')})` : ''} = ${shown(c.value)}`);
  return `${w.baseName} with, from ${w.from}: ${parts.join('; ')} (classroom page).`;
}

/** The what-if as scenario YAML that `corridor run` and `corridor validate` accept. */
export function whatIfYaml(w: WhatIf): string {
  const name = whatIfName(w.baseName);
  const scenario: Record<string, unknown> = {
    name,
    description: whatIfDescription(w),
    // the warm start too: a shorter run of the export (--start) then starts where the preset's does
    period: {
      start: w.base.period?.start ?? DEFAULT_PERIOD.start,
      end: w.base.period?.end ?? DEFAULT_PERIOD.end,
      ...(w.base.period?.warmStart ? { warmStart: w.base.period.warmStart } : {}),
    },
    seed: w.seed,
    scale: w.scale,
    data: 'data',
  };
  if (w.base.parameters && Object.keys(w.base.parameters).length) scenario.parameters = w.base.parameters;
  scenario.levers = changedLevers(w.base, w.changes, w.from);

  const doc = new Document(scenario);
  const from = w.nowcast ? ` --from ${w.nowcast.file}` : '';
  doc.commentBefore = [
    ` Corridor what-if, exported from the classroom page: ${w.baseName} merged (no extends) with the`,
    ` levers moved on the page applied from ${w.from}.`,
    ` Save it in scenarios/ (beside baseline.yaml) so that \`data: data\` finds scenarios/data/, then:`,
    `   npx corridor compare scenarios/baseline.yaml scenarios/${name}.yaml${from} --reps 1 --seed ${w.seed} --scale ${w.scale}`,
    ` gives the page's numbers, both lines (one replication with common random numbers, as on the`,
    ` page); \`npx corridor run\` runs it on its own stream, and --reps 32 gives intervals.`,
    ...(w.nowcast ? [` Both runs start from the nowcast of ${w.nowcast.through} (${w.nowcast.file}, its first state).`] : []),
  ].join('\n');
  visit(doc, {
    Pair(_, pair) {
      if (!isScalar(pair.key)) return;
      const key = pair.key.value;
      if (key === 'scale' && isScalar(pair.value)) pair.value.comment = ' persons per agent, as on the classroom page';
      if (key === 'seed' && isScalar(pair.value)) pair.value.comment = ' master seed';
      // dated steps and ramps read best on one line each
      if (key === 'steps' && isSeq(pair.value)) pair.value.flow = true;
      if ((key === 'ramp' || key === 'period') && isMap(pair.value)) pair.value.flow = true;
    },
  });
  return doc.toString({ lineWidth: 0 });
}
