// A nowcast's N particles spread over shards (particleShard.ts): in this thread when there is one
// worker, else one shard per worker thread of the pool. Particle k lives in shard ⌊k·S/N⌋, so
// contiguous blocks: systematic resampling returns parents in increasing order, so a child's
// parent is nearly always in its own block and few states cross between threads.
import type { SimulationSnapshot } from '../model/simulation.ts';
import { ParticleShard } from './particleShard.ts';
import type { MonthReading, ParticleEntry, ShardRequest, ShardSpec } from './particleShard.ts';
import { openShardChannels } from './pool.ts';

interface Shard {
  call(req: Exclude<ShardRequest, { op: 'open' }>): Promise<unknown>;
  close(): Promise<void>;
}

export class ParticleCloud {
  private constructor(private readonly shards: Shard[], private readonly n: number) {}

  /** n particle slots over `workers` shards (1: this thread); `place` fills them. */
  static async open(spec: ShardSpec, n: number, workers: number): Promise<ParticleCloud> {
    const count = Math.max(1, Math.min(workers, n));
    if (count === 1) {
      const shard = new ParticleShard(spec);
      return new ParticleCloud([{ call: async (req) => shard.handle(req), close: async () => void shard.handle({ op: 'close' }) }], n);
    }
    const channels = await openShardChannels(count);
    const cloud = new ParticleCloud(channels, n);
    try {
      await Promise.all(channels.map((c) => c.call({ op: 'open', spec })));
    } catch (e) {
      await cloud.close();
      throw e;
    }
    return cloud;
  }

  private shardOf(k: number): number {
    return Math.floor((k * this.shards.length) / this.n);
  }

  /** (Re)builds particles; a `from` held by another shard travels as a snapshot, read before any slot changes. */
  async place(entries: ParticleEntry[]): Promise<void> {
    const S = this.shards.length;
    const foreign: number[][] = Array.from({ length: S }, () => []);
    for (const e of entries) if (e.from !== undefined && this.shardOf(e.from) !== this.shardOf(e.k)) foreign[this.shardOf(e.from)].push(e.from);
    const carried = new Map<number, SimulationSnapshot>();
    await Promise.all(foreign.map(async (ks, s) => {
      const unique = [...new Set(ks)];
      if (unique.length === 0) return;
      const snaps = (await this.shards[s].call({ op: 'snapshots', ks: unique })) as SimulationSnapshot[];
      unique.forEach((k, i) => carried.set(k, snaps[i]));
    }));
    const byShard: ParticleEntry[][] = Array.from({ length: S }, () => []);
    for (const e of entries) {
      const s = this.shardOf(e.k);
      // a parent held elsewhere travels as its snapshot (children may share it: restore copies)
      if (e.from !== undefined && this.shardOf(e.from) !== s) byShard[s].push({ k: e.k, values: e.values, seed: e.seed, reseed: e.reseed, snapshot: carried.get(e.from)! });
      else byShard[s].push(e);
    }
    await Promise.all(byShard.map((list, s) => (list.length ? this.shards[s].call({ op: 'place', entries: list }) : undefined)));
  }

  /** Steps every particle to week `target`; the month's readings in particle order. */
  async advance(target: number, month: number, flow: number): Promise<MonthReading[]> {
    const parts = (await Promise.all(this.shards.map((s) => s.call({ op: 'advance', target, month, flow })))) as MonthReading[][];
    const out = parts.flat().sort((a, b) => a.k - b.k);
    if (out.length !== this.n || out.some((r, k) => r.k !== k)) throw new Error(`particle cloud: ${out.length} of ${this.n} particles answered`);
    return out;
  }

  /** Snapshots of the particles ks, in that order. */
  async snapshots(ks: number[]): Promise<SimulationSnapshot[]> {
    const S = this.shards.length;
    const asked: number[][] = Array.from({ length: S }, () => []);
    for (const k of new Set(ks)) asked[this.shardOf(k)].push(k);
    const got = new Map<number, SimulationSnapshot>();
    await Promise.all(asked.map(async (list, s) => {
      if (list.length === 0) return;
      const snaps = (await this.shards[s].call({ op: 'snapshots', ks: list })) as SimulationSnapshot[];
      list.forEach((k, i) => got.set(k, snaps[i]));
    }));
    // a particle asked for twice gets two copies, never one shared state
    const seen = new Set<number>();
    return ks.map((k) => {
      const first = !seen.has(k);
      seen.add(k);
      return first ? got.get(k)! : structuredClone(got.get(k)!);
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.shards.map((s) => s.close().catch(() => undefined)));
  }
}
