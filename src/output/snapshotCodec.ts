// Snapshots of runs as text: JSON in which every typed array is written as its type and its bytes
// in base64, so a nowcast's particle states can be saved by Node and read back by Node or by the
// classroom page in a browser (no Node module here: btoa/atob are in both).
import { SNAPSHOT_VERSION } from '../model/simulation.ts';
import type { SimulationSnapshot } from '../model/simulation.ts';

/** The file's version follows the snapshots it holds: states of an earlier model are refused, not misread. */
export const NOWCAST_STATES_VERSION = SNAPSHOT_VERSION;

/**
 * A nowcast's saved particle states: the folder's nowcast.states.json.gz (what `run`, `compare`
 * and `sweep --from` start from), and `corridor nowcast export`'s file for the classroom page.
 */
export interface NowcastStates {
  kind: 'corridor-nowcast-states';
  version: typeof NOWCAST_STATES_VERSION;
  scenario: string;
  through: string;
  scale: number;
  warmStart: string;
  /** parameter overrides of each state, and the states */
  parameters: Record<string, number>[];
  states: SimulationSnapshot[];
  /** each state's belief about the misfit's level per origin (the nowcast's local level), when it filtered one */
  levels?: { mean: number[]; variance: number[] }[];
}

type Typed = Float64Array | Float32Array | Int32Array | Uint16Array | Uint8Array | Int8Array;
const TYPES = { Float64Array, Float32Array, Int32Array, Uint16Array, Uint8Array, Int8Array } as const;
type TypeName = keyof typeof TYPES;

/** Node's Buffer where there is one (ten times faster than btoa over a binary string); absent in a browser. */
const NodeBuffer = (globalThis as { Buffer?: { from(b: ArrayBufferLike | string, offset?: number | string, length?: number): Uint8Array & { toString(enc: string): string } } }).Buffer;

function toBase64(bytes: Uint8Array): string {
  if (NodeBuffer) return NodeBuffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
  let s = '';
  const CHUNK = 0x8000;
  for (let i = 0; i < bytes.length; i += CHUNK) s += String.fromCharCode(...bytes.subarray(i, i + CHUNK));
  return btoa(s);
}

function fromBase64(text: string): Uint8Array {
  if (NodeBuffer) {
    // Buffer skips what is not base64, where atob throws: refuse it the same way
    if (typeof text !== 'string' || text.length % 4 !== 0 || !/^[A-Za-z0-9+/]*={0,2}$/.test(text)) throw new Error('invalid base64 in a typed array');
    const b = NodeBuffer.from(text, 'base64');
    return new Uint8Array(b); // a copy of its own: typed arrays over it must start at an aligned offset
  }
  const s = atob(text);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

/** JSON text of a value holding typed arrays. */
export function encodeSnapshot(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (ArrayBuffer.isView(v) && !(v instanceof DataView)) {
      const t = v as Typed;
      return { $typed: t.constructor.name, base64: toBase64(new Uint8Array(t.buffer, t.byteOffset, t.byteLength)) };
    }
    return v;
  });
}

/** The value encoded by encodeSnapshot, typed arrays restored. Throws with a reason on foreign text. */
export function decodeSnapshot<T>(text: string): T {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && '$typed' in v) {
      const { $typed, base64 } = v as { $typed: string; base64: string };
      const Ctor = TYPES[$typed as TypeName];
      if (!Ctor) throw new Error(`unknown array type ${$typed}`);
      const bytes = fromBase64(base64);
      return new Ctor(bytes.buffer as ArrayBuffer, bytes.byteOffset, bytes.byteLength / Ctor.BYTES_PER_ELEMENT);
    }
    return v;
  }) as T;
}
