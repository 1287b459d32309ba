// Source maps of generated JS (codegen/sourcemap.ts), decoded by Node's own source map
// reader (node:module SourceMap), not ours: a known wasm instruction's generated line must
// map to that instruction's byte offset (found by hand in the module's bytes), and to a
// bytecode pc that holds the Pulley instruction the wasm one compiles to.
import { SourceMap } from 'node:module';
import { describe, expect, it } from 'vitest';
import { generateAotOutput } from '../../codegen/aot.js';
import { unitFunctionsOf, unitRuntime } from '../../codegen/jit.js';
import { BYTECODE_SOURCE, INDENT, jitDebugComments, vlq } from '../../codegen/sourcemap.js';
import { generateUnit, instantiateUnit } from '../../codegen/unit.js';
import { compileModule } from '../../src/compiler/compile.js';
import { decodeInstr } from '../../src/isa/decode.js';
import { Machine } from '../../runtime/machine.js';
import { snapshotModule } from './snapshot-module.js';

const { bytes, bodyRanges } = snapshotModule();
const compiled = compileModule(bytes);
const ADD = 0, BUMP = 2;
/** The i32.add of `add`: after the body's size byte, its empty locals vector and two local.gets. */
const ADD_I32_ADD_OFFSET = bodyRanges[ADD]![0] + 1 + 1 + 2 + 2;

type Entry = { generatedLine: number; originalSource: string; originalColumn: number; name?: string };

/** The map's entries on the 0-based lines [from, to) at `column`, leaving out lines with no mapping of their own. */
function entriesOn(map: SourceMap, from: number, to: number, column: number): Entry[] {
  const out: Entry[] = [];
  for (let line = from; line < to; line++) {
    const e = map.findEntry(line, column) as Entry | Record<string, never>;
    if ('generatedLine' in e && e.generatedLine === line) out.push(e as Entry);
  }
  return out;
}

/** The 0-based lines [first, last] of `function <ident>(m) {` (or `(m, fp)`, `(m, fp, d)`) ... `}` in `text`. */
function linesOfFunction(text: string, identSuffix: string): [number, number] {
  const lines = text.split('\n');
  const first = lines.findIndex((l) => new RegExp(`^function f_[0-9a-f]+_${identSuffix}\\(m(?:, fp(?:, d)?)?\\) \\{$`).test(l));
  expect(first, `function ..._${identSuffix} in the generated text`).toBeGreaterThanOrEqual(0);
  const last = lines.findIndex((l, i) => i > first && l === '}');
  return [first, last];
}

describe('source maps of generated JS', () => {
  it('base64 VLQ numbers are those of the source map v3 format', () => {
    // Sign in the low bit, 5-bit groups low first, continuation bit 32.
    expect([0, 1, -1, 15, 16, -16, 123, 1024].map(vlq)).toEqual(['A', 'C', 'D', 'e', 'gB', 'hB', '2H', 'ggC']);
  });

  it('AOT: the line of add\'s i32.add maps to its wasm offset and to an xadd32 in the bytecode', () => {
    const { module, sourceMap } = generateAotOutput(compiled, { sourceName: 'snap.wasm', sourceMapFile: 'snap.mjs.map' });
    expect(module.endsWith('//# sourceMappingURL=snap.mjs.map\n')).toBe(true);
    const map = new SourceMap(JSON.parse(sourceMap!));
    const [first, last] = linesOfFunction(module, 'add');
    const wasm = entriesOn(map, first, last, INDENT).filter((e) => e.originalSource.endsWith('snap.wasm'));
    expect(wasm.length).toBeGreaterThan(0);
    const [start, end] = bodyRanges[ADD]!;
    for (const e of wasm) {
      expect(e.originalColumn).toBeGreaterThanOrEqual(start);
      expect(e.originalColumn).toBeLessThan(end);
      expect(e.name).toBe('add');
    }
    const addLines = wasm.filter((e) => e.originalColumn === ADD_I32_ADD_OFFSET);
    expect(addLines.length, `a line mapped to wasm offset ${ADD_I32_ADD_OFFSET}`).toBeGreaterThan(0);
    const mnemonics = addLines.map((e) => {
      const pc = map.findEntry(e.generatedLine, 0) as Entry;
      expect(pc.originalSource.endsWith('snap.pulley')).toBe(true);
      return decodeInstr(compiled.code, pc.originalColumn, { checked: false }).op.mnemonic;
    });
    expect(mnemonics.some((m) => m.startsWith('xadd32'))).toBe(true);
    // And the line really is the addition's code.
    const text = module.split('\n');
    expect(addLines.some((e) => /\+/.test(text[e.generatedLine]!)), addLines.map((e) => text[e.generatedLine]).join('\n')).toBe(true);
  });

  it('AOT: every instruction line of every function maps to a pc inside that function', () => {
    const { module, sourceMap } = generateAotOutput(compiled, { sourceMapFile: 'x.map' });
    const map = new SourceMap(JSON.parse(sourceMap!));
    compiled.functions.forEach((f) => {
      const [first, last] = linesOfFunction(module, f.name);
      const pcs = entriesOn(map, first, last, 0);
      expect(pcs.length).toBeGreaterThan(2);
      for (const e of pcs) {
        expect(map.payload.sources.indexOf(e.originalSource)).toBe(BYTECODE_SOURCE);
        expect(e.originalColumn).toBeGreaterThanOrEqual(f.offset);
        expect(e.originalColumn).toBeLessThan(f.offset + f.size);
      }
    });
  });

  it('JIT: an error thrown inside generated code has a stack frame at pulley://<name>/unit.js that maps into the wasm function', () => {
    const functions = unitFunctionsOf(compiled);
    const unit = generateUnit(compiled.code, functions);
    const debug = { name: 'snap', wasmOffsets: compiled.sourceMap, namesByEntry: new Map(functions.map((f) => [f.entry, f.name!])) };
    const m = new Machine();
    const code = m.space.mapCode('module', compiled.code);
    // The probe: bump's first memory access (its vmctx, null here, for the heap base) reads region 0.
    probeRegionZero(m);
    const table = instantiateUnit(unit, unitRuntime(m, code), debug);
    let stack = '';
    try {
      table[compiled.functions[BUMP]!.offset]!(m);
    } catch (e) {
      stack = (e as Error).stack ?? '';
    }
    const frame = /at (?:\S+\.)?(f_\w+) \(pulley:\/\/snap\/unit\.js:(\d+):(\d+)\)/.exec(stack);
    expect(frame, `a generated frame in:\n${stack}`).not.toBeNull();
    expect(frame![1]).toMatch(/_bump$/);
    const comment = jitDebugComments(unit, debug);
    const payload = JSON.parse(Buffer.from(/base64,(\S+)/.exec(comment)![1]!, 'base64').toString('utf8'));
    const entry = new SourceMap(payload).findEntry(Number(frame![2]) - 1, Number(frame![3]) - 1) as Entry;
    const [start, end] = bodyRanges[BUMP]!;
    expect(entry.originalSource).toBe('pulley://snap/module.wasm');
    expect(entry.originalColumn).toBeGreaterThanOrEqual(start);
    expect(entry.originalColumn).toBeLessThan(end);
    expect(entry.name).toBe('bump');
  });

  it('JIT without debug options: stack traces still name the code region', () => {
    const functions = unitFunctionsOf(compiled);
    const m = new Machine();
    const code = m.space.mapCode('module', compiled.code);
    probeRegionZero(m);
    const table = instantiateUnit(generateUnit(compiled.code, functions), unitRuntime(m, code));
    expect(() => table[compiled.functions[BUMP]!.offset]!(m)).toThrow('probe');
    try {
      table[compiled.functions[BUMP]!.offset]!(m);
    } catch (e) {
      expect((e as Error).stack).toContain(`pulley://module-${code.id}/unit.js:`);
    }
  });
});

/** Makes reading region 0 (null pointers) throw 'probe', from inside the generated code that reads it. */
function probeRegionZero(m: Machine): void {
  Object.defineProperty(m.space.regions, 0, { get() { throw new Error('probe'); } });
}
