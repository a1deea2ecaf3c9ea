// Regenerates the parameter and lever tables in docs/MODEL.md from their one home
// (src/model/parameters.ts, src/model/levers.ts). Run: npm run docs:tables
import { readFileSync, writeFileSync } from 'node:fs';
import { PARAMETERS, PARAMETER_NAMES } from '../src/model/parameters.ts';
import { LEVERS, LEVER_NAMES } from '../src/model/levers.ts';

const esc = (s: string) => s.replace(/\|/g, '\\|');
export function parameterTable(): string {
  const rows = PARAMETER_NAMES.map((n) => {
    const p = PARAMETERS[n];
    return `| \`${n}\`${'perOrigin' in p ? ' (per origin)' : ''} | ${esc(p.unit)} | ${p.default} | ${p.min} – ${p.max} | ${p.basis} | ${esc(p.note)} |`;
  });
  return ['| parameter | unit | default | range | basis | meaning and source |', '|---|---|---|---|---|---|', ...rows].join('\n');
}
export function leverTable(): string {
  const rows = LEVER_NAMES.map((n) => {
    const l = LEVERS[n];
    return `| \`${n}\` | ${l.scope} | ${esc(l.unit)} | ${l.default === 1e9 ? 'unlimited' : l.default} | ${esc(l.about)} |`;
  });
  return ['| lever | per | unit | default | meaning and source |', '|---|---|---|---|---|', ...rows].join('\n');
}

function replaceBetween(text: string, marker: string, body: string): string {
  const start = `<!-- ${marker}:start -->`;
  const end = `<!-- ${marker}:end -->`;
  const i = text.indexOf(start);
  const j = text.indexOf(end);
  if (i < 0 || j < 0) throw new Error(`docs/MODEL.md lacks the ${marker} markers`);
  return text.slice(0, i + start.length) + '\n' + body + '\n' + text.slice(j);
}

if (process.argv[1]?.endsWith('docs-tables.ts')) {
  const path = new URL('../docs/MODEL.md', import.meta.url);
  let text = readFileSync(path, 'utf8');
  text = replaceBetween(text, 'parameters', parameterTable());
  text = replaceBetween(text, 'levers', leverTable());
  writeFileSync(path, text);
  console.log('docs/MODEL.md tables updated');
}
