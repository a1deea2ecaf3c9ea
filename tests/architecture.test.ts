// The layering of src/ (docs/ARCHITECTURE.md), read from the imports of every source file:
// a file imports only from its own layer or a lower one; no file imports another that imports
// it back, however long the loop (type-only imports count); src/model imports nothing from Node
// and nothing outside itself (it runs in the browser too); src/web/page, the classroom page,
// imports no Node module. Imports are read as TypeScript reads them (static, `export … from`,
// side-effect and `import('…')` with a literal path), comments and strings left out.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join, posix, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

/** Lowest first. `data` (observed data files) may not exist yet; it sits between scenario and analysis. */
const LAYERS = ['model', 'scenario', 'data', 'analysis', 'output', 'run', 'web', 'cli'] as const;
const ORDER = LAYERS.join(' → ');
const SOURCE = /\.(ts|mts|mjs|js)$/;
const NODE_BUILTINS = new Set(builtinModules);

const SRC = fileURLToPath(new URL('../src/', import.meta.url));

interface Import {
  spec: string;
  line: number;
  /** src-relative path of the file imported, for a relative import */
  target?: string;
}

/** Source files under `dir`, by path relative to it (with '/'), with their text. */
function readSources(dir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || !SOURCE.test(entry.name)) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path).split('\\').join('/'), readFileSync(path, 'utf8'));
  }
  return files;
}

function importsOf(file: string, text: string): Import[] {
  return ts.preProcessFile(text, true, true).importedFiles.map((ref) => {
    const spec = ref.fileName;
    const line = text.slice(0, ref.pos).split('\n').length;
    const target = spec.startsWith('.') ? posix.normalize(posix.join(posix.dirname(file), spec)) : undefined;
    return { spec, line, target };
  });
}

const isNode = (spec: string) => spec.startsWith('node:') || NODE_BUILTINS.has(spec.split('/')[0]);
const layerOf = (file: string) => file.split('/')[0];
const rank = (layer: string) => (LAYERS as readonly string[]).indexOf(layer);

/** Every breach of the layering among `files` (src-relative path → text), as messages naming the file and the import. */
function layeringViolations(files: Map<string, string>, exists: (file: string) => boolean = (f) => files.has(f)): string[] {
  const problems: string[] = [];
  const graph = new Map<string, string[]>();
  for (const [file, text] of files) {
    const layer = layerOf(file);
    const where = (i: Import) => `src/${file}:${i.line} imports '${i.spec}'`;
    if (rank(layer) < 0 || !file.includes('/')) {
      problems.push(`src/${file} is in no layer; put it in one of src/${LAYERS.join('/, src/')}/ (or add its folder to LAYERS and docs/ARCHITECTURE.md)`);
      continue;
    }
    const edges: string[] = [];
    for (const i of importsOf(file, text)) {
      if (i.target === undefined) {
        if (isNode(i.spec) && layer === 'model') problems.push(`${where(i)}: src/model runs in the browser too and may not import Node modules`);
        if (isNode(i.spec) && file.startsWith('web/page/')) problems.push(`${where(i)}: src/web/page runs in the browser and may not import Node modules`);
        continue;
      }
      if (i.target.startsWith('..')) {
        problems.push(`${where(i)}, outside src/`);
        continue;
      }
      if (!exists(i.target)) problems.push(`${where(i)}, which does not exist (src/${i.target})`);
      const to = layerOf(i.target);
      if (layer === 'model' && to !== 'model') problems.push(`${where(i)}: src/model imports nothing outside src/model`);
      else if (rank(to) > rank(layer)) problems.push(`${where(i)}: ${to} is above ${layer} (layers, lowest first: ${ORDER})`);
      edges.push(i.target);
    }
    graph.set(file, edges);
  }
  for (const cycle of cyclesOf(graph)) problems.push(`import cycle: ${cycle.map((f) => `src/${f}`).join(' → ')}`);
  return problems;
}

/** One cycle through each strongly connected component with more than one file (or a file importing itself). */
function cyclesOf(graph: Map<string, string[]>): string[][] {
  // Tarjan's algorithm
  const index = new Map<string, number>();
  const low = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const components: string[][] = [];
  let next = 0;
  const visit = (v: string): void => {
    index.set(v, next);
    low.set(v, next++);
    stack.push(v);
    onStack.add(v);
    for (const w of graph.get(v) ?? []) {
      if (!graph.has(w)) continue;
      if (!index.has(w)) {
        visit(w);
        low.set(v, Math.min(low.get(v)!, low.get(w)!));
      } else if (onStack.has(w)) low.set(v, Math.min(low.get(v)!, index.get(w)!));
    }
    if (low.get(v) === index.get(v)) {
      const component: string[] = [];
      let w: string;
      do {
        w = stack.pop()!;
        onStack.delete(w);
        component.push(w);
      } while (w !== v);
      if (component.length > 1 || (graph.get(v) ?? []).includes(v)) components.push(component);
    }
  };
  for (const v of [...graph.keys()].sort()) if (!index.has(v)) visit(v);
  // a loop inside each component, by breadth-first search back to its first file
  return components.map((component) => {
    const members = new Set(component);
    const start = component.slice().sort()[0];
    const parent = new Map<string, string>();
    const queue = [start];
    while (queue.length) {
      const v = queue.shift()!;
      for (const w of graph.get(v) ?? []) {
        if (!members.has(w)) continue;
        if (w === start) {
          const path = [v];
          while (path[0] !== start) path.unshift(parent.get(path[0])!);
          return [...path, start];
        }
        if (!parent.has(w)) {
          parent.set(w, v);
          queue.push(w);
        }
      }
    }
    return [start, start];
  });
}

describe('layers of src/', () => {
  it(`every import goes to the same layer or a lower one (${ORDER}), with no cycle`, () => {
    const files = readSources(SRC);
    expect(files.size).toBeGreaterThan(50);
    expect(layeringViolations(files, (f) => existsSync(join(SRC, f)))).toEqual([]);
  });

  it('the check names the file and the import of each kind of breach (made-up files)', () => {
    const files = new Map([
      ['model/core.ts', "import { readFileSync } from 'node:fs';\nimport type { Row } from '../output/table.ts';\n"],
      ['analysis/stats.ts', "import { runMany } from '../run/pool.ts';\n"],
      ['run/pool.ts', "import type { Task } from './task.ts';\n"],
      ['run/task.ts', "// a comment: import { x } from '../cli/main.ts'\nexport { runMany } from './pool.ts';\n"],
      ['output/table.ts', "const later = () => import('../web/server.ts');\n"],
      ['web/server.ts', ''],
      ['web/page/main.ts', "import { createServer } from 'http';\nimport { table } from '../../output/table.ts';\n"],
      ['stray.ts', ''],
    ]);
    expect(layeringViolations(files).sort()).toEqual(
      [
        "src/analysis/stats.ts:1 imports '../run/pool.ts': run is above analysis (layers, lowest first: model → scenario → data → analysis → output → run → web → cli)",
        "src/model/core.ts:1 imports 'node:fs': src/model runs in the browser too and may not import Node modules",
        "src/model/core.ts:2 imports '../output/table.ts': src/model imports nothing outside src/model",
        "src/output/table.ts:1 imports '../web/server.ts': web is above output (layers, lowest first: model → scenario → data → analysis → output → run → web → cli)",
        "src/web/page/main.ts:1 imports 'http': src/web/page runs in the browser and may not import Node modules",
        'import cycle: src/run/pool.ts → src/run/task.ts → src/run/pool.ts',
        'src/stray.ts is in no layer; put it in one of src/model/, src/scenario/, src/data/, src/analysis/, src/output/, src/run/, src/web/, src/cli/ (or add its folder to LAYERS and docs/ARCHITECTURE.md)',
      ].sort(),
    );
  });
});
