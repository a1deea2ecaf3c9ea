// Errors in input files that a person can act on: file, line, field path, what was expected.
// One line each: what came from the input (a key, a value, a path) is shown with its control
// characters escaped, so a file cannot move the cursor, recolour the terminal or add lines.
import type { z } from 'zod';

export class InputError extends Error {
  constructor(
    readonly file: string,
    readonly fieldPath: (string | number)[],
    readonly expected: string,
    readonly line?: number,
  ) {
    super(formatInputError(file, fieldPath, expected, line));
    this.name = 'InputError';
  }
}

function formatInputError(file: string, fieldPath: (string | number)[], expected: string, line?: number): string {
  const where = line ? `${file}:${line}` : file;
  const field = fieldPath.length ? fieldPath.map((k) => shorten(String(k))).join('.') : '(top level)';
  return escapeControl(`${where}: ${field}: ${expected}`);
}

/** A file that could not be read, with the reason for a person ("is a folder, not a file"). */
export class UnreadableFile extends Error {
  constructor(
    readonly path: string,
    readonly reason: string,
  ) {
    super(`${path}: ${reason}`);
    this.name = 'UnreadableFile';
  }
}

// C0 and C1 controls, DEL, and the invisible marks that reorder or break lines (bidi overrides,
// line and paragraph separators)
const CONTROL = /[\u0000-\u001f\u007f-\u009f\u200e\u200f\u2028-\u202e\u2066-\u2069]/g;
const NAMED: Record<string, string> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/** Text from an input file made safe to print on one terminal line: `\x1b`, `\n`, `\u{202e}`. */
export function escapeControl(text: string): string {
  return text.replace(CONTROL, (c) => {
    const code = c.charCodeAt(0);
    return NAMED[c] ?? (code <= 0xff ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`);
  });
}

/** Long input shown in a message: its first `max` characters and an ellipsis. */
export function shorten(text: string, max = 80): string {
  return text.length > max ? `${text.slice(0, max)}…` : text;
}

/** Levenshtein distance, for "did you mean" on unknown fields. */
function editDistance(a: string, b: string): number {
  const prev = new Array(b.length + 1).fill(0).map((_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    let diag = prev[0];
    prev[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const tmp = prev[j];
      prev[j] = Math.min(prev[j] + 1, prev[j - 1] + 1, diag + (a[i - 1].toLowerCase() === b[j - 1].toLowerCase() ? 0 : 1));
      diag = tmp;
    }
  }
  return prev[b.length];
}

export function didYouMean(word: string, candidates: readonly string[]): string | undefined {
  if (word.length > 64) return undefined; // not a typo, and the distance is quadratic in the length
  let best: string | undefined;
  let bestD = Infinity;
  for (const c of candidates) {
    const d = editDistance(word, c);
    if (d < bestD) {
      bestD = d;
      best = c;
    }
  }
  return best !== undefined && bestD <= Math.max(2, Math.floor(word.length / 3)) ? best : undefined;
}

type Issue = z.core.$ZodIssue;

/** The issue to report of several: a misspelt field first, as it explains the missing field it was meant to be. */
export function mainIssue(issues: readonly Issue[]): Issue {
  return issues.find((i) => i.code === 'unrecognized_keys') ?? issues[0];
}

/**
 * How badly a union's branch misfits the value: the value is of another type altogether, it has
 * fields the branch does not know, it lacks fields the branch requires. A branch that fits and
 * fails deeper inside (a wrong step value, too many steps) explains the error best.
 */
function misfit(branch: readonly Issue[]): number {
  const nested = branch.length === 1 && branch[0].code === 'invalid_union' && branch[0].path.length === 0 ? branch[0] : undefined;
  if (nested && 'errors' in nested && nested.errors.length) return Math.min(...nested.errors.map(misfit));
  const wrongType = branch.some((i) => i.code === 'invalid_type' && i.path.length === 0);
  const unknown = branch.some((i) => i.code === 'unrecognized_keys');
  const missing = branch.some((i) => i.code === 'invalid_type' && /received undefined/.test(i.message));
  return (wrongType ? 4 : 0) + (unknown ? 2 : 0) + (missing ? 1 : 0);
}

/** Picks the most telling issue: inside unions, the branch that fits best and got furthest into the value. */
export function explainIssue(issue: Issue, knownKeysAt: (path: (string | number)[]) => string[] | undefined): { path: (string | number)[]; expected: string } {
  if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length) {
    let best: Issue | undefined;
    let bestScore = -Infinity;
    for (const branch of issue.errors) {
      const penalty = 100 * misfit(branch);
      for (const inner of branch) {
        // an unknown key means the branch's shape did not fit at all: prefer branches that got further
        const score = inner.path.length + (inner.code === 'unrecognized_keys' ? 0 : 0.5) - penalty;
        if (score > bestScore) {
          bestScore = score;
          best = inner;
        }
      }
    }
    const allShallow = issue.errors.every((b) => b.every((i) => i.path.length === 0));
    if (best && !allShallow) {
      const outer = issue.path as (string | number)[];
      const inner = explainIssue(best, (p) => knownKeysAt([...outer, ...p]));
      return { path: [...outer, ...inner.path], expected: inner.expected };
    }
    return {
      path: issue.path as (string | number)[],
      expected:
        'expected a number, or one of {value: n}, {steps: [{from: YYYY-MM, value: n}]}, {ramp: {from, to, start, end}}, {expr: "..."}' +
        (issue.errors.length > 2 ? ', or a map by origin/sector/country with an optional default' : ''),
    };
  }
  if (issue.code === 'unrecognized_keys') {
    const known = knownKeysAt(issue.path as (string | number)[]) ?? [];
    const key = issue.keys[0];
    const hint = didYouMean(key, known);
    return {
      path: [...(issue.path as (string | number)[]), key],
      expected: `unknown field${hint ? ` (did you mean '${hint}'?)` : ''}${known.length && known.length <= 40 ? `; expected one of: ${known.join(', ')}` : ''}`,
    };
  }
  return { path: issue.path as (string | number)[], expected: issue.message };
}
