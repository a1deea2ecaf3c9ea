// Input files as YAML with line numbers, for every kind of file (scenarios, data, sweeps,
// calibrations): plain YAML 1.2 only — maps, lists, strings, numbers, true/false — with what the
// YAML library leaves to its caller checked in one linear pass: nesting depth, duplicate keys
// (the library's own check compares every key with every other), keys that are names, aliases
// that point backwards and not into themselves, and a bounded number of them.
import { isAlias, isMap, isPair, isScalar, isSeq, LineCounter, parseDocument } from 'yaml';
import type { Document } from 'yaml';
import { InputError } from './errors.ts';
import { YAML_ALIAS_EXPANSION, YAML_ALIASES, YAML_DEPTH } from './limits.ts';

export interface ParsedFile {
  file: string;
  text: string;
  doc: Document;
  lines: LineCounter;
  value: Record<string, unknown>;
}

type Path = (string | number)[];

// YAML 1.2 whatever the file's %YAML directive says, without the 1.1 tags (!!set, !!binary,
// !!timestamp, !!omap) that would give Sets, Buffers and Dates, and without `<<` merge keys
const OPTIONS = { version: '1.2', schema: 'core', resolveKnownTags: false, merge: false, uniqueKeys: false, prettyErrors: false } as const;

const PLAIN = 'expected plain YAML (maps, lists, strings, numbers, true/false)';
const CORE = 'tag:yaml.org,2002:';
const CORE_TAGS = new Set(['str', 'int', 'float', 'bool', 'null', 'map', 'seq'].map((t) => CORE + t));

export function parseYamlFile(file: string, text: string): ParsedFile {
  const lines = new LineCounter();
  const doc = parseDocument(text, { ...OPTIONS, lineCounter: lines });
  const lineAt = (pos: number) => lines.linePos(pos).line;
  // the library reports a stack overflow (deep nesting) at a depth that depends on the stack;
  // the nesting check below refuses such files at the same place every time
  const syntax = doc.errors.find((e) => e.code !== 'RESOURCE_EXHAUSTION');
  if (syntax) throw new InputError(file, [], `invalid YAML: ${syntax.message.split('\n')[0]}`, lineAt(syntax.pos[0]));
  checkNodes(file, doc, lineAt);
  const problem = doc.errors[0] ?? doc.warnings[0];
  if (problem) throw new InputError(file, [], `${PLAIN}: ${problem.message.split('\n')[0]}`, lineAt(problem.pos[0]));
  let value: unknown;
  try {
    value = doc.toJS({ maxAliasCount: YAML_ALIAS_EXPANSION }) ?? {};
  } catch (e) {
    const bomb = /excessive alias count/i.test((e as Error).message);
    throw new InputError(file, [], bomb ? `expected aliases that copy their anchor's content at most ${YAML_ALIAS_EXPANSION} times in all (an alias bomb?)` : `invalid YAML: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new InputError(file, [], 'expected a mapping of fields (name: ..., and so on)', 1);
  return { file, text, doc, lines, value: value as Record<string, unknown> };
}

/** A map key as it ends up in the parsed object. */
function keyName(key: unknown): string | undefined {
  if (key === null) return '';
  if (!isScalar(key)) return undefined;
  return key.value === null ? '' : String(key.value);
}

interface Visit {
  node: unknown;
  path: Path;
  /** set on the marker pushed under an anchored map or list: the anchor is complete when it pops */
  closes?: string;
}

/** One pass over the nodes in document order (children pushed last-first), without recursion. */
function checkNodes(file: string, doc: Document, lineAt: (pos: number) => number): void {
  const fail = (path: Path, node: unknown, expected: string): never => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    throw new InputError(file, path, expected, range ? lineAt(range[0]) : undefined);
  };
  const complete = new Set<string>();
  const open = new Set<string>();
  let aliases = 0;
  const stack: Visit[] = [{ node: doc.contents, path: [] }];
  while (stack.length) {
    const { node, path, closes } = stack.pop()!;
    if (closes !== undefined) {
      open.delete(closes);
      complete.add(closes);
      continue;
    }
    if (node === null || node === undefined) continue;
    if (isAlias(node)) {
      if (++aliases > YAML_ALIASES) fail(path, node, `expected at most ${YAML_ALIASES} aliases in a file`);
      if (open.has(node.source)) fail(path, node, `the alias *${node.source} is inside the map or list it refers to`);
      if (!complete.has(node.source)) fail(path, node, `unknown alias *${node.source} (an anchor &${node.source} must come before it)`);
      continue;
    }
    const { anchor, tag } = node as { anchor?: string; tag?: string };
    if (tag && !CORE_TAGS.has(tag)) fail(path, node, `${PLAIN}, not ${tag.replace(CORE, '!!')}`);
    if (!isMap(node) && !isSeq(node)) {
      if (anchor) complete.add(anchor);
      continue;
    }
    if (path.length >= YAML_DEPTH) fail(path, node, `expected at most ${YAML_DEPTH} levels of maps and lists inside each other`);
    if (anchor) {
      open.add(anchor);
      stack.push({ node: undefined, path, closes: anchor });
    }
    const children: Visit[] = [];
    const seen = new Set<string>();
    const pair = (key: unknown, value: unknown, at: Path) => {
      const name = keyName(key);
      if (name === undefined) fail(at, key, 'expected a name as the key, not a map, a list or an alias');
      if (seen.has(name!)) fail([...at, name!], key, 'duplicate key: each field may appear once');
      seen.add(name!);
      const keyAnchor = (key as { anchor?: string } | null)?.anchor;
      if (keyAnchor) complete.add(keyAnchor);
      children.push({ node: value, path: [...at, name!] });
    };
    if (isMap(node)) for (const p of node.items) pair(p.key, p.value, path);
    else
      node.items.forEach((item, i) => {
        if (isPair(item)) {
          seen.clear(); // `[a: 1, b: 2]` is a list of one-key maps
          pair(item.key, item.value, [...path, i]);
        } else children.push({ node: item, path: [...path, i] });
      });
    for (let i = children.length - 1; i >= 0; i--) stack.push(children[i]);
  }
}

/** Line of the field at `path` in a parsed file (of its key, for a field in a map), or of the closest ancestor that exists. */
export function lineOf(parsed: ParsedFile, path: Path): number | undefined {
  const line = (node: unknown) => {
    const range = (node as { range?: [number, number, number] } | null)?.range;
    return range ? parsed.lines.linePos(range[0]).line : undefined;
  };
  for (let n = path.length; n > 0; n--) {
    const parent = n === 1 ? parsed.doc.contents : parsed.doc.getIn(path.slice(0, n - 1), true);
    const last = path[n - 1];
    if (isMap(parent)) {
      const pair = parent.items.find((p) => keyName(p.key) === String(last));
      const at = pair && line(pair.key);
      if (at) return at;
    } else if (isSeq(parent) && typeof last === 'number') {
      const at = line(parent.items[last]);
      if (at) return at;
    }
  }
  return line(parsed.doc.contents);
}

/** The value at a field path of parsed YAML, undefined where the path leads nowhere. */
export function valueAt(obj: unknown, path: Path): unknown {
  let cur = obj;
  for (const k of path) {
    if (cur === null || typeof cur !== 'object') return undefined;
    cur = (cur as Record<string | number, unknown>)[k];
  }
  return cur;
}
