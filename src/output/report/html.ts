/**
 * The page around the charts: one self-contained HTML document with inline CSS and system
 * fonts, readable on a phone and printable.
 */

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

export interface Section {
  id: string;
  title: string;
  html: string;
}

/** A chart drawn twice: for wide screens, and narrower (legend below, fewer columns) for phones. */
export interface Variants {
  wide: string;
  narrow: string;
}

/**
 * A chart with its caption: what it shows and how to read it. The chart scrolls sideways inside
 * its own box when a screen is too narrow to show it with legible text.
 */
export function figure(svg: string | Variants, caption: string, id?: string): string {
  const body = typeof svg === 'string'
    ? `<div class="svg-scroll">${svg}</div>`
    : `<div class="svg-scroll v-wide">${svg.wide}</div><div class="svg-scroll v-narrow">${svg.narrow}</div>`;
  const attrs = id ? ` data-chart="${escapeHtml(id)}"` : '';
  return `<figure class="chart"${attrs}>${body}${caption ? `<figcaption>${caption}</figcaption>` : ''}</figure>`;
}

/** A note under a chart, a table or a group of them. */
export function note(html: string): string {
  return `<p class="note">${html}</p>`;
}

/** A value and its interval, the interval kept whole when a narrow cell wraps: "−60% [−61%, −60%]". */
export function withInterval(text: string): string {
  const i = text.indexOf(' [');
  return i < 0 ? escapeHtml(text) : `${escapeHtml(text.slice(0, i))} <span class="iv">${escapeHtml(text.slice(i + 1))}</span>`;
}

/** A table; cells are HTML (escape text before passing it). `numeric` marks right-aligned columns. */
export function table(head: string[], rows: string[][], numeric: boolean[] = [], caption?: string): string {
  const cls = (j: number): string => (numeric[j] ? ' class="num"' : '');
  return [
    '<div class="table-wrap"><table>',
    caption ? `<caption>${caption}</caption>` : '',
    `<thead><tr>${head.map((h, j) => `<th scope="col"${cls(j)}>${h}</th>`).join('')}</tr></thead>`,
    `<tbody>${rows.map((r) => `<tr>${r.map((c, j) => `<td${cls(j)}>${c}</td>`).join('')}</tr>`).join('')}</tbody>`,
    '</table></div>',
  ].join('');
}

const CSS = `
:root {
  --ink: #1b1b1f; --muted: #5c5f66; --rule: #e3e4e8; --paper: #ffffff; --wash: #f5f6f8;
  --accent: #0077bb;
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  color: var(--ink); background: var(--paper);
  line-height: 1.5; -webkit-text-size-adjust: 100%;
}
* { box-sizing: border-box; }
body { margin: 0; }
.page { max-width: 960px; margin: 0 auto; padding: 2.5rem 1.25rem 4rem; }
header.hero { border-bottom: 1px solid var(--rule); padding-bottom: 1.5rem; margin-bottom: 1.25rem; }
.kicker { text-transform: uppercase; letter-spacing: .08em; font-size: .75rem; color: var(--accent); font-weight: 600; margin: 0 0 .4rem; }
h1 { font-size: clamp(1.6rem, 3.5vw, 2.3rem); line-height: 1.15; margin: 0 0 .6rem; letter-spacing: -.01em; }
.lede { font-size: 1.08rem; color: #33353a; max-width: 68ch; margin: 0 0 .8rem; }
.meta { color: var(--muted); font-size: .88rem; margin: 0; overflow-wrap: anywhere; }
.meta span + span::before { content: "·"; margin: 0 .5em; color: #b0b3b9; }
nav.toc { font-size: .85rem; margin: 0 0 2rem; display: flex; flex-wrap: wrap; gap: .35rem .9rem; }
nav.toc a { color: var(--muted); text-decoration: none; border-bottom: 1px solid var(--rule); }
nav.toc a:hover { color: var(--accent); border-color: var(--accent); }
section { margin: 0 0 3rem; }
h2 { font-size: 1.3rem; margin: 0 0 .35rem; letter-spacing: -.005em; }
h3 { font-size: 1rem; margin: 1.4rem 0 .4rem; }
.intro { color: #33353a; max-width: 70ch; margin: 0 0 1rem; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(250px, 100%), 1fr)); gap: .75rem; margin: 1rem 0 1.5rem; }
.card { background: var(--wash); border-radius: 10px; padding: .85rem 1rem .8rem; }
.card .label { font-size: .8rem; color: var(--muted); font-weight: 600; }
.card .big { font-size: 1.85rem; font-weight: 650; letter-spacing: -.02em; line-height: 1.15; margin: .15rem 0 .1rem; font-variant-numeric: tabular-nums; }
.card .when { font-size: .78rem; color: var(--muted); }
.card .run { font-size: .82rem; color: #33353a; margin-top: .35rem; font-variant-numeric: tabular-nums; }
.card .delta { font-size: .82rem; margin-top: .2rem; font-variant-numeric: tabular-nums; color: #0b4f7a; }
figure.chart { margin: 0 0 1.6rem; min-width: 0; }
figure.chart svg { display: block; max-width: 100%; height: auto; }
.svg-scroll { overflow-x: auto; }
.v-narrow { display: none; }
@media (max-width: 640px) { .v-wide { display: none; } .v-narrow { display: block; } }
figcaption { font-size: .86rem; color: var(--muted); max-width: 72ch; margin-top: .35rem; }
.grid2 { display: grid; grid-template-columns: repeat(auto-fit, minmax(min(340px, 100%), 1fr)); gap: 0 1.75rem; }
.note { font-size: .86rem; color: var(--muted); max-width: 72ch; margin: 0 0 1.25rem; }
.scale { font-weight: 600; color: var(--ink); }
.table-wrap { overflow-x: auto; margin: .5rem 0 1.25rem; }
table { border-collapse: collapse; font-size: .88rem; width: 100%; }
caption { text-align: left; color: var(--muted); font-size: .84rem; caption-side: bottom; padding-top: .4rem; }
th, td { padding: .38rem .7rem .38rem 0; border-bottom: 1px solid var(--rule); text-align: left; vertical-align: top; }
th { font-weight: 600; color: #33353a; border-bottom: 1.5px solid #c9cbd1; font-size: .8rem; }
td.num, th.num { text-align: right; font-variant-numeric: tabular-nums; }
td.num { white-space: nowrap; }
td.num .iv { color: var(--muted); }
td .iv { display: inline-block; white-space: nowrap; }
.pivot td.num, .pivot th.num { padding-left: .5rem; }
td code, .mono { font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .84em; }
.lever-value { max-width: 46ch; }
details { margin: .75rem 0; }
summary { cursor: pointer; color: var(--accent); font-size: .9rem; }
pre { background: var(--wash); padding: 1rem; border-radius: 8px; overflow-x: auto; font-size: .8rem; line-height: 1.45; }
footer { color: var(--muted); font-size: .8rem; border-top: 1px solid var(--rule); padding-top: 1rem; }
@media (max-width: 640px) {
  .page { padding: 1.5rem .9rem 3rem; }
  table { font-size: .82rem; }
  th, td { padding-right: .5rem; }
  td.num { white-space: normal; }
  .card .big { font-size: 1.6rem; }
}
@media print { .v-wide { display: block; } .v-narrow { display: none; } .page { max-width: none; padding: 0; } nav.toc { display: none; } section { break-inside: avoid-page; } }
`;

export function page(opts: { title: string; kicker: string; lede?: string; meta: string[]; sections: Section[]; footer: string }): string {
  const toc = opts.sections.map((s) => `<a href="#${s.id}">${escapeHtml(s.title)}</a>`).join('');
  const body = opts.sections
    .map((s) => `<section id="${s.id}" aria-labelledby="${s.id}-h"><h2 id="${s.id}-h">${escapeHtml(s.title)}</h2>${s.html}</section>`)
    .join('\n');
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(opts.title)} · Corridor report</title>
<style>${CSS}</style>
</head>
<body>
<div class="page">
<header class="hero">
<p class="kicker">${escapeHtml(opts.kicker)}</p>
<h1>${escapeHtml(opts.title)}</h1>
${opts.lede ? `<p class="lede">${escapeHtml(opts.lede)}</p>` : ''}
<p class="meta">${opts.meta.map((m) => `<span>${m}</span>`).join('')}</p>
</header>
<nav class="toc" aria-label="Sections">${toc}</nav>
<main>
${body}
</main>
<footer>${opts.footer}</footer>
</div>
</body>
</html>
`;
}
