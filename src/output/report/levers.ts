/**
 * The scenario's levers as a table: each `levers:` entry of the scenario YAML as a path and
 * its value in words ("0.6 from Jun 2024", "ramp 0.2 → 0.8, 2025-01 to 2026-12").
 */
import { parse as parseYaml } from 'yaml';
import { ORIGINS } from '../../model/entities.ts';
import { isKnownSector } from './labels.ts';

export interface LeverRow {
  path: string;
  value: string;
  source?: string;
}

/** Scenario header: name and description, from YAML keys or the file's leading comments. */
export function scenarioHeader(scenarioText: string | undefined): { name?: string; description?: string } {
  if (!scenarioText) return {};
  const doc = safeParse(scenarioText);
  const name = typeof doc?.name === 'string' ? doc.name : undefined;
  let description = typeof doc?.description === 'string' ? doc.description.trim() : undefined;
  if (!description) {
    const comments: string[] = [];
    for (const line of scenarioText.split(/\r?\n/)) {
      const m = /^\s*#\s?(.*)$/.exec(line);
      if (m) comments.push(m[1]);
      else if (line.trim() === '' && comments.length === 0) continue;
      else break;
    }
    const text = comments.join(' ').replace(/\s+/g, ' ').trim();
    if (text) description = text;
  }
  return { name, description };
}

function safeParse(text: string): Record<string, unknown> | undefined {
  try {
    const doc: unknown = parseYaml(text);
    return doc && typeof doc === 'object' && !Array.isArray(doc) ? (doc as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

const VALUE_KEYS = ['value', 'steps', 'ramp', 'expr', 'step', 'constant'];

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** A time value: a scalar, a list, or an object written in one of the value forms. */
function isTimeValue(v: unknown): boolean {
  return !isPlainObject(v) || VALUE_KEYS.some((k) => k in v);
}

/** A map keyed by origins or sectors whose entries are all time values. */
function isPerKeyMap(v: unknown): v is Record<string, unknown> {
  if (!isPlainObject(v)) return false;
  const keys = Object.keys(v).filter((k) => k !== 'default');
  if (keys.length === 0) return false;
  const byOrigin = keys.every((k) => (ORIGINS as readonly string[]).includes(k));
  const bySector = keys.every(isKnownSector);
  return (byOrigin || bySector) && Object.values(v).every(isTimeValue);
}

function scalar(v: unknown): string {
  if (typeof v === 'number') return Number.isInteger(v) ? v.toLocaleString('en-US') : String(Number(v.toPrecision(6)));
  if (typeof v === 'string') return v;
  if (v === null || v === undefined) return '—';
  if (typeof v === 'boolean') return v ? 'yes' : 'no';
  if (Array.isArray(v)) return `[${v.map(describeValue).join(', ')}]`;
  if (isPlainObject(v)) {
    return Object.entries(v)
      .map(([k, x]) => `${k}: ${describeValue(x)}`)
      .join(', ');
  }
  return String(v);
}

function dateOf(o: Record<string, unknown>, ...keys: string[]): string | undefined {
  for (const k of keys) if (o[k] !== undefined) return String(o[k]);
  return undefined;
}

/** One time value in words. */
function describeValue(v: unknown): string {
  if (!isPlainObject(v)) return scalar(v);
  if ('expr' in v) return `expr: ${scalar(v.expr)}`;
  if ('steps' in v && Array.isArray(v.steps)) {
    const steps = v.steps.map((s) => {
      if (!isPlainObject(s)) return scalar(s);
      const at = dateOf(s, 'from', 'at', 'date', 'start', 'month');
      const value = 'value' in s ? describeValue(s.value) : scalar(Object.fromEntries(Object.entries(s).filter(([k]) => !['from', 'at', 'date', 'start', 'month'].includes(k))));
      return at ? `${value} from ${at}` : value;
    });
    const start = 'initial' in v ? `${describeValue(v.initial)}, then ` : '';
    return `${start}${steps.join(' → ')}`;
  }
  if ('ramp' in v) {
    const r = v.ramp;
    if (isPlainObject(r)) {
      const from = r.from ?? r.start_value ?? r.startValue;
      const to = r.to ?? r.end_value ?? r.endValue;
      const start = dateOf(r, 'start', 'from_date', 'begin');
      const end = dateOf(r, 'end', 'to_date', 'until');
      if (from !== undefined && to !== undefined && !isPlainObject(from)) {
        const span = start && end ? `, ${start} to ${end}` : '';
        return `ramp ${scalar(from)} → ${scalar(to)}${span}`;
      }
    }
    return `ramp: ${scalar(r)}`;
  }
  if ('value' in v) return describeValue(v.value);
  return scalar(v);
}

function sourceOf(v: unknown): string | undefined {
  return isPlainObject(v) && typeof v.source === 'string' ? v.source : undefined;
}

/** Flatten `levers:` into rows; per-origin and per-sector maps stay one row each. */
export function leverRows(scenarioText: string | undefined): LeverRow[] {
  if (!scenarioText) return [];
  const levers = safeParse(scenarioText)?.levers;
  if (levers === undefined || levers === null) return [];
  const rows: LeverRow[] = [];

  const visit = (path: string, v: unknown): void => {
    if (isPerKeyMap(v)) {
      const parts = Object.entries(v).map(([k, x]) => `${k}: ${describeValue(x)}`);
      const sources = [...new Set(Object.values(v).map(sourceOf).filter((s): s is string => !!s))];
      rows.push({ path, value: parts.join('; '), source: sources.join('; ') || undefined });
    } else if (isTimeValue(v)) {
      rows.push({ path, value: describeValue(v), source: sourceOf(v) });
    } else {
      for (const [k, x] of Object.entries(v as Record<string, unknown>)) visit(path ? `${path}.${k}` : k, x);
    }
  };

  if (Array.isArray(levers)) {
    // A list form: [{path: border.x, value: …}, …] or [{border.x: …}, …].
    for (const item of levers) {
      if (isPlainObject(item) && typeof (item.path ?? item.lever) === 'string') {
        const { path, lever, ...rest } = item;
        rows.push({ path: String(path ?? lever), value: describeValue(rest), source: sourceOf(rest) });
      } else if (isPlainObject(item)) {
        for (const [k, x] of Object.entries(item)) visit(k, x);
      } else {
        rows.push({ path: '', value: describeValue(item) });
      }
    }
  } else if (isPlainObject(levers)) {
    for (const [k, x] of Object.entries(levers)) visit(k, x);
  } else {
    rows.push({ path: 'levers', value: describeValue(levers) });
  }
  return rows;
}
