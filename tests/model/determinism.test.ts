import { describe, expect, it } from 'vitest';
import { simulation } from '../helpers/scenario.ts';

describe('determinism', () => {
  it('the same seed gives identical tables; another seed gives different ones', () => {
    const a = simulation({}, 'seed-a').run();
    const b = simulation({}, 'seed-a').run();
    const c = simulation({}, 'seed-b').run();
    expect(Buffer.from(a.tables.originFlows.buffer).equals(Buffer.from(b.tables.originFlows.buffer))).toBe(true);
    expect(Buffer.from(a.tables.originStocks.buffer).equals(Buffer.from(b.tables.originStocks.buffer))).toBe(true);
    expect(Buffer.from(a.tables.originFlows.buffer).equals(Buffer.from(c.tables.originFlows.buffer))).toBe(false);
  });
});
