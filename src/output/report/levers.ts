/**
 * The scenario's levers as a table: each `levers:` entry of the scenario file, its entities,
 * its time value in words generated from the file exactly ("1.2 from 2025-01-20; then ramp from
 * 1.2 on 2026-01-01 to 1.8 on 2026-12-31"), and its provenance (source, estimate, assumption,
 * calibrated) in a column of its own.
 */
import { parse as parseYaml } from 'yaml';
import { ORIGIN_NAMES } from '../../model/entities.ts';
import { LEVERS, UNLIMITED } from '../../model/levers.ts';
import type { LeverScope } from '../../model/levers.ts';

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

/** Where a value comes from: the keys of the schema's provenance (src/scenario/schema.ts), in its order. */
const PROVENANCE_KEYS = ['source', 'estimate', 'assumption', 'calibrated', 'note'] as const;

export interface Provenance {
  kind: (typeof PROVENANCE_KEYS)[number];
  text: string;
}

export interface LeverEntry {
  /** "every sector", "default (sectors not named)", "Mexico (MEX)", or '' for a global lever */
  who: string;
  /** the time value in words, from the file exactly: dates, ramps, expressions as written */
  value: string;
  provenance: Provenance[];
}

export interface LeverRow {
  /** the lever's name in the file, e.g. enforcement */
  lever: string;
  /** its label from src/model/levers.ts, when the name is a lever */
  label?: string;
  entries: LeverEntry[];
  /** provenance written on the lever as a whole (beside its entities) */
  provenance: Provenance[];
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isTimeValue(v: unknown): boolean {
  return typeof v === 'number' || (isPlainObject(v) && ['value', 'steps', 'ramp', 'expr'].some((k) => k in v));
}

function provenanceOf(v: unknown): Provenance[] {
  if (!isPlainObject(v)) return [];
  return PROVENANCE_KEYS.filter((k) => typeof v[k] === 'string').map((k) => ({ kind: k, text: String(v[k]) }));
}

/** A number as the file has it, grouped in thousands; the "no limit" stand-in by name. */
function numberText(v: unknown): string {
  if (typeof v !== 'number') return v === undefined ? '—' : String(v);
  if (v >= UNLIMITED) return 'no limit';
  return Number.isInteger(v) ? v.toLocaleString('en-US') : String(v);
}

/**
 * One time value in words, exactly as the model reads it (src/scenario/timeValues.ts): a step
 * holds from its date; a step with `to` moves linearly from the value before it (the previous
 * step's, `initial`, or the lever's default) to its own, reached on `to`; a ramp is constant
 * outside its dates; an expression is quoted as written.
 */
export function describeTimeValue(tv: unknown, defaultValue?: number): string {
  if (!isPlainObject(tv)) return numberText(tv);
  if ('value' in tv) return numberText(tv.value);
  if ('expr' in tv) return `expression ${String(tv.expr)} (t: decimal year)`;
  if ('ramp' in tv && isPlainObject(tv.ramp)) {
    const r = tv.ramp;
    return `ramp from ${numberText(r.start)} on ${String(r.from)} to ${numberText(r.end)} on ${String(r.to)}`;
  }
  if ('steps' in tv && Array.isArray(tv.steps)) {
    const parts: string[] = [];
    let before = tv.initial !== undefined ? numberText(tv.initial) : defaultValue !== undefined ? `${numberText(defaultValue)} (the default)` : 'the default';
    if (tv.initial !== undefined) parts.push(`${numberText(tv.initial)} at first`);
    const steps = tv.steps.filter(isPlainObject).sort((a, b) => String(a.from).localeCompare(String(b.from)));
    for (const s of steps) {
      parts.push(s.to !== undefined
        ? `ramp from ${before} on ${String(s.from)} to ${numberText(s.value)} on ${String(s.to)}`
        : `${numberText(s.value)} from ${String(s.from)}`);
      before = numberText(s.value);
    }
    return parts.join('; then ');
  }
  return JSON.stringify(tv);
}

const SCOPE_WORDS: Record<LeverScope, string> = { global: '', origin: 'origins', sector: 'sectors', country: 'countries' };

function entityName(code: string, scope: LeverScope): string {
  const name = scope === 'origin' || scope === 'country' ? (ORIGIN_NAMES as Record<string, string>)[code] : undefined;
  return name ? `${name} (${code})` : code;
}

/** `levers:` of a scenario file as rows: one a lever, one entry per entity it names. */
export function leverRows(scenarioText: string | undefined): LeverRow[] {
  if (!scenarioText) return [];
  const levers = safeParse(scenarioText)?.levers;
  if (!isPlainObject(levers)) return [];
  return Object.entries(levers).map(([name, v]): LeverRow => {
    const spec = (LEVERS as Record<string, { scope: LeverScope; label: string; default: number }>)[name];
    const scope = spec?.scope ?? 'global';
    if (isTimeValue(v) || !isPlainObject(v)) {
      const who = scope === 'global' ? '' : `every ${scope === 'country' ? 'country' : scope}`;
      return { lever: name, label: spec?.label, entries: [{ who, value: describeTimeValue(v, spec?.default), provenance: provenanceOf(v) }], provenance: [] };
    }
    const named = Object.keys(v).filter((k) => k !== 'default' && !(PROVENANCE_KEYS as readonly string[]).includes(k));
    const entries: LeverEntry[] = [];
    if (v.default !== undefined) {
      const who = named.length ? `default (${SCOPE_WORDS[scope] || 'entities'} not named)` : `every ${scope}`;
      entries.push({ who, value: describeTimeValue(v.default, spec?.default), provenance: provenanceOf(v.default) });
    }
    for (const k of named) entries.push({ who: entityName(k, scope), value: describeTimeValue(v[k], spec?.default), provenance: provenanceOf(v[k]) });
    return { lever: name, label: spec?.label, entries, provenance: provenanceOf(v) };
  });
}
