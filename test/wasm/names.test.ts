// The `name` custom section: parsed when well formed, ignored (not an error) when not,
// as custom sections are never validated.
import { describe, expect, it } from 'vitest';
import { moduleNames } from '../../src/wasm/names.js';
import { validateModule } from '../../src/wasm/validate.js';
import { HEADER, T, body, funcType, section, str, uleb, vec } from './build.js';

function withNameSection(payload: number[]): Uint8Array<ArrayBuffer> {
  return new Uint8Array([
    ...HEADER,
    ...section(1, vec([funcType([T.i32], [])])),
    ...section(3, vec([[0], [0]])),
    ...section(10, vec([body([], [0x0b]), body([[1, T.i64]], [0x0b])])),
    ...section(0, [...str('name'), ...payload]),
  ]);
}

const subsection = (id: number, content: number[]) => [id, ...uleb(content.length), ...content];

describe('name section', () => {
  it('gives the module, function and local names', () => {
    const bytes = withNameSection([
      ...subsection(0, str('mod')),
      ...subsection(1, vec([[0, ...str('first')], [1, ...str('sécond')]])),
      ...subsection(2, vec([[1, ...vec([[0, ...str('p')], [1, ...str('tmp')]])]])),
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const names = moduleNames(validateModule(bytes));
    expect(names?.module).toBe('mod');
    expect([...names!.functions]).toEqual([[0, 'first'], [1, 'sécond']]);
    expect([...names!.locals.get(1)!]).toEqual([[0, 'p'], [1, 'tmp']]);
  });

  it('a malformed name section leaves the module valid and yields no names', () => {
    for (const payload of [
      subsection(1, [5, 0]), // claims 5 names, has none
      [1, 50, 0], // subsection longer than the section
      subsection(0, [2, 0xff, 0xfe]), // not UTF-8
    ]) {
      const bytes = withNameSection(payload);
      expect(WebAssembly.validate(bytes)).toBe(true);
      const m = validateModule(bytes);
      expect(m.customs.map((c) => c.name)).toEqual(['name']);
      expect(moduleNames(m)).toBeUndefined();
    }
  });
});
