// Turns a merged scenario and the world data into the model's input: defaults filled from the
// lever and parameter tables, time values compiled to weekly series, ranges checked.
import { makeCalendar } from '../model/calendar.ts';
import type { Calendar } from '../model/calendar.ts';
import { entitiesOf, LEVERS, LEVER_NAMES } from '../model/levers.ts';
import type { LeverName } from '../model/levers.ts';
import { PARAMETERS, PARAMETER_NAMES } from '../model/parameters.ts';
import type { ParameterName } from '../model/parameters.ts';
import type { Params } from '../model/parameters.ts';
import { ORIGINS } from '../model/entities.ts';
import type { LeverSeries, ModelInput } from '../model/types.ts';
import { dayToIso, parseDay } from '../model/calendar.ts';
import { indicatorFor, interpolateYear, REFERENCE_YEAR, weeklyIndicator } from './data.ts';
import type { WorldData } from './data.ts';
import { InputError } from './errors.ts';
import { canonicalJson, contentHash } from './hash.ts';
import type { ResolvedScenario } from './parse.ts';
import { DATE_EXPECTED, isCalendarDate, isTimeValue } from './schema.ts';
import type { NumberValue, Scenario, TimeValue } from './schema.ts';
import { ExpressionBudget, TimeValueError, weeklySeries } from './timeValues.ts';
import { lineOf } from './yaml.ts';

export const DEFAULT_PERIOD = { start: '2019-10', end: '2030-12' };

/**
 * The file named in errors about BuildOptions: a command's options. Sweep and calibration files
 * pass their own fields as options and report such errors at those fields' lines.
 */
export const OPTIONS_FILE = '(command line)';

export interface BuiltScenario {
  name: string;
  scenario: Scenario;
  hash: string;
  seed: number;
  input: ModelInput;
  /** parameters as numbers, for the manifest */
  parameters: Record<string, number | Record<string, number>>;
}

export interface BuildOptions {
  /** first and last months reported */
  start?: string;
  end?: string;
  /** the month the simulation starts (default: the scenario's period.warmStart, else start) */
  warmStart?: string;
  scale?: number;
  /** parameter values that replace the scenario's (sweeps, calibration) */
  parameterOverrides?: Record<string, number>;
  /** most agents on the move before a run stops (see ModelInput.agentLimit) */
  agentLimit?: number;
  /** lever values that replace the scenario's, by path such as 'enforcement' or 'enforcement.RGV' */
  leverOverrides?: Record<string, number>;
}

/** Where a field is set in the chain of files, for error messages. */
function locate(resolved: ResolvedScenario, path: (string | number)[]): { file: string; line?: number } {
  for (const parsed of resolved.chain) {
    let cur: unknown = parsed.value;
    let found = true;
    for (const k of path) {
      if (cur && typeof cur === 'object' && k in (cur as object)) cur = (cur as Record<string | number, unknown>)[k];
      else {
        found = false;
        break;
      }
    }
    if (found) return { file: parsed.file, line: lineOf(parsed, path) };
  }
  return { file: resolved.file };
}

function fail(resolved: ResolvedScenario, path: (string | number)[], expected: string): never {
  const { file, line } = locate(resolved, path);
  throw new InputError(file, path, expected, line);
}

function numberOf(v: NumberValue): number {
  return typeof v === 'number' ? v : v.value;
}

/**
 * Hash of what changes results — period, scale, parameters and levers — not of names, comments,
 * the data folder's path or the file layout, so a scenario exported from the classroom page
 * and the same scenario written by hand share random streams.
 */
export function scenarioHash(scenario: Scenario): string {
  const { period, scale, parameters, levers } = scenario;
  return contentHash(canonicalJson({ period, scale, parameters, levers }));
}

function checkOptions(options: BuildOptions): void {
  for (const name of ['start', 'end', 'warmStart'] as const) {
    const value = options[name];
    if (value !== undefined && !isCalendarDate(value)) throw new InputError(OPTIONS_FILE, [name], `expected ${DATE_EXPECTED} (got ${JSON.stringify(value)})`);
  }
  if (options.scale !== undefined && !(Number.isInteger(options.scale) && options.scale >= 1)) throw new InputError(OPTIONS_FILE, ['scale'], `expected a whole number ≥ 1 of persons per agent (got ${options.scale})`);
}

/** Persons per agent: at most the smallest origin's adult population, or that origin would have no agent and all-zero results. */
function scaleOf(resolved: ResolvedScenario, data: WorldData, options: BuildOptions): number {
  const scale = options.scale ?? resolved.scenario.scale ?? 1;
  const smallest = data.origins.reduce((a, o) => (o.adultPopulation < a.adultPopulation ? o : a));
  if (scale <= smallest.adultPopulation) return scale;
  const people = (n: number) => Math.round(n).toLocaleString('en-US');
  const expected = `expected at most ${people(smallest.adultPopulation)} persons per agent: ${smallest.code} has ${people(smallest.adultPopulation)} adults, and a larger scale leaves it without a single agent (got ${people(scale)})`;
  if (options.scale !== undefined) throw new InputError(OPTIONS_FILE, ['scale'], expected);
  fail(resolved, ['scale'], expected);
}

/**
 * The income gap: GDP per head as a share of the United States' in the same year (both in current
 * dollars, so inflation cancels: in current dollars alone, Guatemala's income rose by half over
 * 2013–2023 while its gap to the US did not move). Years the US series lacks take its nearest year.
 */
function incomeShareOfUs(origin: [number, number][], us: [number, number][]): [number, number][] {
  return origin.map(([year, v]) => [year, v / interpolateYear(us, year + 0.5)]);
}

export function buildScenario(resolved: ResolvedScenario, data: WorldData, options: BuildOptions = {}): BuiltScenario {
  const scenario = resolved.scenario;
  checkOptions(options);
  const start = options.start ?? scenario.period?.start ?? DEFAULT_PERIOD.start;
  const end = options.end ?? scenario.period?.end ?? DEFAULT_PERIOD.end;
  const warmStart = options.warmStart ?? scenario.period?.warmStart ?? start;
  if (parseDay(start) < parseDay(warmStart))
    fail(resolved, ['period', 'warmStart'], `expected the warm start (${warmStart}) at or before the first month reported (${start}): the model is not set up to start later than ${warmStart}`);
  let calendar: Calendar;
  try {
    calendar = makeCalendar(start, end, warmStart);
  } catch (e) {
    fail(resolved, ['period'], `expected a start before the end as YYYY-MM (${(e as Error).message})`);
  }
  const params = buildParams(resolved, options.parameterOverrides ?? {});
  const levers = buildLevers(resolved, calendar, options.leverOverrides ?? {});
  const dataFile = 'scenarios/data/indicators.csv';
  const usIncome = indicatorFor(data, 'us_gdp_per_capita_usd', 'USA', dataFile);
  const origins = data.origins.map((o) => {
    const homicide = indicatorFor(data, 'homicide_per_100k', o.code, dataFile);
    const capacity = indicatorFor(data, 'state_capacity', o.code, dataFile);
    const income = incomeShareOfUs(indicatorFor(data, 'gdp_per_capita_usd', o.code, dataFile), usIncome);
    const refYear = REFERENCE_YEAR + 0.5;
    return {
      ...o,
      homicidePer100k: weeklyIndicator(homicide, calendar),
      stateCapacity: weeklyIndicator(capacity, calendar),
      incomeShareOfUs: weeklyIndicator(income, calendar),
      ref: {
        homicidePer100k: interpolateYear(homicide, refYear),
        stateCapacity: interpolateYear(capacity, refYear),
        incomeShareOfUs: interpolateYear(income, refYear),
      },
    };
  });
  const scale = scaleOf(resolved, data, options);
  const input: ModelInput = { calendar, scale, origins, nodes: data.nodes, edges: data.edges, sectors: data.sectors, params, levers, agentLimit: options.agentLimit };
  const parameters: BuiltScenario['parameters'] = {};
  for (const name of PARAMETER_NAMES) {
    const v = params[name];
    parameters[name] = typeof v === 'number' ? v : Object.fromEntries(ORIGINS.map((o, i) => [o, v[i]]));
  }
  return { name: resolved.name, scenario, hash: scenarioHash(scenario), seed: scenario.seed ?? 1, input, parameters };
}

function buildParams(resolved: ResolvedScenario, overrides: Record<string, number>): Params {
  const given = (resolved.scenario.parameters ?? {}) as Record<string, NumberValue | Record<string, NumberValue> | undefined>;
  const out: Record<string, number | Float64Array> = {};
  for (const name of PARAMETER_NAMES) {
    const spec = PARAMETERS[name];
    const v = given[name];
    const check = (x: number, path: (string | number)[]) => {
      if (!(x >= spec.min && x <= spec.max)) fail(resolved, path, `expected a number in [${spec.min}, ${spec.max}] (${spec.unit}); got ${x}`);
      return x;
    };
    if ('perOrigin' in spec && spec.perOrigin) {
      const arr = new Float64Array(ORIGINS.length);
      ORIGINS.forEach((o, i) => {
        let x: number = spec.default;
        let path: (string | number)[] = ['parameters', name];
        if (v !== undefined) {
          if (typeof v === 'number' || 'value' in v) x = numberOf(v as NumberValue);
          else {
            const m = v as Record<string, NumberValue>;
            const entry = m[o] ?? m.default;
            if (entry !== undefined) x = numberOf(entry);
            if (m[o] !== undefined) path = ['parameters', name, o];
          }
        }
        if (overrides[`${name}.${o}`] !== undefined) x = overrides[`${name}.${o}`];
        else if (overrides[name] !== undefined) x = overrides[name];
        arr[i] = check(x, path);
      });
      out[name] = arr;
    } else {
      let x: number = v === undefined ? spec.default : numberOf(v as NumberValue);
      if (overrides[name] !== undefined) x = overrides[name];
      out[name] = check(x, ['parameters', name]);
    }
  }
  for (const key of Object.keys(overrides)) {
    const base = key.split('.')[0];
    if (!(PARAMETER_NAMES as string[]).includes(base)) throw new InputError('(override)', ['parameters', key], `unknown parameter; expected one of ${PARAMETER_NAMES.join(', ')}`);
  }
  return out as Params;
}

/** The series a lever gets: one per entity of its scope, one ('all') for a global lever. */
function seriesEntities(name: LeverName): readonly string[] {
  const entities = entitiesOf(LEVERS[name].scope);
  return entities.length ? entities : ['all'];
}

/**
 * The numbers a time value states, by their path inside it: a constant, the steps' values and
 * `initial`, a ramp's two ends. Each must lie in the lever's range even where no week of the run
 * uses it (a ramp that ends before the run still states its start).
 */
function statedValues(tv: TimeValue): { path: (string | number)[]; value: number }[] {
  if (typeof tv === 'number') return [{ path: [], value: tv }];
  if ('value' in tv) return [{ path: [], value: tv.value }];
  if ('steps' in tv) {
    const steps = tv.steps.map((s, i) => ({ path: ['steps', i, 'value'], value: s.value }));
    return tv.initial === undefined ? steps : [{ path: ['initial'], value: tv.initial }, ...steps];
  }
  if ('ramp' in tv) return [{ path: ['ramp', 'start'], value: tv.ramp.start }, { path: ['ramp', 'end'], value: tv.ramp.end }];
  return [];
}

function buildLevers(resolved: ResolvedScenario, cal: Calendar, overrides: Record<string, number>): LeverSeries {
  const given = (resolved.scenario.levers ?? {}) as Record<string, unknown>;
  const out = {} as LeverSeries;
  const budget = new ExpressionBudget();
  for (const name of LEVER_NAMES) {
    const spec = LEVERS[name];
    const v = given[name];
    out[name] = seriesEntities(name).map((entity) => {
      let tv: TimeValue | undefined;
      let path: (string | number)[] = ['levers', name];
      if (isTimeValue(v)) tv = v;
      else if (v && typeof v === 'object') {
        const m = v as Record<string, TimeValue>;
        if (m[entity] !== undefined) {
          tv = m[entity];
          path = ['levers', name, entity];
        } else if (m.default !== undefined) {
          tv = m.default;
          path = ['levers', name, 'default'];
        }
      }
      const override = overrides[`${name}.${entity}`] ?? overrides[name];
      if (override !== undefined) tv = override;
      else if (tv !== undefined)
        for (const { path: at, value } of statedValues(tv))
          if (!(value >= spec.min && value <= spec.max)) fail(resolved, [...path, ...at], `expected values in [${spec.min}, ${spec.max}] (${spec.unit}); got ${value}`);
      let series: Float64Array;
      try {
        series = weeklySeries(tv ?? spec.default, cal, spec.default, budget);
      } catch (e) {
        if (e instanceof TimeValueError) fail(resolved, path, e.message);
        throw e;
      }
      for (let w = 0; w < series.length; w++) {
        const x = series[w];
        if (!(x >= spec.min && x <= spec.max))
          fail(resolved, path, `expected values in [${spec.min}, ${spec.max}] (${spec.unit}); got ${x} in the week of ${dayToIso(cal.startDay + 7 * w)}`);
      }
      return series;
    });
  }
  for (const key of Object.keys(overrides)) {
    const base = key.split('.')[0];
    if (!(LEVER_NAMES as string[]).includes(base)) throw new InputError('(override)', ['levers', key], `unknown lever; expected one of ${LEVER_NAMES.join(', ')}`);
  }
  return out;
}

/**
 * The same input with some parameters replaced (`name` or `name.ORIGIN`), checked against their
 * ranges: cheaper than building the scenario again, for runs that differ only in parameters
 * (the nowcast's particles, projections from a posterior sample).
 */
export function withParameters(input: ModelInput, overrides: Record<string, number>): ModelInput {
  const params = { ...input.params } as Record<string, number | Float64Array>;
  for (const [key, value] of Object.entries(overrides)) {
    const [name, origin] = key.split('.');
    const spec = PARAMETERS[name as ParameterName];
    if (!spec) throw new InputError('(override)', ['parameters', key], `unknown parameter; expected one of ${PARAMETER_NAMES.join(', ')}`);
    if (!(value >= spec.min && value <= spec.max)) throw new InputError('(override)', ['parameters', key], `expected a number in [${spec.min}, ${spec.max}] (${spec.unit}); got ${value}`);
    const current = params[name];
    if (typeof current === 'number') params[name] = value;
    else {
      const copy = current.slice();
      if (origin === undefined) copy.fill(value);
      else {
        const o = (ORIGINS as readonly string[]).indexOf(origin);
        if (o < 0) throw new InputError('(override)', ['parameters', key], `unknown origin; expected one of ${ORIGINS.join(', ')}`);
        copy[o] = value;
      }
      params[name] = copy;
    }
  }
  return { ...input, params: params as Params };
}
