// Sweep files (sweeps/*.yaml): a base scenario, the parameters and levers to vary with their
// ranges or levels, a design, replications per point and the outcomes to record. Validated by a
// zod schema; errors name the file, line and field like scenario errors do.
import { dirname, join, resolve } from 'node:path';
import { z } from 'zod';
import { entitiesOf, LEVERS, LEVER_NAMES } from '../model/levers.ts';
import type { LeverScope } from '../model/levers.ts';
import { PARAMETERS, PARAMETER_NAMES } from '../model/parameters.ts';
import { makeCalendar } from '../model/calendar.ts';
import { compileOutcome, OutcomeError } from '../analysis/outcomes.ts';
import { didYouMean, explainIssue, InputError, mainIssue } from '../scenario/errors.ts';
import { lineOf, parseYamlFile, valueAt } from '../scenario/yaml.ts';
import type { ParsedFile } from '../scenario/yaml.ts';
import { displayPath, loadScenario, readScenario, readYamlFile } from '../scenario/load.ts';
import type { ResolvedScenario } from '../scenario/parse.ts';
import { DEFAULT_PERIOD, OPTIONS_FILE } from '../scenario/build.ts';
import { SWEEP_OUTCOMES, SWEEP_RUNS } from '../scenario/limits.ts';
import { MonthText as Month } from '../scenario/schema.ts';

const SweepParameter = z
  .strictObject({
    name: z.string().min(1).describe('a model parameter (src/model/parameters.ts) or lever (src/model/levers.ts), optionally .<ORIGIN|SECTOR|COUNTRY>'),
    range: z.tuple([z.number(), z.number()]).optional().describe('[min, max], sampled uniformly (log-uniformly with log: true)'),
    levels: z.array(z.number()).min(1).optional().describe('explicit values; take precedence over a range'),
    log: z.boolean().optional(),
    note: z.string().optional(),
  })
  .refine((p) => p.range !== undefined || p.levels !== undefined, 'expected a range: [min, max] or levels: [a, b, ...]');

export const Sweep = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'a name of letters, digits, dot, dash or underscore').optional(),
  description: z.string().optional(),
  scenario: z.string().describe('the base scenario, relative to the sweep file'),
  seed: z.number().int().min(0).optional().describe('master seed (default: the scenario\'s)'),
  period: z.strictObject({ start: Month, end: Month }).partial().optional(),
  scale: z.number().int().min(1).optional().describe('persons per agent'),
  design: z.enum(['grid', 'lhs', 'sobol', 'morris']),
  samples: z.number().int().min(1).max(SWEEP_RUNS).optional().describe('grid: values per range; lhs: points; sobol: base samples N (N·(k+2) points); morris: trajectories r (r·(k+1) points)'),
  morris_levels: z.number().int().min(2).max(1000).refine((n) => n % 2 === 0, 'an even number of levels (so that a step lands on the grid)').optional(),
  replications: z.number().int().min(1).max(SWEEP_RUNS).default(1),
  common_random_numbers: z.boolean().default(false).describe('every point uses the streams of point 0 (replication r of each point shares its random numbers)'),
  parameters: z.array(SweepParameter).min(1),
  outcomes: z.record(z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, 'an outcome name of letters, digits and _'), z.string())
    .refine((o) => Object.keys(o).length > 0, 'at least one outcome')
    .refine((o) => Object.keys(o).length <= SWEEP_OUTCOMES, `at most ${SWEEP_OUTCOMES} outcomes`),
});
export type SweepSpec = z.infer<typeof Sweep>;

const TOP_KEYS = Object.keys(Sweep.shape);

function knownSweepKeys(path: (string | number)[]): string[] | undefined {
  if (path.length === 0) return TOP_KEYS;
  if (path[0] === 'period' && path.length === 1) return ['start', 'end'];
  if (path[0] === 'parameters' && path.length === 2) return ['name', 'range', 'levels', 'log', 'note'];
  return undefined;
}

export interface LoadedSweep {
  file: string;
  text: string;
  spec: SweepSpec;
  name: string;
  /** the base scenario's path, as the CLI would show it */
  scenarioFile: string;
  build: { start: string; end: string; scale?: number };
}

function fail(parsed: ParsedFile, path: (string | number)[], expected: string): never {
  throw new InputError(parsed.file, path, expected, lineOf(parsed, path));
}

export function loadSweepFile(file: string): LoadedSweep {
  return sweepOf(readYamlFile(file, displayPath(resolve(file))));
}

/** A sweep from its text; `file` names it in errors and anchors the scenario's relative path. */
export function parseSweep(file: string, text: string): LoadedSweep {
  return sweepOf(parseYamlFile(file, text));
}

function sweepOf(parsed: ParsedFile): LoadedSweep {
  const { file, text } = parsed;
  const result = Sweep.safeParse(parsed.value);
  if (!result.success) {
    const issue = mainIssue(result.error.issues);
    const { path, expected } = explainIssue(issue, knownSweepKeys);
    const missing = issue.code !== 'unrecognized_keys' && valueAt(parsed.value, path) === undefined;
    fail(parsed, path, missing ? `missing; ${expected.replace(/^Invalid (option|input): /, '')}` : expected);
  }
  const spec = result.data;
  const scenarioFile = displayPath(resolve(dirname(file), spec.scenario));
  let scenario: ResolvedScenario;
  try {
    scenario = readScenario(scenarioFile);
  } catch (e) {
    if (e instanceof InputError && e.file === scenarioFile && e.fieldPath.length === 0 && /^cannot read/.test(e.expected))
      fail(parsed, ['scenario'], e.expected.replace('the file', `the base scenario ${scenarioFile}`));
    throw e;
  }
  const start = spec.period?.start ?? scenario.scenario.period?.start ?? DEFAULT_PERIOD.start;
  const end = spec.period?.end ?? scenario.scenario.period?.end ?? DEFAULT_PERIOD.end;
  let months: { firstMonth: number; months: number };
  try {
    const cal = makeCalendar(start, end);
    months = { firstMonth: cal.firstMonth, months: cal.months };
  } catch (e) {
    fail(parsed, ['period'], `expected a start before the end (${(e as Error).message})`);
  }
  checkParameters(parsed, spec);
  checkDesign(parsed, spec);
  for (const [name, expr] of Object.entries(spec.outcomes)) {
    try {
      compileOutcome(expr, months);
    } catch (e) {
      if (e instanceof OutcomeError) fail(parsed, ['outcomes', name], e.message);
      throw e;
    }
  }
  const build = { start, end, scale: spec.scale };
  // the base scenario as the runs will build it: its data, and the sweep's period and scale
  try {
    loadScenario(scenarioFile, build);
  } catch (e) {
    if (e instanceof InputError && e.file === OPTIONS_FILE) fail(parsed, OPTION_FIELDS[String(e.fieldPath[0])] ?? [], e.expected);
    throw e;
  }
  const name = spec.name ?? file.split(/[\\/]/).pop()!.replace(/\.ya?ml$/, '');
  return { file, text, spec, name, scenarioFile, build };
}

/** The sweep's fields that it passes to the runs as build options. */
const OPTION_FIELDS: Record<string, (string | number)[]> = { start: ['period', 'start'], end: ['period', 'end'], scale: ['scale'] };

function checkParameters(parsed: ParsedFile, sweep: SweepSpec): void {
  const seen = new Set<string>();
  sweep.parameters.forEach((p, i) => {
    const [base, entity, ...rest] = p.name.split('.');
    type Swept = { min: number; max: number; perOrigin?: boolean; scope?: LeverScope };
    const spec: Swept | undefined = (PARAMETERS as Record<string, Swept>)[base] ?? (LEVERS as Record<string, Swept>)[base];
    if (!spec) {
      const hint = didYouMean(base, [...PARAMETER_NAMES, ...LEVER_NAMES]);
      fail(parsed, ['parameters', i, 'name'], `unknown parameter or lever '${base}'${hint ? ` (did you mean '${hint}'?)` : ''}`);
    }
    if (entity !== undefined) {
      const entities = entitiesOf(spec.scope ?? (spec.perOrigin ? 'origin' : 'global'));
      if (!entities.includes(entity) || rest.length) fail(parsed, ['parameters', i, 'name'], `'${base}' has no entity '${[entity, ...rest].join('.')}'${entities.length ? `; expected one of ${entities.join(', ')}` : ' (it is a single value)'}`);
    }
    if (seen.has(p.name)) fail(parsed, ['parameters', i, 'name'], `'${p.name}' appears twice`);
    seen.add(p.name);
    const values = p.levels ?? p.range ?? [];
    if (p.range && !(p.range[0] <= p.range[1])) fail(parsed, ['parameters', i, 'range'], `expected [min, max] with min ≤ max; got [${p.range.join(', ')}]`);
    for (const v of values) {
      if (!(v >= spec.min && v <= spec.max)) fail(parsed, ['parameters', i, p.levels ? 'levels' : 'range'], `'${base}' takes values in [${spec.min}, ${spec.max}]; got ${v}`);
    }
    if (p.log && !(values.every((v) => v > 0))) fail(parsed, ['parameters', i, 'log'], 'a log scale needs values > 0');
  });
}

/**
 * The design can be built and its runs are bounded. Points per design, with the defaults of
 * analysis/designs.ts (DesignOptions): grid, the product of the values per parameter (samples,
 * default 5, per range); lhs, samples (100); sobol, samples (512) × (k + 2); morris, samples (10) × (k + 1).
 */
function checkDesign(parsed: ParsedFile, sweep: SweepSpec): void {
  const k = sweep.parameters.length;
  const spans = sweep.parameters.filter((p) => !p.levels && p.range && p.range[0] < p.range[1]);
  if (sweep.design === 'grid' && sweep.samples === 1 && spans.length)
    fail(parsed, ['samples'], `a grid needs samples ≥ 2 to span the range of '${spans[0].name}'`);
  const grid = () => sweep.parameters.reduce((n, p) => n * (p.levels?.length ?? (spans.includes(p) ? (sweep.samples ?? 5) : 1)), 1);
  const points = { grid, lhs: () => sweep.samples ?? 100, sobol: () => (sweep.samples ?? 512) * (k + 2), morris: () => (sweep.samples ?? 10) * (k + 1) }[sweep.design]();
  const runs = points * sweep.replications;
  if (runs > SWEEP_RUNS)
    fail(parsed, [points <= SWEEP_RUNS ? 'replications' : sweep.design === 'grid' ? 'parameters' : 'samples'], `expected at most ${SWEEP_RUNS.toLocaleString('en-US')} runs; this ${sweep.design} design has ${points.toLocaleString('en-US')} points × ${sweep.replications} replications`);
}

/** Whether a swept name is a model parameter (else a lever), by its part before any '.'. */
export function isModelParameter(name: string): boolean {
  return (PARAMETER_NAMES as string[]).includes(name.split('.')[0]);
}

export function defaultSweepOut(sweep: LoadedSweep): string {
  return join('results', sweep.name);
}
