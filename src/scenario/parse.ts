// Reading scenario text: YAML with line numbers, `extends:` with deep merge, validation with
// errors that name file, line and field. No file access here: the caller supplies `readText`,
// so the classroom page can use the same code with scenarios bundled into the page.
import { isMap, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { entitiesOf, LEVERS, LEVER_NAMES } from '../model/levers.ts';
import type { LeverName } from '../model/levers.ts';
import { PARAMETERS, PARAMETER_NAMES } from '../model/parameters.ts';
import { ORIGINS } from '../model/entities.ts';
import { explainIssue, InputError } from './errors.ts';
import { isTimeValue, Scenario, TIME_VALUE_KEYS } from './schema.ts';

export interface ParsedFile {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
  value: Record<string, unknown>;
}

export interface ResolvedScenario {
  /** the file asked for */
  file: string;
  /** files read, the asked-for one first, then what it extends */
  chain: ParsedFile[];
  /** the merged scenario */
  scenario: Scenario;
  name: string;
}

export type ReadText = (path: string) => string;
export type ResolvePath = (from: string, relative: string) => string;

const PROVENANCE_KEYS = ['source', 'estimate', 'assumption', 'calibrated', 'note'];

export function parseYamlFile(file: string, text: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false, uniqueKeys: true });
  if (doc.errors.length) {
    const err = doc.errors[0];
    const line = lines.linePos(err.pos[0]).line;
    throw new InputError(file, [], `invalid YAML: ${err.message.split('\n')[0]}`, line);
  }
  const value = doc.toJS({ maxAliasCount: 100 }) ?? {};
  if (typeof value !== 'object' || Array.isArray(value)) throw new InputError(file, [], 'expected a mapping of fields (name, period, levers, ...)', 1);
  return { file, text, doc, lines, value: value as Record<string, unknown> };
}

/** Line of the node at `path` in a parsed file, or of the closest ancestor that exists. */
export function lineOf(parsed: ParsedFile, path: (string | number)[]): number | undefined {
  for (let n = path.length; n >= 0; n--) {
    const node = parsed.doc.getIn(path.slice(0, n), true) as { range?: [number, number, number] } | undefined;
    if (node && typeof node === 'object' && node.range) return parsed.lines.linePos(node.range[0]).line;
    // a key without a node (e.g. an unknown key): find the pair's key
    if (n > 0) {
      const parent = n === 1 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, n - 1), true);
      if (isMap(parent)) {
        const pair = parent.items.find((p) => isScalar(p.key) && p.key.value === path[n - 1]);
        if (pair && isScalar(pair.key) && pair.key.range) return parsed.lines.linePos(pair.key.range[0]).line;
      }
    }
  }
  return undefined;
}

/** The field names that are valid at a path of a scenario, for "did you mean". */
export function knownKeysAt(path: (string | number)[]): string[] | undefined {
  const timeValueKeys = [...TIME_VALUE_KEYS, 'initial', ...PROVENANCE_KEYS];
  if (path.length === 0) return Object.keys(Scenario.shape);
  if (path[0] === 'period' && path.length === 1) return ['start', 'end'];
  if (path[0] === 'parameters') {
    if (path.length === 1) return [...PARAMETER_NAMES];
    const spec = PARAMETERS[path[1] as keyof typeof PARAMETERS];
    if (path.length === 2 && spec && 'perOrigin' in spec) return ['default', ...ORIGINS, 'value', ...PROVENANCE_KEYS];
    return ['value', ...PROVENANCE_KEYS];
  }
  if (path[0] === 'levers') {
    if (path.length === 1) return [...LEVER_NAMES];
    const spec = LEVERS[path[1] as LeverName];
    if (!spec) return undefined;
    const entities = entitiesOf(spec.scope);
    if (path.length === 2) return [...(entities.length ? ['default', ...entities] : []), ...timeValueKeys];
    if (path[path.length - 1] === 'ramp') return ['from', 'to', 'start', 'end'];
    return timeValueKeys;
  }
  return undefined;
}

/** Validates one file's own content (before merging), so errors point into that file. */
function validateFile(parsed: ParsedFile): void {
  const result = Scenario.safeParse(parsed.value);
  if (result.success) return;
  const issue = result.error.issues[0];
  const { path, expected } = explainIssue(issue, knownKeysAt);
  const got = valueAt(parsed.value, path);
  const shown = got === undefined || typeof got === 'object' ? '' : ` (got ${JSON.stringify(got)?.slice(0, 80)})`;
  throw new InputError(parsed.file, path, expected + shown, lineOf(parsed, path));
}

/** The value at a field path of parsed YAML, undefined where the path leads nowhere. */
export function valueAt(obj: unknown, path: (string | number)[]): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}

/**
 * Deep merge for `extends:`: maps merge key by key; a time value (a number or an object with
 * value/steps/ramp/expr) replaces the inherited one whole, so `{steps}` never mixes with `{value}`.
 */
export function mergeScenario(base: unknown, over: unknown): unknown {
  if (over === undefined) return base;
  if (isTimeValue(over) || isTimeValue(base)) {
    // a per-entity map over a single inherited value: the inherited value becomes the default
    if (isTimeValue(base) && isPlainMap(over) && !isTimeValue(over)) return { default: base, ...(over as object) };
    return over;
  }
  if (isPlainMap(base) && isPlainMap(over)) {
    const out: Record<string, unknown> = { ...(base as Record<string, unknown>) };
    for (const [k, v] of Object.entries(over as Record<string, unknown>)) out[k] = mergeScenario(out[k], v);
    return out;
  }
  return over;
}

function isPlainMap(v: unknown): boolean {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Reads a scenario and everything it extends, validates each file, and merges them. */
export function resolveScenario(file: string, readText: ReadText, resolvePath: ResolvePath): ResolvedScenario {
  const chain: ParsedFile[] = [];
  const seen = new Set<string>();
  let current: string | undefined = file;
  while (current) {
    if (seen.has(current)) throw new InputError(current, ['extends'], `circular extends: ${[...seen, current].join(' → ')}`);
    seen.add(current);
    let text: string;
    try {
      text = readText(current);
    } catch (e) {
      const from = chain[chain.length - 1];
      if (from) throw new InputError(from.file, ['extends'], `cannot read the extended file ${current}`, lineOf(from, ['extends']));
      throw new InputError(current, [], `cannot read the file (${(e as Error).message})`);
    }
    const parsed = parseYamlFile(current, text);
    validateFile(parsed);
    chain.push(parsed);
    const ext = parsed.value.extends;
    current = typeof ext === 'string' ? resolvePath(current, ext) : undefined;
  }
  let merged: unknown = {};
  for (let i = chain.length - 1; i >= 0; i--) {
    const { extends: _drop, ...own } = chain[i].value;
    merged = mergeScenario(merged, own);
  }
  const scenario = Scenario.parse(merged);
  const base = file.split(/[\\/]/).pop()!.replace(/\.ya?ml$/, '');
  return { file, chain, scenario, name: (chain[0].value.name as string | undefined) ?? base };
}

/**
 * Numbers in a scenario file with no provenance: neither a comment on their line nor a
 * source/estimate/assumption/calibrated field beside them or above them.
 */
export function unsourcedNumbers(parsed: ParsedFile): { path: string; line: number }[] {
  const out: { path: string; line: number }[] = [];
  const textLines = parsed.text.split('\n');
  const walk = (node: unknown, path: (string | number)[], covered: boolean) => {
    if (isMap(node)) {
      const keys = node.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
      const here = covered || keys.some((k) => PROVENANCE_KEYS.includes(k) && k !== 'note');
      for (const pair of node.items) {
        const key = isScalar(pair.key) ? String(pair.key.value) : '?';
        if (key === 'seed' && path.length === 0) continue; // the seed is a choice, not a quantity
        const keyLine = isScalar(pair.key) && pair.key.range ? parsed.lines.linePos(pair.key.range[0]).line : 0;
        const keyComment = keyLine > 0 && textLines[keyLine - 1].includes('#');
        walk(pair.value, [...path, key], here || keyComment);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => walk(item, [...path, i], covered));
    } else if (isScalar(node) && typeof node.value === 'number' && !covered) {
      const line = node.range ? parsed.lines.linePos(node.range[0]).line : 0;
      const commented = line > 0 && textLines[line - 1].includes('#');
      if (!commented && !node.comment) out.push({ path: path.join('.'), line });
    }
  };
  walk(parsed.doc.contents, [], false);
  return out;
}
