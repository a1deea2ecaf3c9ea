// `corridor validate` and `corridor schema` on the shipped scenarios.
import { describe, expect, it } from 'vitest';
import { corridor } from '../../helpers/cli.ts';

describe('corridor validate and schema', () => {
  it('validate and schema work on the shipped scenarios', () => {
    const v = corridor('validate', '--strict', 'scenarios/baseline.yaml', 'scenarios/stricter-border.yaml');
    expect(v.status, v.stderr).toBe(0);
    const s = corridor('schema');
    expect(s.status).toBe(0);
    const schema = JSON.parse(s.stdout);
    expect(schema.properties.levers.properties.enforcement).toBeDefined();
  });
});
