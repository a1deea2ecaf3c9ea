// The fuzz corpus of input files (issue 11, item 13): seeded and deterministic, built from
// mutations of the shipped scenarios, sweep, calibration and data files and from hostile
// patterns. Each case says what a correct reader must do with it: `refuse` (it is invalid by
// construction), `accept` (it is a shipped file), or `any` (a blind mutation: either, but cleanly).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import seedrandom from 'seedrandom';
import { parse as parseYaml, stringify } from 'yaml';
import { COUNTRIES, ORIGINS, SECTORS } from '../../src/model/entities.ts';
import { LEVERS, LEVER_NAMES } from '../../src/model/levers.ts';
import type { LeverName } from '../../src/model/levers.ts';
import { PARAMETERS, PARAMETER_NAMES } from '../../src/model/parameters.ts';
import type { ParameterName } from '../../src/model/parameters.ts';
import { ROOT } from '../helpers/scenario.ts';

export type Kind = 'scenario' | 'sweep' | 'calibration';
export type Expect = 'refuse' | 'accept' | 'any';

/** A file of a case, relative to the case's folder; `@CASE@` in a text is that folder's path. */
export interface FuzzFile {
  path: string;
  text?: string;
  bytes?: Uint8Array;
  /** a named pipe */
  fifo?: boolean;
  /** a sparse file of this many bytes */
  size?: number;
  /** a symbolic link to this target */
  link?: string;
  folder?: boolean;
}

export interface FuzzCase {
  id: string;
  kind: Kind;
  expect: Expect;
  entry: string;
  files: FuzzFile[];
  /** time limit of the case, ms (default: DEFAULT_LIMIT_MS) */
  limitMs?: number;
}

export const DEFAULT_LIMIT_MS = 10_000;
const HUGE_LIMIT_MS = 30_000;

type Rng = () => number;
type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type Path = (string | number)[];

const pick = <T>(rng: Rng, list: readonly T[]): T => list[Math.floor(rng() * list.length)];
const int = (rng: Rng, lo: number, hi: number) => lo + Math.floor(rng() * (hi - lo + 1));

// ---- sources: the shipped files, with their relative paths made absolute ----

const SCENARIO_DIR = join(ROOT, 'scenarios');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

function prepareScenario(text: string): string {
  const withExtends = text.replace(/^(extends|data): (\S+)$/gm, (_, key: string, rel: string) => `${key}: ${join(SCENARIO_DIR, rel)}`);
  return /^(extends|data):/m.test(withExtends) ? withExtends : `${withExtends}\ndata: ${join(SCENARIO_DIR, 'data')}\n`;
}

const SCENARIOS = readdirSync(SCENARIO_DIR).filter((f) => f.endsWith('.yaml')).sort().map((f) => ({ name: f.replace('.yaml', ''), text: prepareScenario(read(`scenarios/${f}`)) }));
const SWEEP = read('sweeps/enforcement-fees.yaml').replace('scenario: ../scenarios/baseline.yaml', `scenario: ${SCENARIO_DIR}/baseline.yaml`);
const CALIBRATION = read('calibration/baseline.yaml')
  .replace('scenario: ../scenarios/baseline.yaml', `scenario: ${SCENARIO_DIR}/baseline.yaml`)
  .replaceAll('file: ../scenarios/data/', `file: ${SCENARIO_DIR}/data/`)
  .replace('  scenario: ../scenarios/calibrated.yaml', `  scenario: ${SCENARIO_DIR}/calibrated.yaml`)
  .replace('posterior: baseline.posterior.json', 'posterior: posterior.json');
const DATA_FILES = ['origins.yaml', 'routes.yaml', 'sectors.yaml', 'indicators.csv'];
const DATA = Object.fromEntries(DATA_FILES.map((f) => [f, read(`scenarios/data/${f}`)]));
const BASELINE = `${SCENARIO_DIR}/baseline.yaml`;

/** Every key a shipped file uses, every name the model knows: a typo must be none of them. */
const KNOWN = new Set<string>([...PARAMETER_NAMES, ...LEVER_NAMES, ...ORIGINS, ...SECTORS, ...COUNTRIES, 'default', 'value', 'steps', 'ramp', 'expr', 'initial']);
function collectKeys(v: unknown): void {
  if (Array.isArray(v)) v.forEach(collectKeys);
  else if (v && typeof v === 'object')
    for (const [k, x] of Object.entries(v)) {
      KNOWN.add(k);
      collectKeys(x);
    }
}
[...SCENARIOS.map((s) => s.text), SWEEP, CALIBRATION, DATA['origins.yaml'], DATA['routes.yaml'], DATA['sectors.yaml']].forEach((t) => collectKeys(parseYaml(t)));

// ---- structure-aware mutations of a parsed file ----

function walk(v: Json, path: Path, out: { leaves: Path[]; maps: Path[] }): void {
  if (Array.isArray(v)) v.forEach((x, i) => walk(x, [...path, i], out));
  else if (v && typeof v === 'object') {
    out.maps.push(path);
    for (const [k, x] of Object.entries(v)) walk(x, [...path, k], out);
  } else out.leaves.push(path);
}

function get(v: Json, path: Path): Json {
  return path.reduce<Json>((cur, k) => (cur as Record<string | number, Json>)[k], v);
}

function set(v: Json, path: Path, value: Json): Json {
  const copy = structuredClone(v);
  (get(copy, path.slice(0, -1)) as Record<string | number, Json>)[path[path.length - 1]] = value;
  return copy;
}

const DATE = /^\d{4}-\d{2}(-\d{2})?$/;

/** A value of another type than `v`: always refused where `v` was valid. */
function otherType(rng: Rng, v: Json): Json {
  const options: Json[] = [null, [1], { zz_field: 1 }];
  if (typeof v !== 'string') options.push('abc');
  if (typeof v !== 'number') options.push(12.5);
  if (typeof v !== 'boolean') options.push(true);
  return pick(rng, options);
}

function typo(rng: Rng, key: string): string | undefined {
  for (let attempt = 0; attempt < 10; attempt++) {
    const i = int(rng, 0, key.length - 1);
    const variants = [
      key.slice(0, i) + key.slice(i + 1),
      key.slice(0, i) + key[i] + key.slice(i),
      i + 1 < key.length ? key.slice(0, i) + key[i + 1] + key[i] + key.slice(i + 2) : key + 'x',
      key.slice(0, i) + (key[i] === key[i].toUpperCase() ? key[i].toLowerCase() : key[i].toUpperCase()) + key.slice(i + 1),
    ];
    const t = pick(rng, variants);
    if (t && t !== key && !KNOWN.has(t)) return t;
  }
  return undefined;
}

function rename(v: Json, path: Path, to: string): Json {
  const copy = structuredClone(v);
  const parent = get(copy, path.slice(0, -1)) as Record<string, Json>;
  const entries = Object.entries(parent).map(([k, x]) => [k === path[path.length - 1] ? to : k, x]);
  for (const k of Object.keys(parent)) delete parent[k];
  for (const [k, x] of entries) parent[k as string] = x as Json;
  return copy;
}

interface Mutated {
  how: string;
  value: Json;
}

/** The structural mutations every kind of file gets: a wrong type, an unknown field, a misspelt key. */
function structural(rng: Rng, value: Json, records: (path: Path) => boolean): Mutated | undefined {
  const out = { leaves: [] as Path[], maps: [] as Path[] };
  walk(value, [], out);
  const { leaves, maps } = out;
  switch (int(rng, 0, 2)) {
    case 0: {
      const path = pick(rng, leaves);
      return { how: `wrong type at ${path.join('.')}`, value: set(value, path, otherType(rng, get(value, path))) };
    }
    case 1: {
      const path = pick(rng, maps);
      return { how: `unknown field at ${path.join('.') || '(top)'}`, value: set(value, [...path, `zz_unknown${int(rng, 0, 999)}`], 1) };
    }
    default: {
      const candidates = maps.filter((p) => !records(p) && Object.keys(get(value, p) as object).length);
      if (!candidates.length) return undefined;
      const path = pick(rng, candidates);
      const key = pick(rng, Object.keys(get(value, path) as object));
      const to = typo(rng, key);
      return to === undefined ? undefined : { how: `typo ${key} → ${to} at ${path.join('.') || '(top)'}`, value: rename(value, [...path, key], to) };
    }
  }
}

const BAD_DATES = ['0019-01', '0099-12', '0000-01', '1899-12', '2101-01', '9999-12', '2025-13', '2025-00', '2023-02-30', '2025-1', '25-01', '2025/01', '2025-01-32'];

function outside(rng: Rng, spec: { min: number; max: number }): number | undefined {
  const sides: number[] = [];
  if (Number.isFinite(spec.max)) sides.push(spec.max + Math.abs(spec.max) + 1);
  if (Number.isFinite(spec.min)) sides.push(spec.min - Math.abs(spec.min) - 1);
  return sides.length ? pick(rng, sides) : undefined;
}

/** Out-of-range values in a scenario: a lever or parameter value, a date, the scale, the seed. */
function scenarioOutOfRange(rng: Rng, value: Json): Mutated | undefined {
  const out = { leaves: [] as Path[], maps: [] as Path[] };
  walk(value, [], out);
  const numbers = out.leaves.filter((p) => (p[0] === 'levers' || p[0] === 'parameters') && typeof get(value, p) === 'number');
  const dates = out.leaves.filter((p) => typeof get(value, p) === 'string' && DATE.test(get(value, p) as string));
  switch (int(rng, 0, 3)) {
    case 0: {
      if (!numbers.length) return undefined;
      const path = pick(rng, numbers);
      const spec = path[0] === 'levers' ? LEVERS[path[1] as LeverName] : PARAMETERS[path[1] as ParameterName];
      const x = outside(rng, spec);
      return x === undefined ? undefined : { how: `out of range ${x} at ${path.join('.')}`, value: set(value, path, x) };
    }
    case 1: {
      if (!dates.length) return undefined;
      const path = pick(rng, dates);
      const bad = pick(rng, BAD_DATES);
      return { how: `bad date ${bad} at ${path.join('.')}`, value: set(value, path, bad) };
    }
    case 2: {
      const x = pick(rng, [0, -1, 2.5, 4_112_200, 1e12]); // just above El Salvador's adults (the smallest origin)
      return { how: `scale ${x}`, value: set(value, ['scale'], x) };
    }
    default: {
      const x = pick(rng, [-1, 0.5, 1e300]);
      return { how: `seed ${x}`, value: set(value, ['seed'], x) };
    }
  }
}

// ---- blind text mutations ----

const NOISE = [':', ' ', '\n', '{', '}', '[', ']', '-', '&a', '*a', '!!', '#', '"', "'", '|', '>', '%', '@', '`', '\t', '\u0000', '\u001b', ',', '?', '0', '1e999', 'null', '~'];

function textMutation(rng: Rng, text: string): string {
  const lines = text.split('\n');
  const n = int(rng, 1, 3);
  for (let k = 0; k < n; k++) {
    const i = int(rng, 0, lines.length - 1);
    switch (int(rng, 0, 6)) {
      case 0:
        lines.splice(i, 1);
        break;
      case 1:
        lines.splice(i, 0, lines[i]);
        break;
      case 2: {
        const j = int(rng, 0, lines.length - 1);
        [lines[i], lines[j]] = [lines[j], lines[i]];
        break;
      }
      case 3: {
        const at = int(rng, 0, lines[i].length);
        lines[i] = lines[i].slice(0, at) + pick(rng, NOISE) + lines[i].slice(at);
        break;
      }
      case 4:
        lines.length = i + 1;
        lines[i] = lines[i].slice(0, int(rng, 0, lines[i].length));
        break;
      case 5:
        lines[i] = rng() < 0.5 ? `  ${lines[i]}` : lines[i].replace(/^ {1,2}/, '');
        break;
      default: {
        const at = int(rng, 0, Math.max(0, lines[i].length - 1));
        lines[i] = lines[i].slice(0, at) + String.fromCharCode(int(rng, 0, 0x3000)) + lines[i].slice(at + 1);
      }
    }
  }
  return lines.join('\n');
}

// ---- hostile patterns ----

const INVALID_UTF8 = [[0xff], [0xc3, 0x28], [0xe2, 0x82], [0x80], [0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xf8, 0x88, 0x80, 0x80, 0x80]];

function nested(rng: Rng, depth: number): string {
  const indented = Math.min(depth, 700); // indentation grows with the depth: 700 levels stay under 1 MB
  switch (int(rng, 0, 3)) {
    case 0:
      return `levers:\n  enforcement: ${'['.repeat(depth)}${']'.repeat(depth)}\n`;
    case 1:
      return `levers:\n  enforcement: ${'{a: '.repeat(depth)}1${'}'.repeat(depth)}\n`;
    case 2:
      return `parameters:\n${Array.from({ length: indented }, (_, i) => `${' '.repeat(2 * i + 2)}a${i}:`).join('\n')} 1\n`;
    default:
      return `levers:\n  enforcement:\n${Array.from({ length: indented }, (_, i) => `${' '.repeat(2 * i + 4)}-`).join('\n')} 1\n`;
  }
}

function laughs(levels: number, fanout: number): string {
  const lines = [`a0: &a0 [${Array(fanout).fill('lol').join(', ')}]`];
  for (let i = 1; i < levels; i++) lines.push(`a${i}: &a${i} [${Array(fanout).fill(`*a${i - 1}`).join(', ')}]`);
  return `levers:\n  enforcement:\n${lines.map((l) => `    ${l}`).join('\n')}\n`;
}

const TAGS = ['!!set { a, b }', '!!binary aGVsbG8=', '!!timestamp 2025-01-01', '!!omap [ {a: 1} ]', '!!pairs [ {a: 1} ]', '!custom 1', '!<tag:yaml.org,2002:js/function> "x"', '!!float 1', '!!python/object:os.system ls'];

const BAD_EXPRESSIONS = [
  'min(t, "a")', 'round(t, 100)', 'abs()', 'sqrt(t - 3000)', '1 / 0', 'log(0)', 't ^ 1e6', 'e ^ e ^ e ^ e ^ e', 'import("fs")', 'evaluate("1")',
  'f(x) = x', 'x = 1', '[1, 2]', '{a: 1}', 't.x', '"a"', 'null', 'undefined', 'foo(t)', 'x + 1', 't +', '(((t)', Array(3000).fill('1').join('+'),
  '-'.repeat(600) + 't', '('.repeat(40) + 't' + ')'.repeat(40), 'max(t, [1])', 'cos(t, 1, 2)', 'mod(t, 0) + 1 / 0', 'sin', 'pi()', 't ? "a" : 1',
];
const EXPR_TOKENS = ['t', 'w', '(', ')', '+', '*', '-', '/', '^', '?', ':', '1', '2.5', 'sin(', 'clamp(', 'min(', ',', '>', '==', 'and', 'not', 'e', 'pi', '2025', '%', '!', ' '];

/** Where a hostile `extends:` may point; `@CASE@` is the case's folder. */
const HOSTILE_EXTENDS: [string, Expect][] = [
  ['.', 'refuse'], ['..', 'refuse'], ['/', 'refuse'], ['@CASE@/', 'refuse'], ['/dev/zero', 'refuse'], ['/dev/null', 'refuse'],
  ['/dev/tty', 'refuse'], ['/proc/self/mem', 'refuse'], ['/proc/self/status', 'refuse'], ['/etc/passwd', 'refuse'], ['/etc/shadow', 'refuse'],
  ['fifo.yaml', 'refuse'], ['loop1.yaml', 'refuse'], ['zero-link.yaml', 'refuse'], ['missing.yaml', 'refuse'], ['x'.repeat(5000), 'refuse'], ['self.yaml', 'refuse'],
  ['https://example.com/x.yaml', 'refuse'], ['C:\\\\x.yaml', 'refuse'], ['~/x.yaml', 'refuse'], [`${BASELINE}/x.yaml`, 'refuse'], ['huge.yaml', 'refuse'],
  [`${ROOT}sweeps/enforcement-fees.yaml`, 'refuse'], [`${ROOT}calibration/baseline.yaml`, 'refuse'], ['empty.yaml', 'any'], ['a\u0000b', 'refuse'], ['\u001b[31m.yaml', 'refuse'],
];
const HOSTILE_EXTENDS_FILES: FuzzFile[] = [
  { path: 'fifo.yaml', fifo: true }, { path: 'loop1.yaml', link: 'loop2.yaml' }, { path: 'loop2.yaml', link: 'loop1.yaml' },
  { path: 'zero-link.yaml', link: '/dev/zero' }, { path: 'huge.yaml', size: 1024 * 1024 + 1 }, { path: 'empty.yaml', text: '' },
];
const HOSTILE_DATA = ['', '.', '/', '/etc', '/dev', '/dev/zero', '/dev/null', BASELINE, 'missing', 'fifo-data', 'zero-data', 'folder-data', 'sparse-data', 'no-indicators', 'x'.repeat(5000)];

export function generateCorpus(seed = 'corridor-fuzz-1'): FuzzCase[] {
  const rng = seedrandom(seed);
  const cases: FuzzCase[] = [];
  const add = (c: Omit<FuzzCase, 'id'> & { id: string }) => cases.push({ ...c, id: `${cases.length}:${c.id}` });
  const scenario = (id: string, expect: Expect, text: string | Uint8Array, extra: FuzzFile[] = [], limitMs?: number) =>
    add({ id, kind: 'scenario', expect, entry: 'case.yaml', files: [typeof text === 'string' ? { path: 'case.yaml', text } : { path: 'case.yaml', bytes: text }, ...extra], limitMs });
  /** `case.yaml` is one of `files` (a sparse file, say) */
  const scenarioOf = (id: string, expect: Expect, files: FuzzFile[]) => add({ id, kind: 'scenario', expect, entry: 'case.yaml', files });
  const onBaseline = (body: string) => `extends: ${BASELINE}\n${body}`;

  // the shipped files are accepted
  for (const s of SCENARIOS) scenario(`shipped ${s.name}`, 'accept', s.text);
  add({ id: 'shipped sweep', kind: 'sweep', expect: 'accept', entry: 'case.yaml', files: [{ path: 'case.yaml', text: SWEEP }] });
  add({ id: 'shipped calibration', kind: 'calibration', expect: 'accept', entry: 'case.yaml', files: [{ path: 'case.yaml', text: CALIBRATION }] });

  // structural mutations and out-of-range values of every shipped scenario
  for (const s of SCENARIOS) {
    const value = parseYaml(s.text) as Json;
    for (let k = 0; k < 48; k++) {
      const m = structural(rng, value, () => false);
      if (m) scenario(`${s.name}: ${m.how}`, 'refuse', stringify(m.value));
    }
    for (let k = 0; k < 14; k++) {
      const m = scenarioOutOfRange(rng, value);
      if (m) scenario(`${s.name}: ${m.how}`, 'refuse', stringify(m.value));
    }
    for (let k = 0; k < 8; k++) scenario(`${s.name}: text mutation ${k}`, 'any', textMutation(rng, s.text));
    for (let k = 0; k < 2; k++) {
      const bytes = Buffer.from(s.text);
      const at = int(rng, 0, bytes.length);
      scenario(`${s.name}: invalid UTF-8`, 'refuse', Buffer.concat([bytes.subarray(0, at), Buffer.from(pick(rng, INVALID_UTF8)), bytes.subarray(at)]));
    }
  }

  // sweeps: structural, out of range, hostile references, blind
  const sweep = (id: string, expect: Expect, text: string, extra: FuzzFile[] = []) => add({ id, kind: 'sweep', expect, entry: 'case.yaml', files: [{ path: 'case.yaml', text }, ...extra] });
  const sweepValue = parseYaml(SWEEP) as Json;
  for (let k = 0; k < 130; k++) {
    const m = structural(rng, sweepValue, (p) => p[0] === 'outcomes');
    if (m) sweep(`sweep: ${m.how}`, 'refuse', stringify(m.value));
  }
  const sweepBad: [string, (v: Record<string, any>) => void][] = [
    ['samples 0', (v) => (v.samples = 0)], ['samples 2.5', (v) => (v.samples = 2.5)], ['samples 400000', (v) => (v.samples = 400_000)], ['replications 0', (v) => (v.replications = 0)],
    ['replications 2e6', (v) => (v.replications = 2e6)], ['design factorial', (v) => (v.design = 'factorial')], ['morris levels 3', (v) => ((v.design = 'morris'), (v.morris_levels = 3))],
    ['grid samples 1', (v) => ((v.design = 'grid'), (v.samples = 1))], ['grid explosion', (v) => ((v.design = 'grid'), (v.samples = 40))],
    ['period year 0024', (v) => (v.period.start = '0024-01')], ['period reversed', (v) => (v.period = { start: '2026-01', end: '2024-12' })], ['period month 13', (v) => (v.period.end = '2025-13')],
    ['scale 0', (v) => (v.scale = 0)], ['scale 5e6', (v) => (v.scale = 5e6)], ['seed -1', (v) => (v.seed = -1)],
    ['range below', (v) => (v.parameters[0].range = [-5, 1])], ['range reversed', (v) => (v.parameters[1].range = [2, 1])], ['levels above', (v) => (v.parameters[0].levels = [1, 99])],
    ['log with 0', (v) => ((v.parameters[0].range = [0, 1]), (v.parameters[0].log = true))], ['entity XXX', (v) => (v.parameters[0].name = 'enforcement.XXX')],
    ['three-part name', (v) => (v.parameters[0].name = 'enforcement.RGV.x')], ['duplicate parameter', (v) => v.parameters.push({ ...v.parameters[0] })], ['no parameters', (v) => (v.parameters = [])],
    ['no outcomes', (v) => (v.outcomes = {})], ['scenario folder', (v) => (v.scenario = SCENARIO_DIR)], ['scenario /dev/zero', (v) => (v.scenario = '/dev/zero')],
    ['scenario fifo', (v) => (v.scenario = 'fifo.yaml')], ['scenario missing', (v) => (v.scenario = 'missing.yaml')], ['scenario is the sweep', (v) => (v.scenario = 'case.yaml')],
    ['too many outcomes', (v) => (v.outcomes = Object.fromEntries(Array.from({ length: 101 }, (_, i) => [`o${i}`, 'sum(deaths[2025])'])))],
  ];
  for (const [how, f] of sweepBad) {
    const v = structuredClone(sweepValue) as Record<string, any>;
    f(v);
    sweep(`sweep: ${how}`, 'refuse', stringify(v), [{ path: 'fifo.yaml', fifo: true }]);
  }
  const BAD_OUTCOMES = ['sum(encounters[2031])', 'sum(encounter[2025])', 'encounters', 'encounters[2025]', 'round(sum(deaths[2025]), 100)', 'sum("a")', '1 +', '', 'x = 1', 'evaluate("1")', 'sum()', Array(600).fill('deaths').join('+'), 'mean(deaths[2025]) ? [1] : 2', 'sum(deaths[0025])'];
  for (const bad of BAD_OUTCOMES) sweep(`sweep: outcome ${bad.slice(0, 40)}`, 'refuse', SWEEP.replace('sum(encounters[2025])', JSON.stringify(bad)));
  for (let k = 0; k < 40; k++) sweep(`sweep: text mutation ${k}`, 'any', textMutation(rng, SWEEP));

  // calibrations: structural, out of range, hostile references, blind
  const calibration = (id: string, expect: Expect, text: string, extra: FuzzFile[] = []) => add({ id, kind: 'calibration', expect, entry: 'case.yaml', files: [{ path: 'case.yaml', text }, ...extra] });
  const calValue = parseYaml(CALIBRATION) as Json;
  for (let k = 0; k < 130; k++) {
    const m = structural(rng, calValue, () => false);
    if (m) calibration(`calibration: ${m.how}`, 'refuse', stringify(m.value));
  }
  const dataAt = (file: string) => [{ file, column: 'encounters', measure: 'all' }];
  const calBad: [string, (v: Record<string, any>) => void][] = [
    ['particles 3', (v) => (v.method.particles = 3)], ['particles 6000', (v) => (v.method.particles = 6000)], ['generations 0', (v) => (v.method.generations = 0)],
    ['generations 20000', (v) => (v.method.generations = 20_000)], ['quantile 0', (v) => (v.method.quantile = 0)], ['quantile 1', (v) => (v.method.quantile = 1)], ['budget 0', (v) => (v.method.budget = 0)],
    ['method cmaes', (v) => (v.method = { name: 'cmaes', population: 8, generations: 3, sigma0: 0.2 })],
    ['window reversed', (v) => (v.window = { start: '2023-12', end: '2020-10' })], ['simulationStart late', (v) => (v.simulationStart = '2021-01')], ['window year 0020', (v) => (v.window.start = '0020-10')],
    ['bounds outside', (v) => (v.parameters.oddsEffect = { min: 0, max: 60 })], ['min above max', (v) => (v.parameters.oddsEffect = { min: 5, max: 1 })], ['log with 0', (v) => (v.parameters.oddsEffect = { min: 0, max: 1, log: true })],
    ['unknown parameter', (v) => (v.parameters.zzz = { min: 0, max: 1 })], ['origin XXX', (v) => (v.parameters['baseHazard.XXX'] = { min: 0, max: 1e-4 })], ['no parameters', (v) => (v.parameters = {})],
    ['replications (gone)', (v) => (v.replications = 2)], ['offset -1', (v) => (v.loss.offset = -1)], ['band reversed', (v) => (v.constraints.deathsPerYear = { min: 9, max: 1, weight: 1 })],
    ['band period outside', (v) => (v.constraints.deathsPerYear = { min: 1, max: 9, weight: 1, period: { start: '2000-01', end: '2001-01' } })],
    ['backtest origin outside', (v) => (v.backtest.origins = ['2030-01'])], ['data not a list', (v) => (v.data = 'observed.csv')], ['data measure unknown', (v) => (v.data[0].measure = 'some')],
    ['scale 0', (v) => (v.scale = 0)], ['scale 5e6', (v) => (v.scale = 5e6)], ['seed -1', (v) => (v.seed = -1)], ['data folder', (v) => (v.data = dataAt(SCENARIO_DIR))], ['data /dev/zero', (v) => (v.data = dataAt('/dev/zero'))],
    ['data fifo', (v) => (v.data = dataAt('fifo.csv'))], ['data sparse', (v) => (v.data = dataAt('sparse.csv'))], ['data binary', (v) => (v.data = dataAt('binary.csv'))], ['data other origin', (v) => (v.data = dataAt('bad-origin.csv'))],
    ['data missing months', (v) => (v.data = dataAt('short.csv'))], ['scenario folder', (v) => (v.scenario = SCENARIO_DIR)], ['scenario fifo', (v) => (v.scenario = 'fifo.csv')], ['scenario missing', (v) => (v.scenario = 'missing.yaml')],
    ['output scenario missing', (v) => (v.output.scenario = 'missing.yaml')], ['output scenario /dev/null', (v) => (v.output.scenario = '/dev/null')],
  ];
  const calFiles: FuzzFile[] = [
    { path: 'fifo.csv', fifo: true }, { path: 'sparse.csv', size: 20 * 1024 * 1024 + 1 }, { path: 'binary.csv', bytes: Uint8Array.from({ length: 2048 }, () => int(rng, 0, 255)) },
    { path: 'bad-origin.csv', text: 'month,origin,encounters\n2020-10,XXX,5\n' }, { path: 'short.csv', text: 'month,origin,encounters\n2020-10,MEX,5\n' },
  ];
  for (const [how, f] of calBad) {
    const v = structuredClone(calValue) as Record<string, any>;
    f(v);
    calibration(`calibration: ${how}`, 'refuse', stringify(v), calFiles);
  }
  for (let k = 0; k < 40; k++) calibration(`calibration: text mutation ${k}`, 'any', textMutation(rng, CALIBRATION));

  // world data: a copy of the shipped folder with one file mutated or replaced
  const dataCase = (id: string, expect: Expect, files: Record<string, string>) =>
    scenario(id, expect, onBaseline('data: world\n'), DATA_FILES.map((f) => ({ path: `world/${f}`, text: files[f] ?? DATA[f] })));
  for (const f of ['origins.yaml', 'routes.yaml', 'sectors.yaml']) {
    const value = parseYaml(DATA[f]) as Json;
    for (let k = 0; k < 20; k++) {
      const m = structural(rng, value, () => false);
      if (m) dataCase(`data ${f}: ${m.how}`, 'refuse', { [f]: stringify(m.value) });
    }
    for (let k = 0; k < 5; k++) dataCase(`data ${f}: text mutation`, 'any', { [f]: textMutation(rng, DATA[f]) });
  }
  const indicators = DATA['indicators.csv'];
  dataCase('indicators: bad header', 'refuse', { 'indicators.csv': indicators.replace('indicator,origin', 'indicator;origin') });
  dataCase('indicators: a value not a number', 'refuse', { 'indicators.csv': indicators.replace(/\n([^,\n]+,[^,\n]+,\d{4}),[^,\n]+/, '\n$1,abc') });
  dataCase('indicators: a year not a number', 'refuse', { 'indicators.csv': indicators.replace(/\n([^,\n]+,[^,\n]+),\d{4}/, '\n$1,20x5') });
  dataCase('indicators: no MEX homicide rows', 'refuse', { 'indicators.csv': indicators.split('\n').filter((l) => !l.startsWith('homicide_per_100k,MEX,')).join('\n') });
  dataCase('indicators: empty', 'refuse', { 'indicators.csv': '' });
  for (let k = 0; k < 10; k++) dataCase('indicators: text mutation', 'any', { 'indicators.csv': textMutation(rng, indicators) });
  const dataFolders: FuzzFile[] = [
    { path: 'fifo-data', folder: true }, { path: 'fifo-data/origins.yaml', fifo: true },
    { path: 'zero-data', folder: true }, { path: 'zero-data/origins.yaml', link: '/dev/zero' },
    { path: 'folder-data/origins.yaml', folder: true },
    { path: 'sparse-data', folder: true }, ...DATA_FILES.slice(0, 3).map((f) => ({ path: `sparse-data/${f}`, text: DATA[f] })), { path: 'sparse-data/indicators.csv', size: 20 * 1024 * 1024 + 1 },
    ...DATA_FILES.slice(0, 3).map((f) => ({ path: `no-indicators/${f}`, text: DATA[f] })),
  ];
  for (const data of HOSTILE_DATA) for (const place of [0, 1]) scenario(`data: ${data.slice(0, 40)}`, 'refuse', place ? onBaseline(`data: ${JSON.stringify(data)}\n`) : `data: ${JSON.stringify(data)}\nextends: ${BASELINE}\n`, dataFolders);

  // hostile extends
  for (const [target, expect] of HOSTILE_EXTENDS)
    for (const place of [0, 1])
      scenario(`extends: ${target.slice(0, 40)}`, expect, place ? `name: hostile\nextends: ${JSON.stringify(target)}\n` : `extends: ${JSON.stringify(target)}\nlevers: { enforcement: 1.1 }\n`, [...HOSTILE_EXTENDS_FILES, { path: 'self.yaml', text: 'extends: self.yaml\n' }]);
  scenario('extends: a cycle', 'refuse', 'extends: b.yaml\n', [{ path: 'b.yaml', text: 'extends: case.yaml\n' }]);
  scenario('extends: a chain of 40', 'refuse', 'extends: c1.yaml\n', Array.from({ length: 40 }, (_, i) => ({ path: `c${i + 1}.yaml`, text: i < 39 ? `extends: c${i + 2}.yaml\n` : onBaseline('') })));
  for (const bad of ['""', '5', '[a]', 'null', '{a: 1}', 'true']) scenario(`extends: ${bad}`, 'refuse', `extends: ${bad}\ndata: ${SCENARIO_DIR}/data\n`);

  // YAML: binary, nesting, aliases, tags, duplicates, documents, numbers, keys
  for (let k = 0; k < 30; k++) scenario('binary', 'refuse', Uint8Array.from({ length: int(rng, 1, 4096) }, () => int(rng, 0, 255)));
  for (let k = 0; k < 30; k++) {
    const depth = pick(rng, [65, 80, 200, 1000, 5000, 20_000]);
    scenario(`nesting ${depth}`, 'refuse', onBaseline(nested(rng, depth)), [], depth > 10_000 ? HUGE_LIMIT_MS : undefined);
  }
  for (let k = 0; k < 12; k++) scenario('alias bomb', 'refuse', onBaseline(laughs(int(rng, 3, 9), int(rng, 5, 12))));
  for (const body of ['levers:\n  enforcement: *nowhere\n', 'levers: &l\n  enforcement: *l\n', 'a: &a [1, *a]\n', '*x : 1\n', 'levers:\n  enforcement: &e [*e]\n'])
    scenario('alias unknown or circular', 'refuse', onBaseline(body));
  scenario('aliases over 1000', 'refuse', onBaseline(`levers:\n  enforcement: &e 1.2\n${Array.from({ length: 1001 }, (_, i) => `description${i}: *e`).join('\n')}\n`));
  scenario('aliases as YAML allows', 'accept', onBaseline('levers:\n  enforcement: &e 1.2\n  barriers: *e\n'));
  for (const tag of TAGS) for (const place of ['levers', 'description', 'seed']) scenario(`tag ${tag}`, 'refuse', onBaseline(`${place}: ${tag}\n`));
  scenario('%YAML 1.1 booleans and timestamps', 'refuse', `%YAML 1.1\n---\nextends: ${BASELINE}\nseed: yes\n`);
  for (let k = 0; k < 10; k++) {
    const s = pick(rng, SCENARIOS);
    const lines = s.text.split('\n');
    const keyed = lines.map((l, i) => [l, i] as const).filter(([l]) => /^\s*[A-Za-z]\w*:/.test(l) && !l.trim().startsWith('#'));
    if (!keyed.length) continue;
    const [line, i] = pick(rng, keyed);
    lines.splice(i + 1, 0, line);
    // a duplicated line that opens a block keeps its block under the copy only: still a duplicate key
    scenario(`${s.name}: duplicate key line ${i + 1}`, 'refuse', lines.join('\n'));
  }
  scenario('two documents', 'refuse', onBaseline('---\nname: two\n'));
  for (const n of ['.inf', '-.inf', '.nan', '1e400', '"1.2"', '1_000']) for (const place of ['seed', 'scale', 'levers:\n  enforcement']) scenario(`number ${n} at ${place}`, 'refuse', onBaseline(`${place}: ${n}\n`));
  for (const key of ['__proto__', 'constructor', 'prototype', 'toString', 'hasOwnProperty', '\u001b[31mred', 'bell\u0007', 'rtl\u202eexe', 'cr\rlf', ''])
    for (const place of ['', 'levers', 'parameters', 'period']) scenario(`key ${JSON.stringify(key)} in ${place || 'top'}`, 'refuse', onBaseline(place ? `${place}:\n  ${JSON.stringify(key)}: 1\n` : `${JSON.stringify(key)}: 1\n`));
  scenario('keys that are lists', 'refuse', onBaseline('? [a, b]\n: 1\n'));
  scenario('keys that are maps', 'refuse', onBaseline('levers:\n  ? {a: 1}\n  : 1\n'));

  // expressions
  const numericLevers = LEVER_NAMES.filter((n) => LEVERS[n].min <= 1 && LEVERS[n].max >= 1);
  for (const expr of BAD_EXPRESSIONS) for (let k = 0; k < 2; k++) scenario(`expression ${expr.slice(0, 40)}`, 'refuse', onBaseline(`levers:\n  ${pick(rng, numericLevers)}: { expr: ${JSON.stringify(expr)} }\n`));
  for (let k = 0; k < 150; k++) {
    const expr = Array.from({ length: int(rng, 1, 40) }, () => pick(rng, EXPR_TOKENS)).join('');
    scenario(`expression salad ${expr.slice(0, 40)}`, 'any', onBaseline(`levers:\n  ${pick(rng, numericLevers)}: { expr: ${JSON.stringify(expr)} }\n`));
  }
  scenario('a negative ramp start', 'refuse', onBaseline('levers:\n  enforcement: { ramp: { from: 2010-01, to: 2011-01, start: -1, end: 1 } }\n'));
  for (const from of ['0000-01', '0019-06', '0099-12']) scenario(`years ${from}`, 'refuse', onBaseline(`period: { start: ${from}, end: 2020-01, warmStart: ${from} }\n`));

  // huge files
  scenarioOf('huge: 1.1 MB, sparse', 'refuse', [{ path: 'case.yaml', size: 1_150_000 }]);
  scenario('huge: 1.1 MB of text', 'refuse', onBaseline(`description: "${'x'.repeat(1_150_000)}"\n`), [], HUGE_LIMIT_MS);
  scenario('huge: 40,000 keys', 'refuse', onBaseline(Array.from({ length: 40_000 }, (_, i) => `k${i}: 1`).join('\n')), [], HUGE_LIMIT_MS);
  scenario('huge: a steps list of 12,000', 'refuse', onBaseline(`levers:\n  barriers:\n    steps:\n${Array.from({ length: 12_000 }, (_, i) => `      - {from: ${2000 + (i % 100)}-01, value: 1}`).join('\n')}\n`), [], HUGE_LIMIT_MS);
  scenario('huge: a 900 KB description', 'accept', onBaseline(`description: "${'x'.repeat(900 * 1024)}"\n`), [], HUGE_LIMIT_MS);
  // 62 series of 300-node expressions over 588 weeks: 11.7 million operations
  const byEntity: [LeverName, readonly string[]][] = [['enforcement', SECTORS], ['barriers', SECTORS], ['expulsionShare', ORIGINS], ['violenceMultiplier', ORIGINS], ['incomeMultiplier', ORIGINS], ['airToMexico', ORIGINS]];
  const terms = Array.from({ length: 75 }, (_, i) => `${i % 10}*0`).join('+');
  let distinct = 0; // an expression used twice is evaluated and counted once
  const expressions = byEntity.map(([lever, entities]) => `  ${lever}:\n${entities.map((e) => `    ${e}: { expr: "${terms}+${distinct++}*0+${LEVERS[lever].default}" }`).join('\n')}`);
  scenario('huge: too many expressions for the budget', 'refuse', onBaseline(`levers:\n${expressions.join('\n')}\n`), [], HUGE_LIMIT_MS);
  return cases;
}
