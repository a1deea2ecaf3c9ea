// People on the move, as a structure of arrays (docs/MODEL.md §3): an agent is a slot index, and
// each attribute is a typed array. A slot keeps its agent from departure to the end of the
// journey (events are scheduled by slot, schedule.ts); freed slots are reused, and a slot's
// generation counts its reuses so that an event scheduled for an earlier occupant is ignored.
// The store counts agents in transit and at the border by origin as they change status, so the
// weekly stocks need no pass over the agents.

export const FREE = 0; // an unused slot
export const TRANSIT = 1; // travelling along an edge of their route
export const WAITING = 2; // in a northern Mexican border city, deciding how to cross
export const QUEUED = 3; // in a northern Mexican border city, waiting for a port appointment

export class AgentStore {
  /** live agents */
  count = 0;
  /** slots ever used: every live agent is below this */
  slots = 0;
  capacity: number;
  /** agents per origin in transit and at the border, kept as agents change status */
  readonly movingByOrigin: Int32Array;
  readonly atBorderByOrigin: Int32Array;
  private freeSlots: Int32Array;
  private freeCount = 0;
  origin!: Uint8Array;
  band!: Uint8Array; // wealth band 0..2
  kin!: Uint8Array; // 1 = has kin in the US
  tolerance!: Uint8Array; // risk-tolerance class 0..2
  status!: Uint8Array;
  generation!: Int32Array; // reuses of the slot: events carry it, and are stale once it moved on
  route!: Uint16Array;
  leg!: Uint8Array; // index of the current edge within the route
  riskRow!: Uint16Array; // row of the weekly transit thresholds of the current edge (journey.ts: paid, unpaid or national)
  edgeEnd!: Uint16Array; // the week of the last step on the current edge
  sector!: Uint8Array; // border sector of the route's end
  savingsUsd!: Float32Array;
  debtUsd!: Float32Array;
  attempts!: Uint8Array; // crossings tried, including encounters at ports
  packageLeft!: Uint8Array; // paid-for attempts still left in a smuggler package
  leftWeek!: Uint16Array; // the week the agent set off
  lastEncounterMonth!: Int32Array; // month slot + 1 of the last encounter (0 = never)

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
    this.freeSlots = new Int32Array(initialCapacity);
    this.allocate(initialCapacity);
  }

  private allocate(capacity: number): void {
    const grow = <T extends Uint8Array | Uint16Array | Int32Array | Float32Array>(old: T | undefined, make: (n: number) => T): T => {
      const next = make(capacity);
      if (old) next.set(old.subarray(0, this.slots) as never);
      return next;
    };
    this.origin = grow(this.origin, (n) => new Uint8Array(n));
    this.band = grow(this.band, (n) => new Uint8Array(n));
    this.kin = grow(this.kin, (n) => new Uint8Array(n));
    this.tolerance = grow(this.tolerance, (n) => new Uint8Array(n));
    this.status = grow(this.status, (n) => new Uint8Array(n));
    this.generation = grow(this.generation, (n) => new Int32Array(n));
    this.route = grow(this.route, (n) => new Uint16Array(n));
    this.leg = grow(this.leg, (n) => new Uint8Array(n));
    this.riskRow = grow(this.riskRow, (n) => new Uint16Array(n));
    this.edgeEnd = grow(this.edgeEnd, (n) => new Uint16Array(n));
    this.sector = grow(this.sector, (n) => new Uint8Array(n));
    this.savingsUsd = grow(this.savingsUsd, (n) => new Float32Array(n));
    this.debtUsd = grow(this.debtUsd, (n) => new Float32Array(n));
    this.attempts = grow(this.attempts, (n) => new Uint8Array(n));
    this.packageLeft = grow(this.packageLeft, (n) => new Uint8Array(n));
    this.leftWeek = grow(this.leftWeek, (n) => new Uint16Array(n));
    this.lastEncounterMonth = grow(this.lastEncounterMonth, (n) => new Int32Array(n));
  }

  /** A new agent of origin o, in transit: returns its slot (a freed one if any). */
  depart(o: number): number {
    let i: number;
    if (this.freeCount > 0) i = this.freeSlots[--this.freeCount];
    else {
      if (this.slots === this.capacity) {
        this.capacity *= 2;
        this.allocate(this.capacity);
      }
      i = this.slots++;
    }
    this.count++;
    this.origin[i] = o;
    this.status[i] = TRANSIT;
    this.attempts[i] = 0;
    this.packageLeft[i] = 0;
    this.debtUsd[i] = 0;
    this.lastEncounterMonth[i] = 0;
    this.movingByOrigin[o]++;
    return i;
  }

  /** Agent i, in transit, reaches a northern Mexican border city. */
  reachBorder(i: number): void {
    this.status[i] = WAITING;
    this.movingByOrigin[this.origin[i]]--;
    this.atBorderByOrigin[this.origin[i]]++;
  }

  /** Agent i's journey is over: the slot is freed, and events scheduled for it go stale. */
  remove(i: number): void {
    if (this.status[i] === TRANSIT) this.movingByOrigin[this.origin[i]]--;
    else this.atBorderByOrigin[this.origin[i]]--;
    this.status[i] = FREE;
    this.generation[i]++;
    this.count--;
    if (this.freeCount === this.freeSlots.length) {
      const more = new Int32Array(this.freeSlots.length * 2);
      more.set(this.freeSlots);
      this.freeSlots = more;
    }
    this.freeSlots[this.freeCount++] = i;
  }
}
