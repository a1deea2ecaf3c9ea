// Events drawn ahead (docs/MODEL.md §5–§6): instead of visiting every agent every week, each agent
// has one pending event — the end of its current edge, a rare event on it, or its next action
// at the border — filed under the week it falls in. A week's work is then proportional to the
// events that happen in it, not to the agents waiting for theirs. Weeks are kept in a ring of
// HORIZON buckets; an event is never filed further ahead than that.

/** Weeks ahead an event may be filed (edges last at most a few months; see network.ts). */
export const HORIZON = 128;

export class Schedule {
  private readonly slots: Int32Array[] = [];
  private readonly generations: Int32Array[] = [];
  private readonly kinds: Uint8Array[] = [];
  private readonly lengths = new Int32Array(HORIZON);

  constructor() {
    for (let k = 0; k < HORIZON; k++) {
      this.slots.push(new Int32Array(64));
      this.generations.push(new Int32Array(64));
      this.kinds.push(new Uint8Array(64));
    }
  }

  /** Files an event of `kind` for the agent in `slot` (of `generation`) in `week` (< now + HORIZON). */
  add(week: number, slot: number, generation: number, kind: number): void {
    const b = week % HORIZON;
    const n = this.lengths[b];
    if (n === this.slots[b].length) this.grow(b);
    this.slots[b][n] = slot;
    this.generations[b][n] = generation;
    this.kinds[b][n] = kind;
    this.lengths[b] = n + 1;
  }

  private grow(b: number): void {
    const size = this.slots[b].length * 2;
    const s = new Int32Array(size);
    s.set(this.slots[b]);
    const g = new Int32Array(size);
    g.set(this.generations[b]);
    const k = new Uint8Array(size);
    k.set(this.kinds[b]);
    this.slots[b] = s;
    this.generations[b] = g;
    this.kinds[b] = k;
  }

  /** Events filed in `week` so far (more may be added while they are handled). */
  count(week: number): number {
    return this.lengths[week % HORIZON];
  }

  slotOf(week: number, j: number): number {
    return this.slots[week % HORIZON][j];
  }

  generationOf(week: number, j: number): number {
    return this.generations[week % HORIZON][j];
  }

  kindOf(week: number, j: number): number {
    return this.kinds[week % HORIZON][j];
  }

  /** The week's events were handled: its bucket is free for the week HORIZON later. */
  clear(week: number): void {
    this.lengths[week % HORIZON] = 0;
  }

  /** Events filed in all weeks (for tests: one per agent waiting for an event). */
  get pending(): number {
    let n = 0;
    for (const k of this.lengths) n += k;
    return n;
  }
}

/**
 * Weeks until the first success of independent weekly trials of probability p, counting the
 * current week as 0: ⌊ln u / ln(1 − p)⌋ for a uniform u, the inverse of the geometric law.
 */
export function weeksToEvent(u: number, p: number): number {
  if (p >= 1) return 0;
  if (p <= 0) return Infinity;
  return Math.floor(Math.log(1 - u) / Math.log1p(-p));
}
