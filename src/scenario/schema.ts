// The scenario file format: one zod schema that gives the TypeScript types, the validation and
// the exported JSON Schema. Levers and parameters are generated from their tables in src/model,
// so adding a lever there adds it here, in the docs and in the classroom page.
import { z } from 'zod';
import { parseDay } from '../model/calendar.ts';
import { entitiesOf, LEVERS, LEVER_NAMES } from '../model/levers.ts';
import type { LeverScope } from '../model/levers.ts';
import { PARAMETERS, PARAMETER_NAMES } from '../model/parameters.ts';
import { ORIGINS } from '../model/entities.ts';
import { FIRST_YEAR, LAST_YEAR, STEPS } from './limits.ts';

const DATE = /^\d{4}-\d{2}(-\d{2})?$/;
const MONTH = /^\d{4}-\d{2}$/;

/** A real calendar date, YYYY-MM or YYYY-MM-DD (with `monthOnly`, YYYY-MM), in the years FIRST_YEAR..LAST_YEAR. */
export function isCalendarDate(text: string, monthOnly = false): boolean {
  if (!(monthOnly ? MONTH : DATE).test(text)) return false;
  const year = Number(text.slice(0, 4));
  return year >= FIRST_YEAR && year <= LAST_YEAR && Number.isFinite(parseDay(text));
}

export const DATE_EXPECTED = `a date as YYYY-MM or YYYY-MM-DD, in the years ${FIRST_YEAR}–${LAST_YEAR}`;
export const MONTH_EXPECTED = `a month as YYYY-MM, in the years ${FIRST_YEAR}–${LAST_YEAR}`;

/** A month of the calendar as YYYY-MM: the format of periods in sweep and calibration files. */
export const MonthText = z.string().regex(MONTH, MONTH_EXPECTED).refine((s) => isCalendarDate(s, true), MONTH_EXPECTED);
const DateText = z.string().regex(DATE, DATE_EXPECTED).refine((s) => isCalendarDate(s), DATE_EXPECTED);

/** Where a number comes from. Every number in a shipped scenario has one of these or a comment. */
const provenance = {
  source: z.string().optional().describe('publication, table and year the value comes from'),
  estimate: z.string().optional().describe('how the value was estimated'),
  assumption: z.string().optional().describe('why this value was assumed'),
  calibrated: z.string().optional().describe('how the value was fitted (data, method, seed, date)'),
  note: z.string().optional(),
};

export const Step = z.strictObject({
  from: DateText,
  to: DateText.optional().describe('if given, the value moves linearly from the previous one, reaching `value` on this date'),
  value: z.number(),
});

/** A value that may change over time. `t` in expressions is the decimal calendar year (2025.5 = July 2025). */
export const TimeValue = z.union([
  z.number(),
  z.strictObject({ value: z.number(), ...provenance }),
  z.strictObject({
    steps: z.array(Step).min(1).max(STEPS, `at most ${STEPS} steps`).describe('dated values; before the first date the lever keeps `initial` (or its default)'),
    initial: z.number().optional(),
    ...provenance,
  }),
  z.strictObject({
    ramp: z.strictObject({ from: DateText, to: DateText, start: z.number(), end: z.number() }),
    ...provenance,
  }),
  z.strictObject({
    expr: z.string().min(1).describe('mathjs expression of t (decimal year) and w (week index)'),
    ...provenance,
  }),
]);
export type TimeValue = z.infer<typeof TimeValue>;

export const TIME_VALUE_KEYS = ['value', 'steps', 'ramp', 'expr'] as const;

/** A number or an object in one of the time-value forms (not a map by origin, sector or country). */
export function isTimeValue(v: unknown): v is TimeValue {
  return typeof v === 'number' || (typeof v === 'object' && v !== null && TIME_VALUE_KEYS.some((k) => k in v));
}

function keyed<T extends z.ZodType>(keys: readonly string[], value: T) {
  const shape: Record<string, z.ZodType> = { default: value.optional() };
  for (const k of keys) shape[k] = value.optional();
  return z.strictObject({ ...shape, ...provenance });
}

function leverSchema(scope: LeverScope) {
  return scope === 'global' ? TimeValue : z.union([TimeValue, keyed(entitiesOf(scope), TimeValue)]);
}

const leverShape = Object.fromEntries(
  LEVER_NAMES.map((name) => {
    const spec = LEVERS[name];
    return [name, leverSchema(spec.scope).optional().describe(`${spec.label} (${spec.unit}; default ${spec.default}). ${spec.about}`)];
  }),
);

export const NumberValue = z.union([z.number(), z.strictObject({ value: z.number(), ...provenance })]);
export type NumberValue = z.infer<typeof NumberValue>;

const parameterShape = Object.fromEntries(
  PARAMETER_NAMES.map((name) => {
    const spec = PARAMETERS[name];
    const schema = 'perOrigin' in spec && spec.perOrigin ? z.union([NumberValue, keyed(ORIGINS, NumberValue)]) : NumberValue;
    return [name, schema.optional().describe(`${spec.unit}; default ${spec.default}. ${spec.note}`)];
  }),
);

export const Scenario = z.strictObject({
  name: z.string().regex(/^[A-Za-z0-9._-]+$/, 'letters, digits, dot, dash or underscore').optional()
    .describe('short name, used for the results folder; defaults to the file name'),
  description: z.string().optional(),
  extends: z.string().min(1, 'a path of a scenario file').optional().describe('path of a scenario file this one changes, relative to this file'),
  period: z.strictObject({
    start: DateText.describe('first month reported'),
    end: DateText.describe('last month reported'),
    warmStart: DateText.describe('month the simulation starts, at or before `start`: the months before `start` warm the model up (stocks on the way, perceptions) and are not reported'),
  }).partial().optional(),
  seed: z.number().int().nonnegative().optional(),
  scale: z.number().int().min(1).optional().describe('persons per agent; 1 = every person is an agent'),
  data: z.string().min(1, 'a path of a data folder').optional().describe('folder with origins.yaml, routes.yaml, sectors.yaml, indicators.csv, relative to this file'),
  parameters: z.strictObject(parameterShape).optional(),
  levers: z.strictObject(leverShape).optional(),
});
export type Scenario = z.infer<typeof Scenario>;

export function scenarioJsonSchema(): unknown {
  return z.toJSONSchema(Scenario, { target: 'draft-2020-12', unrepresentable: 'any', reused: 'ref' });
}
