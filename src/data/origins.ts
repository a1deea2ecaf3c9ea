// Sets of the project's origins, written `NIC+CUB+OTHER`: a row whose count is the sum over
// these origins, because the source lumps them together (docs/DATA-IMPORT.md, "Partial rows").
// In code a set is a bit mask over ORIGINS indices.
import { ORIGINS } from '../model/entities.ts';
import type { OriginCode } from '../model/entities.ts';

export type OriginMask = number;

export const ALL_ORIGINS: OriginMask = (1 << ORIGINS.length) - 1;
export const OTHER_MASK: OriginMask = 1 << ORIGINS.indexOf('OTHER');

export function maskOf(codes: readonly OriginCode[]): OriginMask {
  let m = 0;
  for (const c of codes) m |= 1 << ORIGINS.indexOf(c);
  return m;
}

/** ORIGINS indices in the set, ascending. */
export function indicesOf(mask: OriginMask): number[] {
  const out: number[] = [];
  for (let i = 0; i < ORIGINS.length; i++) if (mask & (1 << i)) out.push(i);
  return out;
}

/** `MEX`, or `NIC+CUB+OTHER` (codes in ORIGINS order). */
export function originSetCode(mask: OriginMask): string {
  return indicesOf(mask).map((i) => ORIGINS[i]).join('+');
}

/** The mask of `NIC+CUB+OTHER`, or a reason it is not one. */
export function parseOriginSet(code: string): OriginMask | string {
  let mask = 0;
  for (const part of code.split('+')) {
    const i = (ORIGINS as readonly string[]).indexOf(part);
    if (i < 0) return `expected an origin code (${ORIGINS.join(', ')}) or codes joined by '+'; found '${code}'`;
    if (mask & (1 << i)) return `origin '${part}' appears twice in '${code}'`;
    mask |= 1 << i;
  }
  return mask;
}

/** The smallest index in the set, for ordering rows like ORIGINS. */
export function firstIndex(mask: OriginMask): number {
  return indicesOf(mask)[0] ?? ORIGINS.length;
}

/**
 * Merges overlapping sets until no two overlap: the finest partition in which every given set
 * lies inside one part. (A file that names Nicaragua nowhere puts Nicaraguans in its 'OTHER',
 * so that 'OTHER' overlaps the plain OTHER of, say, INDIA, and the two share one part.)
 */
export function partitionOf(masks: Iterable<OriginMask>): OriginMask[] {
  let parts: OriginMask[] = [];
  for (const m of masks) {
    let merged = m;
    const rest: OriginMask[] = [];
    // parts are disjoint, so one sweep finds all that the new set touches
    for (const p of parts) {
      if (p & m) merged |= p;
      else rest.push(p);
    }
    parts = [...rest, merged];
  }
  return parts.sort((a, b) => firstIndex(a) - firstIndex(b));
}
