// The sandboxed mathjs behind Corridor's two small expression languages: time values in scenario
// files (timeValues.ts) and sweep outcomes (analysis/outcomes.ts). One instance for both: the
// functions that could escape an expression are disabled (mathjs security guide), and each
// language then checks every node of a parsed expression against its own short lists before
// anything is compiled or evaluated.
//
// mathjs is loaded on the first expression, not at import: none of the shipped scenarios has
// one, and loading mathjs costs 1–2 s (under tsx's module hooks, in every worker thread and CLI
// process). It is loaded with require, its CommonJS build, which skips those hooks for its
// hundreds of files. The classroom bundle maps `node:module` to src/web/page/nodeModule.ts,
// which hands over the bundled mathjs instead.
import { createRequire } from 'node:module';
import type { MathNode } from 'mathjs';
import { EXPRESSION_BRACKETS, EXPRESSION_CHARS, EXPRESSION_NODES } from './limits.ts';

type MathJs = typeof import('mathjs');

let parse: ((text: string) => MathNode) | undefined;

function sandboxedParse(): (text: string) => MathNode {
  if (parse) return parse;
  const { all, create } = createRequire(import.meta.url)('mathjs') as MathJs;
  const math = create(all);
  math.import(
    {
      clamp: (x: number, lo: number, hi: number) => Math.min(hi, Math.max(lo, x)),
      step: (x: number) => (x >= 0 ? 1 : 0),
    },
    { override: true },
  );
  parse = math.parse;
  math.import(
    Object.fromEntries(
      ['import', 'createUnit', 'evaluate', 'parse', 'simplify', 'derivative', 'compile', 'resolve', 'reviver', 'chain', 'help'].map((name) => [
        name,
        () => {
          throw new Error(`function ${name} is not allowed in expressions`);
        },
      ]),
    ),
    { override: true },
  );
  return parse;
}

/** The node types either language allows: numbers, names, operators, brackets, calls and `c ? a : b`. */
export const ALLOWED_NODES = new Set(['ConstantNode', 'SymbolNode', 'OperatorNode', 'ParenthesisNode', 'FunctionNode', 'ConditionalNode']);

/** A mathjs error for a person: "Too few arguments in function abs", without the list of the types it could take. */
export function mathjsMessage(e: unknown): string {
  return String((e as Error).message ?? e).replace(/ \(expected: [^]*$/, '');
}

/** Why a constant is refused (strings, null: mathjs would convert them, or fail, only when evaluating), if it is. */
export function constantProblem(node: MathNode): string | undefined {
  if (node.type !== 'ConstantNode') return undefined;
  const value = (node as unknown as { value: unknown }).value;
  if (typeof value === 'number' || typeof value === 'boolean') return undefined;
  return `${JSON.stringify(value) ?? String(value)} is not allowed: constants are numbers (or true and false)`;
}

/** An expression refused before any language-specific check: the message says why, for a person. */
export class SandboxError extends Error {}

/** The deepest nesting of brackets in a text: ( [ { against ) ] }. */
function bracketDepth(text: string): number {
  let depth = 0;
  let deepest = 0;
  for (const c of text) {
    if (c === '(' || c === '[' || c === '{') deepest = Math.max(deepest, ++depth);
    else if (c === ')' || c === ']' || c === '}') depth--;
  }
  return deepest;
}

/**
 * Parses with the sandboxed instance, within the limits that keep mathjs's recursion inside the
 * stack whatever the caller's depth: EXPRESSION_CHARS characters and EXPRESSION_BRACKETS brackets
 * inside each other before parsing, EXPRESSION_NODES nodes after. The caller then checks the node
 * types, functions, names and constants (`constantProblem`) of its language before compiling.
 */
export function parseSandboxed(text: string): MathNode {
  if (text.length > EXPRESSION_CHARS) throw new SandboxError(`expected at most ${EXPRESSION_CHARS} characters (got ${text.length})`);
  if (bracketDepth(text) > EXPRESSION_BRACKETS) throw new SandboxError(`expected at most ${EXPRESSION_BRACKETS} brackets inside each other`);
  let root: MathNode;
  try {
    root = sandboxedParse()(text);
  } catch (e) {
    throw new SandboxError(`cannot parse: ${(e as Error).message}`);
  }
  let nodes = 0;
  const stack: MathNode[] = [root];
  while (stack.length) {
    if (++nodes > EXPRESSION_NODES) throw new SandboxError(`expected at most ${EXPRESSION_NODES} numbers, names, operators and calls`);
    stack.pop()!.forEach((child) => stack.push(child));
  }
  return root;
}
