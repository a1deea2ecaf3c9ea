// Errors in input files that a person can act on: file, line, field path, what was expected.
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
  const field = fieldPath.length ? fieldPath.join('.') : '(top level)';
  return `${where}: ${field}: ${expected}`;
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

/** Picks the most telling issue: inside unions, the branch that got furthest into the value. */
export function explainIssue(issue: Issue, knownKeysAt: (path: (string | number)[]) => string[] | undefined): { path: (string | number)[]; expected: string } {
  if (issue.code === 'invalid_union' && 'errors' in issue && issue.errors.length) {
    let best: Issue | undefined;
    let bestDepth = -1;
    for (const branch of issue.errors) {
      for (const inner of branch) {
        // an unknown key means the branch's shape did not fit at all: prefer branches that got further
        const depth = inner.path.length + (inner.code === 'unrecognized_keys' ? 0 : 0.5);
        if (depth > bestDepth) {
          bestDepth = depth;
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
