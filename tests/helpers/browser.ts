// Debian's chromium driven by playwright-core, for the tests that look at a page as a reader
// does: on a desktop and on a phone (390 × 844), what overflows and what text is too small.
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import type { Browser, Page } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';
export const hasChromium = existsSync(CHROMIUM);
export const PHONE = { width: 390, height: 844 };

export function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
  });
}

export interface Layout {
  /** how far the document is wider than the window (px; ≤ 0 is right) */
  overflow: number;
  /** visible chart text drawn smaller than 10 px, as "<size> px: <text>" */
  smallText: string[];
  /** tables that are wider than the window without a scrolling box of their own around them */
  looseTables: number;
  /** visible charts (SVG) without role="img" and an aria-label */
  unlabelledCharts: number;
}

/** What a reader of `page` would trip over at its current size. */
export function layout(page: Page, minFontPx = 10): Promise<Layout> {
  return page.evaluate((min) => {
    const visible = (e: Element) => (e as HTMLElement).getClientRects().length > 0 && getComputedStyle(e).visibility !== 'hidden';
    const smallText: string[] = [];
    const svgs = Array.from(document.querySelectorAll('svg')).filter(visible);
    for (const svg of svgs) {
      for (const t of Array.from(svg.querySelectorAll('text'))) {
        if (!visible(t) || !t.textContent?.trim()) continue;
        const ctm = (t as SVGGraphicsElement).getScreenCTM();
        const size = parseFloat(getComputedStyle(t).fontSize) * (ctm ? Math.hypot(ctm.a, ctm.b) : 1);
        if (size < min - 0.05) smallText.push(`${size.toFixed(1)} px: ${t.textContent.trim()}`);
      }
    }
    let looseTables = 0;
    for (const table of Array.from(document.querySelectorAll('table'))) {
      if (!visible(table) || table.getBoundingClientRect().width <= innerWidth) continue;
      let box = table.parentElement;
      while (box && !['auto', 'scroll'].includes(getComputedStyle(box).overflowX)) box = box.parentElement;
      if (!box || box.getBoundingClientRect().width > innerWidth) looseTables++;
    }
    const unlabelledCharts = svgs.filter((s) => !s.parentElement?.closest('svg') && (s.getAttribute('role') !== 'img' || !s.getAttribute('aria-label'))).length;
    return { overflow: document.documentElement.scrollWidth - innerWidth, smallText, looseTables, unlabelledCharts };
  }, minFontPx);
}
