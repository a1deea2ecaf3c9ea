// Builds the classroom page in memory: the page script and the model worker bundled by esbuild,
// with the shipped scenarios (every scenarios/*.yaml, found now) and their data folder embedded
// as text, so the page needs no network and no file access at run time.
import { build } from 'esbuild';
import type { Plugin } from 'esbuild';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { writeOwnedFolder } from '../output/outputFolder.ts';

export interface Asset {
  body: Buffer;
  type: string;
}

/** Built files by URL path ('/index.html', '/app.js', ...). */
export type Site = Map<string, Asset>;

const HERE = dirname(fileURLToPath(import.meta.url));
export const PROJECT_ROOT = join(HERE, '..', '..');
const DATA_FILES = ['origins.yaml', 'routes.yaml', 'sectors.yaml', 'indicators.csv'];

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.yaml': 'text/yaml; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.map': 'application/json',
};

function typeOf(path: string): string {
  const ext = path.slice(path.lastIndexOf('.'));
  return TYPES[ext] ?? 'application/octet-stream';
}

/** scenarios/*.yaml (baseline first) and scenarios/data, for the module 'corridor:bundled-files'. */
async function bundledFiles(root = PROJECT_ROOT): Promise<{ presets: string[]; files: Record<string, string> }> {
  const names = (await readdir(join(root, 'scenarios'))).filter((n) => /\.ya?ml$/.test(n)).sort((a, b) => (a === 'baseline.yaml' ? -1 : b === 'baseline.yaml' ? 1 : a.localeCompare(b)));
  const files: Record<string, string> = {};
  for (const n of names) files[`scenarios/${n}`] = await readFile(join(root, 'scenarios', n), 'utf8');
  for (const n of DATA_FILES) files[`scenarios/data/${n}`] = await readFile(join(root, 'scenarios', 'data', n), 'utf8');
  // a preset is a policy scenario: it sets levers or changes one that does (calibrated.yaml,
  // parameters only, is bundled because baseline.yaml extends it, but is no preset)
  const presets = names.map((n) => `scenarios/${n}`).filter((f) => /^(levers|extends):/m.test(files[f]));
  return { presets, files };
}

function filesPlugin(root: string): Plugin {
  return {
    name: 'corridor-bundled-files',
    setup(b) {
      b.onResolve({ filter: /^corridor:bundled-files$/ }, (args) => ({ path: args.path, namespace: 'corridor' }));
      b.onLoad({ filter: /.*/, namespace: 'corridor' }, async () => {
        const { presets, files } = await bundledFiles(root);
        return { contents: `export const presets = ${JSON.stringify(presets)};\nexport const files = ${JSON.stringify(files)};\n`, loader: 'js' };
      });
    },
  };
}

/** `node:module` is src/web/page/nodeModule.ts in the browser (see src/scenario/sandbox.ts). */
export function nodeModulePlugin(pageDir: string): Plugin {
  return {
    name: 'corridor-node-module',
    setup(b) {
      b.onResolve({ filter: /^node:module$/ }, () => ({ path: join(pageDir, 'nodeModule.ts') }));
    },
  };
}

export interface BuildWebOptions {
  root?: string;
  minify?: boolean;
}

export async function buildWeb(options: BuildWebOptions = {}): Promise<Site> {
  const root = options.root ?? PROJECT_ROOT;
  const pageDir = join(root, 'src', 'web', 'page');
  const result = await build({
    entryPoints: { app: join(pageDir, 'main.ts'), worker: join(pageDir, 'worker.ts') },
    bundle: true,
    write: false,
    outdir: '/out',
    format: 'iife',
    platform: 'browser',
    target: 'es2022',
    minify: options.minify ?? true,
    legalComments: 'none',
    logLevel: 'silent',
    plugins: [filesPlugin(root), nodeModulePlugin(pageDir)],
  });
  const site: Site = new Map();
  for (const f of result.outputFiles) {
    const path = f.path.slice(f.path.lastIndexOf('/'));
    site.set(path, { body: Buffer.from(f.contents), type: typeOf(path) });
  }
  for (const name of ['index.html', 'style.css']) site.set(`/${name}`, { body: await readFile(join(pageDir, name)), type: typeOf(name) });
  return site;
}

/**
 * The built page as static files, for any static host. `outDir` is replaced whole, and only if
 * Corridor wrote it (or it is new or empty): src/output/outputFolder.ts.
 */
export async function writeWeb(site: Site, outDir: string): Promise<void> {
  await writeOwnedFolder(outDir, 'serve', async (dir) => {
    for (const [path, asset] of site) await writeFile(join(dir, path), asset.body);
  });
}
