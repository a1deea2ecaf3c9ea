// People on the move, as a structure of arrays (docs/MODEL.md §3): an agent is an index, and each
// attribute is a typed array. Departed agents are removed by swapping in the last one, so the
// arrays stay dense and the weekly loop touches only live agents. Agents in transit and at the
// border share the arrays; the store counts both, by origin, as agents change status, so the
// weekly stocks need no pass over the agents.

export const TRANSIT = 1; // travelling along an edge of their route
export const WAITING = 2; // in a northern Mexican border city, deciding how to cross
export const QUEUED = 3; // in a northern Mexican border city, waiting for a port appointment

/** The per-agent arrays, by name: what a snapshot of the store holds. */
const AGENT_FIELDS = ['origin', 'band', 'kin', 'tolerance', 'status', 'route', 'leg', 'riskRow', 'weeksLeft', 'sector', 'savingsUsd', 'debtUsd', 'attempts', 'packageLeft', 'leftWeek', 'lastEncounterMonth', 'encounterYear'] as const;
type AgentField = (typeof AGENT_FIELDS)[number];

export interface AgentSnapshot {
  count: number;
  movingByOrigin: Int32Array;
  atBorderByOrigin: Int32Array;
  fields: Record<AgentField, Uint8Array | Uint16Array | Int32Array | Float32Array>;
}

export class AgentStore {
  count = 0;
  capacity: number;
  /** agents per origin in transit and at the border, kept as agents change status */
  readonly movingByOrigin: Int32Array;
  readonly atBorderByOrigin: Int32Array;
  origin!: Uint8Array;
  band!: Uint8Array; // wealth band 0..2
  kin!: Uint8Array; // 1 = has kin in the US
  tolerance!: Uint8Array; // risk-tolerance class 0..2
  status!: Uint8Array;
  route!: Uint16Array;
  leg!: Uint8Array; // index of the current edge within the route
  riskRow!: Uint16Array; // row of the weekly transit thresholds of the current edge (journey.ts: paid, unpaid or national)
  weeksLeft!: Uint8Array; // weeks left on the current edge
  sector!: Uint8Array; // border sector of the route's end
  savingsUsd!: Float32Array;
  debtUsd!: Float32Array;
  attempts!: Uint8Array; // crossings tried, including encounters at ports
  packageLeft!: Uint8Array; // paid-for attempts still left in a smuggler package
  leftWeek!: Uint16Array;
  lastEncounterMonth!: Int32Array; // month index of the last encounter (0 = never)
  encounterYear!: Uint16Array; // US fiscal year of the last encounter (0 = never): repeat encounters within a year
  /** the agents a weekly loop visits, in turn (written by gather) */
  visit!: Int32Array;

  /** Agents in transit (the rest of `count` are at the border). */
  get moving(): number {
    let n = 0;
    for (const k of this.movingByOrigin) n += k;
    return n;
  }

  constructor(origins: number, initialCapacity = 1024) {
    this.movingByOrigin = new Int32Array(origins);
    this.atBorderByOrigin = new Int32Array(origins);
    this.capacity = initialCapacity;
    this.allocate(initialCapacity);
  }

  private allocate(capacity: number): void {
    const grow = <T extends Uint8Array | Uint16Array | Int32Array | Float32Array>(old: T | undefined, make: (n: number) => T): T => {
      const next = make(capacity);
      if (old) next.set(old.subarray(0, this.count) as never);
      return next;
    };
    this.origin = grow(this.origin, (n) => new Uint8Array(n));
    this.band = grow(this.band, (n) => new Uint8Array(n));
    this.kin = grow(this.kin, (n) => new Uint8Array(n));
    this.tolerance = grow(this.tolerance, (n) => new Uint8Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    this.route = grow(this.route, (n) => new Uint16Array(n));
    this.leg = grow(this.leg, (n) => new Uint8Array(n));
    this.riskRow = grow(this.riskRow, (n) => new Uint16Array(n));
    this.weeksLeft = grow(this.weeksLeft, (n) => new Uint8Array(n));
    this.sector = grow(this.sector, (n) => new Uint8Array(n));
    this.savingsUsd = grow(this.savingsUsd, (n) => new Float32Array(n));
    this.debtUsd = grow(this.debtUsd, (n) => new Float32Array(n));
    this.attempts = grow(this.attempts, (n) => new Uint8Array(n));
    this.packageLeft = grow(this.packageLeft, (n) => new Uint8Array(n));
    this.leftWeek = grow(this.leftWeek, (n) => new Uint16Array(n));
    this.lastEncounterMonth = grow(this.lastEncounterMonth, (n) => new Int32Array(n));
    this.encounterYear = grow(this.encounterYear, (n) => new Uint16Array(n));
    this.visit = new Int32Array(capacity);
  }

  /**
   * Writes the indices of the agents in transit (or, with inTransit false, at the border), highest
   * first, into `visit`, and returns how many. Highest first, because an agent removed during the
   * loop is replaced by the last one, already visited, so the later entries stay valid. The store
   * mixes the two kinds in no order; a skip per agent that the CPU cannot predict costs more than
   * the step itself, so there is no branch.
   */
  gather(inTransit: boolean): number {
    const status = this.status;
    const order = this.visit;
    const other = inTransit ? 0 : 1;
    let m = 0;
    for (let i = this.count - 1; i >= 0; i--) {
      order[m] = i;
      m += (((status[i] ^ TRANSIT) - 1) >>> 31) ^ other; // 1 if TRANSIT, else 0; flipped for the border
    }
    return m;
  }

  /** The agents as plain typed arrays cut to the live count (a snapshot of the run). */
  save(): AgentSnapshot {
    const fields = {} as AgentSnapshot['fields'];
    for (const f of AGENT_FIELDS) fields[f] = this[f].slice(0, this.count);
    return { count: this.count, movingByOrigin: this.movingByOrigin.slice(), atBorderByOrigin: this.atBorderByOrigin.slice(), fields };
  }

  restore(s: AgentSnapshot): void {
    if (s.movingByOrigin.length !== this.movingByOrigin.length) throw new Error(`snapshot has ${s.movingByOrigin.length} origins, the run ${this.movingByOrigin.length}`);
    this.capacity = Math.max(1024, 1 << Math.ceil(Math.log2(Math.max(1, s.count))));
    this.count = 0;
    this.allocate(this.capacity);
    for (const f of AGENT_FIELDS) (this[f] as Uint8Array).set(s.fields[f] as Uint8Array);
    this.count = s.count;
    this.movingByOrigin.set(s.movingByOrigin);
    this.atBorderByOrigin.set(s.atBorderByOrigin);
  }

  /** Appends a new agent of origin o, in transit, and returns its index. */
  depart(o: number): number {
    if (this.count === this.capacity) {
      this.capacity *= 2;
      this.allocate(this.capacity);
    }
    const i = this.count++;
    this.origin[i] = o;
    this.status[i] = TRANSIT;
    this.attempts[i] = 0;
    this.packageLeft[i] = 0;
    this.debtUsd[i] = 0;
    this.lastEncounterMonth[i] = 0;
    this.encounterYear[i] = 0;
    this.movingByOrigin[o]++;
    return i;
  }

  /** Agent i, in transit, reaches a northern Mexican border city. */
  reachBorder(i: number): void {
    this.status[i] = WAITING;
    this.movingByOrigin[this.origin[i]]--;
    this.atBorderByOrigin[this.origin[i]]++;
  }

  /** Removes agent i by moving the last agent into its slot. Safe while iterating downwards. */
  remove(i: number): void {
    if (this.status[i] === TRANSIT) this.movingByOrigin[this.origin[i]]--;
    else this.atBorderByOrigin[this.origin[i]]--;
    const last = --this.count;
    if (i === last) return;
    this.origin[i] = this.origin[last];
    this.band[i] = this.band[last];
    this.kin[i] = this.kin[last];
    this.tolerance[i] = this.tolerance[last];
    this.status[i] = this.status[last];
    this.route[i] = this.route[last];
    this.leg[i] = this.leg[last];
    this.riskRow[i] = this.riskRow[last];
    this.weeksLeft[i] = this.weeksLeft[last];
    this.sector[i] = this.sector[last];
    this.savingsUsd[i] = this.savingsUsd[last];
    this.debtUsd[i] = this.debtUsd[last];
    this.attempts[i] = this.attempts[last];
    this.packageLeft[i] = this.packageLeft[last];
    this.leftWeek[i] = this.leftWeek[last];
    this.lastEncounterMonth[i] = this.lastEncounterMonth[last];
    this.encounterYear[i] = this.encounterYear[last];
  }
}
