// Reading scenario text: YAML with line numbers, `extends:` with deep merge, validation with
// errors that name file, line and field. No file access here: the caller supplies `readText`,
// so the classroom page can use the same code with scenarios bundled into the page.
import { isMap, isScalar, isSeq } from 'yaml';
import { entitiesOf, LEVERS, LEVER_NAMES } from '../model/levers.ts';
import type { LeverName } from '../model/levers.ts';
import { PARAMETERS, PARAMETER_NAMES } from '../model/parameters.ts';
import { ORIGINS } from '../model/entities.ts';
import { explainIssue, InputError, UnreadableFile } from './errors.ts';
import { EXTENDS_CHAIN } from './limits.ts';
import { isTimeValue, Scenario, TIME_VALUE_KEYS, TimeValue } from './schema.ts';
import { lineOf, parseYamlFile, valueAt } from './yaml.ts';
import type { ParsedFile } from './yaml.ts';

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

/** The field names that are valid at a path of a scenario, for "did you mean". */
export function knownKeysAt(path: (string | number)[]): string[] | undefined {
  const timeValueKeys = [...TIME_VALUE_KEYS, 'initial', ...PROVENANCE_KEYS];
  if (path.length === 0) return Object.keys(Scenario.shape);
  if (path[0] === 'period' && path.length === 1) return ['start', 'end', 'warmStart'];
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
  let { path, expected } = explainIssue(result.error.issues[0], knownKeysAt);
  // zod reports a time value that fails inside (too many steps) under a lever or parameter that
  // may also be a map by entity as that map's unknown key ('steps'): explain the time value's own error
  const where = path.slice(0, -1);
  const holder = valueAt(parsed.value, where);
  if (result.error.issues[0].code === 'unrecognized_keys' && typeof holder === 'object' && isTimeValue(holder)) {
    const own = TimeValue.safeParse(holder);
    if (!own.success) {
      const inner = explainIssue(own.error.issues[0], (p) => knownKeysAt([...where, ...p]));
      path = [...where, ...inner.path];
      expected = inner.expected;
    }
  }
  const got = valueAt(parsed.value, path);
  const shown = got === undefined || typeof got === 'object' ? '' : ` (got ${JSON.stringify(got)?.slice(0, 80)})`;
  throw new InputError(parsed.file, path, expected + shown, lineOf(parsed, path));
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

/** Files read and validated, by name and text: sweeps and calibrations read the same chain for every run. */
const validated = new Map<string, ParsedFile>();
const CACHED_FILES = 64;
const CACHED_BYTES = 64 * 1024;

function parseScenarioFile(file: string, text: string): ParsedFile {
  const key = `${file}\0${text}`;
  const cached = validated.get(key);
  if (cached) return cached;
  const parsed = parseYamlFile(file, text);
  validateFile(parsed);
  if (text.length <= CACHED_BYTES) {
    if (validated.size >= CACHED_FILES) validated.delete(validated.keys().next().value!);
    validated.set(key, parsed);
  }
  return parsed;
}

/** Reads a scenario and everything it extends, validates each file, and merges them. */
export function resolveScenario(file: string, readText: ReadText, resolvePath: ResolvePath): ResolvedScenario {
  const chain: ParsedFile[] = [];
  const seen: string[] = [];
  let current: string | undefined = file;
  while (current !== undefined) {
    const from = chain[chain.length - 1];
    const refuse = (expected: string): never => {
      if (from) throw new InputError(from.file, ['extends'], expected, lineOf(from, ['extends']));
      throw new InputError(current!, [], expected);
    };
    if (seen.includes(current)) refuse(`circular extends: ${[...seen, current].join(' → ')}`);
    if (seen.length >= EXTENDS_CHAIN) refuse(`expected an extends chain of at most ${EXTENDS_CHAIN} files; ${current} would be file ${seen.length + 1}`);
    seen.push(current);
    let text = '';
    try {
      text = readText(current);
    } catch (e) {
      const reason = e instanceof UnreadableFile ? e.reason : (e as Error).message;
      refuse(from ? `cannot read the extended file ${current} (${reason})` : `cannot read the file (${reason})`);
    }
    const parsed = parseScenarioFile(current, text);
    chain.push(parsed);
    const ext = parsed.value.extends;
    current = typeof ext === 'string' ? resolvePath(current, ext) : undefined;
  }
  let merged: unknown = {};
  for (let i = chain.length - 1; i >= 0; i--) {
    const { extends: _drop, ...own } = chain[i].value;
    merged = mergeScenario(merged, own);
  }
  const result = Scenario.safeParse(merged);
  if (!result.success) {
    const { path, expected } = explainIssue(result.error.issues[0], knownKeysAt);
    throw new InputError(file, path, `${expected} (in the scenario merged from the files it extends)`);
  }
  const scenario = result.data;
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
