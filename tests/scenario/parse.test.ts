// Reading scenario text: `extends:` merges the files of the chain.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { InputError } from '../../src/scenario/errors.ts';
import { mergeScenario } from '../../src/scenario/parse.ts';
import { parseYamlFile } from '../../src/scenario/yaml.ts';
import { errorOf, ROOT } from '../helpers/scenario.ts';

describe('extends: deep merge', () => {
  it('merges maps key by key and replaces time values whole', () => {
    const base = { levers: { enforcement: { default: 1, RGV: { steps: [{ from: '2025-01', value: 2 }] } }, barriers: 1 }, seed: 1 };
    const over = { levers: { enforcement: { RGV: { value: 3 } } }, seed: 2 };
    expect(mergeScenario(base, over)).toEqual({ levers: { enforcement: { default: 1, RGV: { value: 3 } }, barriers: 1 }, seed: 2 });
    // a per-sector map over a single inherited value keeps the inherited value as the default
    expect(mergeScenario({ e: { value: 1.2, source: 's' } }, { e: { RGV: 2 } })).toEqual({ e: { default: { value: 1.2, source: 's' }, RGV: 2 } });
  });
});

// YAML as input (issue 11, items 12, 13 and 17): plain YAML only, in linear time, with bounded
// nesting and aliases; every refusal is one InputError naming the file, the field and the line.
describe('reading YAML', () => {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-yaml-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const BASE = `extends: ${ROOT}scenarios/baseline.yaml\n`;
  const write = (name: string, text: string) => {
    const file = join(dir, name);
    writeFileSync(file, text);
    return file;
  };
  const yamlError = (text: string): InputError => {
    try {
      parseYamlFile('x.yaml', text);
    } catch (e) {
      if (e instanceof InputError) return e;
      throw e;
    }
    throw new Error('expected an error');
  };

  it('80,000 keys under 1 MB are refused at the first unknown key, with duplicate keys found by one pass (the old quadratic check took over a minute: the test timeout catches a return to it)', () => {
    const text = `${BASE}${Array.from({ length: 80_000 }, (_, i) => `k${i}: 1`).join('\n')}\n`;
    expect(text.length).toBeLessThan(1024 * 1024);
    const e = errorOf(write('many-keys.yaml', text));
    expect(e.message).toMatch(/many-keys\.yaml:2: k0: unknown field/);
    const dup = yamlError('levers:\n  enforcement: 1\n  barriers: 1\n  enforcement: 2\n');
    expect(dup.message).toBe('x.yaml:4: levers.enforcement: duplicate key: each field may appear once');
  });

  it('nesting deeper than 64 levels is refused at the same place whatever the stack', () => {
    for (const depth of [100, 100_000]) {
      const e = yamlError(`levers:\n  enforcement: ${'['.repeat(depth)}${']'.repeat(depth)}\n`);
      expect(e.message, String(depth)).toMatch(/^x\.yaml:2: levers\.enforcement(\.0)+: expected at most 64 levels of maps and lists/);
      expect(e.fieldPath).toHaveLength(64);
    }
  });

  it('aliases: unknown, circular and exponential ones are refused', () => {
    expect(yamlError('a: 1\nb: *c\n').message).toBe('x.yaml:2: b: unknown alias *c (an anchor &c must come before it)');
    expect(yamlError('a: &a [1, *a]\n').message).toBe('x.yaml:1: a.1: the alias *a is inside the map or list it refers to');
    const laughs = ['a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
    for (let i = 1; i < 9; i++) laughs.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
    expect(yamlError(laughs.join('\n')).message).toMatch(/at most 100 times in all \(an alias bomb\?\)/);
    expect(yamlError(Array.from({ length: 1002 }, (_, i) => `k${i}: ${i ? '*a' : '&a 1'}`).join('\n')).message).toMatch(/^x\.yaml:1002: k1001: expected at most 1000 aliases/);
    // an anchor used as YAML allows stays allowed
    expect(parseYamlFile('x.yaml', 'a: &v 1.5\nb: *v\n').value).toEqual({ a: 1.5, b: 1.5 });
  });

  it('YAML 1.1 tags (!!set, !!binary, !!timestamp, !!omap) and unknown tags are refused, not turned into Sets and Dates', () => {
    expect(errorOf(write('set.yaml', `${BASE}levers: !!set { enforcement }\n`)).message).toMatch(/set\.yaml:2: levers: expected plain YAML \(maps, lists, strings, numbers, true\/false\), not !!set$/);
    for (const [text, tag] of [['a: !!binary aGVsbG8=', '!!binary'], ['a: !!timestamp 2025-01-01', '!!timestamp'], ['a: !!omap [{x: 1}]', '!!omap'], ['a: !local 1', '!local']])
      expect(yamlError(text).message, text).toBe(`x.yaml:1: a: expected plain YAML (maps, lists, strings, numbers, true/false), not ${tag}`);
    // a %YAML 1.1 header does not bring them back, nor 1.1's yes/no booleans
    expect(parseYamlFile('x.yaml', '%YAML 1.1\n---\na: yes\nb: 2025-01\n').value).toEqual({ a: 'yes', b: '2025-01' });
    expect(yamlError('? [a, b]\n: 1\n').message).toMatch(/expected a name as the key/);
  });

  it('an unknown key whose value is an indented block is reported at the key, not a line later', () => {
    const e = errorOf(write('block.yaml', `${BASE}levers:\n  enforcment:\n    RGV: 2\n`));
    expect(e.fieldPath).toEqual(['levers', 'enforcment']);
    expect(e.line).toBe(3);
  });

  it('`extends: .`, `extends: ""` and chains of more than 32 files are refused', () => {
    const data = `data: ${ROOT}scenarios/data\n`;
    expect(errorOf(write('empty-extends.yaml', `extends: ""\n${data}`)).message).toMatch(/empty-extends\.yaml:1: extends: a path of a scenario file/);
    const cwd = process.cwd();
    process.chdir(dir);
    try {
      writeFileSync(join(dir, 'self.yaml'), `extends: .\n${data}`);
      expect(errorOf('self.yaml').message).toBe('self.yaml:1: extends: cannot read the extended file . (is a folder, not a file)');
    } finally {
      process.chdir(cwd);
    }
    for (let i = 0; i < 40; i++) write(`chain${i}.yaml`, i < 39 ? `extends: chain${i + 1}.yaml\n` : data);
    expect(errorOf(join(dir, 'chain0.yaml')).message).toMatch(/chain31\.yaml:1: extends: expected an extends chain of at most 32 files/);
  });
});
