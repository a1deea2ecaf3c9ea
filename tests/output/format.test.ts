// One formatter for the report, the console and the classroom page: SI suffixes as on the
// charts' axes, money with the sign outside the currency, intervals in the unit of their value,
// relative changes a tiny baseline would make absurd, shares, and the mark for few agents.
import { describe, expect, it } from 'vitest';
import {
  fewAgentsNote,
  formatChange,
  formatIndex,
  formatRange,
  formatRelative,
  formatShare,
  formatValue,
  markFewAgents,
  restsOnFewAgents,
  scaleText,
} from '../../src/output/format.ts';

describe('numbers for people', () => {
  it('writes magnitudes with lower-case k, as the axes do ("787k", not "786.8K")', () => {
    expect(formatValue(786_800, false)).toBe('787k');
    expect(formatValue(45_600, false)).toBe('46k');
    expect(formatValue(2_410_000, false)).toBe('2.4M');
    expect(formatValue(4_270_000_000, true)).toBe('$4.3B');
    expect(formatValue(3_240, true)).toBe('$3,240');
    expect(formatValue(Number.NaN, false)).toBe('—');
  });

  it('puts the sign outside the currency and gives an interval the unit of its value', () => {
    expect(formatValue(-23_000, true)).toBe('−$23k');
    expect(formatChange(-23_000, -79_000, 4_000, true)).toBe('−$23k [−$79k, +$4k]');
    expect(formatChange(1.2e9, 0.9e9, 1.6e9, true)).toBe('+$1.2B [+$0.9B, +$1.6B]');
    expect(formatChange(-12_300, -13_100, -11_500, false)).toBe('−12k [−13k, −12k]');
    expect(formatRange(55_000, 67_000, false)).toBe('[55k, 67k]');
    expect(formatRelative(-0.41, -0.45, -0.37)).toBe('−41% [−45%, −37%]');
    expect(formatRelative(-0.6, -0.61, -0.6)).toBe('−60% [−61%, −60%]');
    expect(formatRelative(0.043, 0.01, 0.07)).toBe('+4.3% [+1.0%, +7.0%]');
  });

  it('shows a relative change of many times the baseline as a ratio, and none against a baseline of fewer than 30 agents', () => {
    expect(formatRelative(148.06, Number.NaN, Number.NaN)).toBe('×149');
    expect(formatRelative(148.06, 120, 180)).toBe('×149 [×121, ×181]');
    expect(formatRelative(2.5, 2, 3)).toBe('+250% [+200%, +300%]');
    expect(formatRelative(148.06, 120, 180, { value: 500, scale: 100 })).toBe('n/a (baseline < 30 agents)');
    expect(formatRelative(-0.5, -0.6, -0.4, { value: 5_000, scale: 100 })).toBe('−50% [−60%, −40%]');
  });

  it('writes a share that is there but small as "<0.1%", never "0.0%"', () => {
    expect(formatShare(5_011 / 12e6)).toBe('<0.1%');
    expect(formatShare(0.033)).toBe('3.3%');
    expect(formatShare(0.21)).toBe('21%');
    expect(formatShare(0)).toBe('0%');
    expect(formatShare(0.99995)).toBe('>99.9%');
  });

  it('marks figures that rest on fewer than 30 agents, and says what the mark means', () => {
    expect(restsOnFewAgents(2_900, 100)).toBe(true);
    expect(restsOnFewAgents(3_000, 100)).toBe(false);
    expect(restsOnFewAgents(5, undefined)).toBe(false);
    expect(markFewAgents('0', 0, 100)).toBe('0†');
    expect(markFewAgents('61k', 61_000, 20)).toBe('61k');
    expect(scaleText(100)).toBe('1 agent = 100 persons');
    expect(scaleText(1)).toBe('1 agent = 1 person');
    expect(fewAgentsNote(100)).toContain('fewer than 30 agents (3,000 persons at 1 agent = 100 persons)');
  });

  it('writes sensitivity indices with two decimals and a real minus sign', () => {
    expect(formatIndex(-0.931, -0.96, -0.88)).toBe('−0.93 [−0.96, −0.88]');
    expect(formatIndex(0.4)).toBe('0.40');
  });
});
