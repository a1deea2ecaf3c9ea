// Reading scenario text: `extends:` merges the files of the chain.
import { describe, expect, it } from 'vitest';
import { mergeScenario } from '../../src/scenario/parse.ts';

describe('extends: deep merge', () => {
  it('merges maps key by key and replaces time values whole', () => {
    const base = { levers: { enforcement: { default: 1, RGV: { steps: [{ from: '2025-01', value: 2 }] } }, barriers: 1 }, seed: 1 };
    const over = { levers: { enforcement: { RGV: { value: 3 } } }, seed: 2 };
    expect(mergeScenario(base, over)).toEqual({ levers: { enforcement: { default: 1, RGV: { value: 3 } }, barriers: 1 }, seed: 2 });
    // a per-sector map over a single inherited value keeps the inherited value as the default
    expect(mergeScenario({ e: { value: 1.2, source: 's' } }, { e: { RGV: 2 } })).toEqual({ e: { default: { value: 1.2, source: 's' }, RGV: 2 } });
  });
});
