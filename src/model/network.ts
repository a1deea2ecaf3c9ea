// Route network (docs/MODEL.md §2, §5): nodes and edges come from data; routes are the simple paths
// from each origin to a border city, enumerated once when a simulation is built.
import type { EdgeInput, ModelInput, NodeInput } from './types.ts';
import { SECTORS } from './entities.ts';

const MAX_ROUTE_EDGES = 7;
const MAX_ROUTES_PER_ORIGIN = 80;

export interface Network {
  nodes: NodeInput[];
  edges: EdgeInput[];
  edgeFrom: Int32Array;
  edgeTo: Int32Array;
  edgeWeeks: Int32Array;
  /** lever that opens an air edge: 1 = airToMexico, 2 = airToNicaragua, 0 = always open */
  edgeAirLever: Int8Array;
  edgeCountry: Int32Array; // index into COUNTRIES
  routeStart: Int32Array; // offset into routeEdges
  routeLength: Int32Array;
  routeEdges: Int32Array;
  routeOrigin: Int32Array;
  routeSector: Int32Array; // index into SECTORS
  routeWeeks: Int32Array;
  routeLabel: string[];
  /** routes of each origin: [first, count) into the route arrays (routes are grouped by origin) */
  originRouteFirst: Int32Array;
  originRouteCount: Int32Array;
}

export function buildNetwork(input: Pick<ModelInput, 'nodes' | 'edges' | 'origins'>, countries: readonly string[]): Network {
  const { nodes, edges, origins } = input;
  const nodeIndex = new Map(nodes.map((n, i) => [n.id, i]));
  const out: number[][] = nodes.map(() => []);
  const edgeFrom = new Int32Array(edges.length);
  const edgeTo = new Int32Array(edges.length);
  const edgeWeeks = new Int32Array(edges.length);
  const edgeAirLever = new Int8Array(edges.length);
  const edgeCountry = new Int32Array(edges.length);
  edges.forEach((e, i) => {
    const from = nodeIndex.get(e.from);
    const to = nodeIndex.get(e.to);
    if (from === undefined || to === undefined) throw new Error(`edge ${e.from}→${e.to}: unknown node`);
    edgeFrom[i] = from;
    edgeTo[i] = to;
    edgeWeeks[i] = Math.max(1, Math.round(e.weeks));
    const toCountry = nodes[to].country;
    edgeAirLever[i] = e.mode === 'air' ? (toCountry === 'MEX' ? 1 : toCountry === 'NIC' ? 2 : 0) : 0;
    const c = countries.indexOf(e.country);
    if (c < 0) throw new Error(`edge ${e.from}→${e.to}: unknown country ${e.country}`);
    edgeCountry[i] = c;
    out[from].push(i);
  });

  const starts: number[] = [];
  const lengths: number[] = [];
  const flat: number[] = [];
  const routeOrigin: number[] = [];
  const routeSector: number[] = [];
  const routeWeeks: number[] = [];
  const labels: string[] = [];
  const first = new Int32Array(origins.length);
  const count = new Int32Array(origins.length);

  origins.forEach((origin, o) => {
    const found: number[][] = [];
    const visited = new Set<number>([origin.node]);
    const path: number[] = [];
    const walk = (node: number) => {
      if (path.length >= MAX_ROUTE_EDGES) return;
      for (const e of out[node]) {
        const next = edgeTo[e];
        if (visited.has(next)) continue;
        path.push(e);
        if (nodes[next].kind === 'border') found.push([...path]);
        else {
          // other origins' nodes may be passed through (Venezuelans cross Colombia to the Darién)
          visited.add(next);
          walk(next);
          visited.delete(next);
        }
        path.pop();
      }
    };
    walk(origin.node);
    if (found.length === 0) throw new Error(`origin ${origin.code}: no route reaches a border city`);
    const weeksOf = (p: number[]) => p.reduce((s, e) => s + edgeWeeks[e], 0);
    // keep the quickest routes when the network allows very many; ties broken by edge ids for determinism
    found.sort((a, b) => weeksOf(a) - weeksOf(b) || a.join(',').localeCompare(b.join(',')));
    const kept = found.slice(0, MAX_ROUTES_PER_ORIGIN);
    first[o] = starts.length;
    count[o] = kept.length;
    for (const p of kept) {
      starts.push(flat.length);
      lengths.push(p.length);
      flat.push(...p);
      routeOrigin.push(o);
      const border = nodes[edgeTo[p[p.length - 1]]];
      const s = SECTORS.indexOf(border.sector as (typeof SECTORS)[number]);
      if (s < 0) throw new Error(`border node ${border.id}: unknown sector ${border.sector}`);
      routeSector.push(s);
      routeWeeks.push(weeksOf(p));
      labels.push(corridorLabel(p.map((e) => nodes[edgeTo[e]]), edges[p[0]].mode));
    }
  });

  return {
    nodes, edges, edgeFrom, edgeTo, edgeWeeks, edgeAirLever, edgeCountry,
    routeStart: Int32Array.from(starts), routeLength: Int32Array.from(lengths), routeEdges: Int32Array.from(flat),
    routeOrigin: Int32Array.from(routeOrigin), routeSector: Int32Array.from(routeSector),
    routeWeeks: Int32Array.from(routeWeeks), routeLabel: labels,
    originRouteFirst: first, originRouteCount: count,
  };
}

/** A readable corridor name: the hubs passed through (border city excluded), e.g. "air>MANAGUA>TAPACHULA". */
function corridorLabel(visited: NodeInput[], firstMode: string): string {
  const hubs = visited.filter((n) => n.kind === 'hub').map((n) => n.id);
  const head = firstMode === 'air' ? 'air' : 'land';
  return hubs.length ? `${head}>${hubs.join('>')}` : `${head}>direct`;
}
