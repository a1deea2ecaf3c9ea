/**
 * Number formatting for people: compact magnitudes, a real minus sign, and intervals that
 * share the unit of their central value ("+$1.2B [+0.9, +1.6]", "−41% [−45, −37]").
 */

const MINUS = '\u2212';

interface Scale {
  divisor: number;
  suffix: string;
}

function scaleFor(absMax: number): Scale {
  if (absMax >= 1e9) return { divisor: 1e9, suffix: 'B' };
  if (absMax >= 1e6) return { divisor: 1e6, suffix: 'M' };
  if (absMax >= 1e4) return { divisor: 1e3, suffix: 'k' };
  return { divisor: 1, suffix: '' };
}

function decimalsFor(scaledAbsMax: number, scale: Scale): number {
  if (scale.divisor === 1) return scaledAbsMax >= 10 || Number.isInteger(scaledAbsMax) ? 0 : 1;
  return scaledAbsMax >= 10 ? 0 : 1;
}

function digits(abs: number, decimals: number): string {
  return abs.toLocaleString('en-US', { minimumFractionDigits: decimals, maximumFractionDigits: decimals });
}

function sign(x: number, always: boolean): string {
  if (x < 0) return MINUS;
  return always && x > 0 ? '+' : '';
}

/** A signed magnitude; a value that rounds to zero gets no sign ("0", not "−0.0"). */
function signed(abs: number, x: number, decimals: number, prefix = ''): string {
  const text = digits(abs, decimals);
  const s = /[1-9]/.test(text) ? sign(x, true) : '';
  return `${s}${prefix}${text}`;
}

/** "1,234", "45.6k", "2.41M", "—" for a missing value. */
export function formatCount(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const scale = scaleFor(Math.abs(x));
  const scaled = Math.abs(x) / scale.divisor;
  const d = scale.divisor === 1 ? 0 : decimalsFor(scaled, scale);
  return `${sign(x, false)}${digits(scaled, d)}${scale.suffix}`;
}

/** "$3,240", "$850M", "$4.27B". */
export function formatMoney(x: number): string {
  if (!Number.isFinite(x)) return '—';
  const scale = scaleFor(Math.abs(x));
  const scaled = Math.abs(x) / scale.divisor;
  const d = scale.divisor === 1 ? 0 : decimalsFor(scaled, scale);
  return `${sign(x, false)}$${digits(scaled, d)}${scale.suffix}`;
}

export function formatValue(x: number, money: boolean): string {
  return money ? formatMoney(x) : formatCount(x);
}

/**
 * A signed change with its interval in the same unit: "+$1.2B [+0.9, +1.6]",
 * "−12.3k [−13.1, −11.5]". The interval is omitted when its ends are missing.
 */
export function formatChange(mean: number, low: number, high: number, money: boolean): string {
  if (!Number.isFinite(mean)) return '—';
  const ends = [low, high].filter(Number.isFinite);
  const absMax = Math.max(Math.abs(mean), ...ends.map(Math.abs));
  const scale = scaleFor(absMax);
  const d = decimalsFor(absMax / scale.divisor, scale);
  const part = (x: number): string => signed(Math.abs(x) / scale.divisor, x, d);
  const head = signed(Math.abs(mean) / scale.divisor, mean, d, money ? '$' : '') + scale.suffix;
  return ends.length === 2 ? `${head} [${part(low)}, ${part(high)}]` : head;
}

/** A relative change given as a fraction (−0.41 → "−41% [−45, −37]"). */
export function formatRelative(mean: number, low: number, high: number): string {
  if (!Number.isFinite(mean)) return '—';
  const ends = [low, high].filter(Number.isFinite);
  const pct = (x: number): number => x * 100;
  const absMax = Math.max(Math.abs(pct(mean)), ...ends.map((x) => Math.abs(pct(x))));
  const d = absMax < 10 ? 1 : 0;
  const part = (x: number): string => signed(Math.abs(pct(x)), x, d);
  const head = `${part(mean)}%`;
  return ends.length === 2 ? `${head} [${part(low)}, ${part(high)}]` : head;
}

/** "2024-01" → "Jan 2024". */
export function formatMonth(month: string): string {
  const m = /^(\d{4})-(\d{2})/.exec(month);
  if (!m) return month;
  const names = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  return `${names[Number(m[2]) - 1] ?? m[2]} ${m[1]}`;
}

/** Escape text for HTML element content and attribute values. */
export function escapeHtml(text: string): string {
  return text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}
