// The decoded module structure, on hand-written binaries whose contents are known: every
// element and data segment form, imports of each kind, globals, start, custom sections and
// the byte ranges of bodies.
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/wasm/decode.js';
import { validateModule } from '../../src/wasm/validate.js';
import { HEADER, T, body, funcType, section, str, uleb, vec } from './build.js';

const I32_CONST_5_END = [0x41, 5, 0x0b];

describe('decodeModule', () => {
  it('decodes the eight element segment forms', () => {
    const elems = [
      [0x00, ...I32_CONST_5_END, ...vec([[0], [1]])], // active, table 0, func indices
      [0x01, 0x00, ...vec([[1]])], // passive, elemkind, func indices
      [0x02, 0x01, ...I32_CONST_5_END, 0x00, ...vec([[0]])], // active, table 1, elemkind, func indices
      [0x03, 0x00, ...vec([[0]])], // declarative, func indices
      [0x04, ...I32_CONST_5_END, ...vec([[0xd2, 1, 0x0b], [0xd0, 0x70, 0x0b]])], // active, table 0, exprs
      [0x05, T.externref, ...vec([[0xd0, 0x6f, 0x0b]])], // passive, reftype, exprs
      [0x06, 0x01, ...I32_CONST_5_END, T.funcref, ...vec([[0xd2, 0, 0x0b]])], // active, table 1, exprs
      [0x07, T.funcref, ...vec([[0xd2, 1, 0x0b]])], // declarative, exprs
    ];
    const bytes = new Uint8Array([
      ...HEADER,
      ...section(1, vec([funcType([], [])])),
      ...section(3, vec([[0], [0]])),
      ...section(4, vec([[T.funcref, 0x00, 10], [T.funcref, 0x01, 1, 20]])),
      ...section(9, vec(elems)),
      ...section(10, vec([body([], [0x0b]), body([], [0x0b])])),
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const m = validateModule(bytes);
    expect(m.tables).toEqual([
      { elemType: T.funcref, limits: { min: 10, max: undefined } },
      { elemType: T.funcref, limits: { min: 1, max: 20 } },
    ]);
    const summary = m.elements.map((e) => ({
      mode: e.mode, table: e.tableIndex, offset: e.offset?.instrs, type: e.elemType,
      funcs: e.funcIndices, exprs: e.exprs?.map((x) => x.instrs),
    }));
    const at5 = [{ op: 'i32.const', value: 5 }];
    expect(summary).toEqual([
      { mode: 'active', table: 0, offset: at5, type: T.funcref, funcs: [0, 1], exprs: undefined },
      { mode: 'passive', table: 0, offset: undefined, type: T.funcref, funcs: [1], exprs: undefined },
      { mode: 'active', table: 1, offset: at5, type: T.funcref, funcs: [0], exprs: undefined },
      { mode: 'declarative', table: 0, offset: undefined, type: T.funcref, funcs: [0], exprs: undefined },
      {
        mode: 'active', table: 0, offset: at5, type: T.funcref, funcs: undefined,
        exprs: [[{ op: 'ref.func', funcIndex: 1 }], [{ op: 'ref.null', type: T.funcref }]],
      },
      { mode: 'passive', table: 0, offset: undefined, type: T.externref, funcs: undefined, exprs: [[{ op: 'ref.null', type: T.externref }]] },
      { mode: 'active', table: 1, offset: at5, type: T.funcref, funcs: undefined, exprs: [[{ op: 'ref.func', funcIndex: 0 }]] },
      { mode: 'declarative', table: 0, offset: undefined, type: T.funcref, funcs: undefined, exprs: [[{ op: 'ref.func', funcIndex: 1 }]] },
    ]);
  });

  it('decodes imports, globals, data segments, start, custom sections and body ranges', () => {
    const bodies = [body([[2, T.i32], [1, T.f64]], [0x0b]), body([], [0x01, 0x0b])];
    const prefix = [
      ...HEADER,
      ...section(1, vec([funcType([], []), funcType([T.i32], [T.i64])])),
      ...section(2, vec([
        [...str('env'), ...str('f'), 0x00, 1],
        [...str('env'), ...str('t'), 0x01, T.externref, 0x00, 2],
        [...str('env'), ...str('m'), 0x02, 0x01, 1, 3],
        [...str('env'), ...str('g'), 0x03, T.f32, 0x00],
      ])),
      ...section(3, vec([[0], [0]])),
      ...section(6, vec([
        [T.f32, 0x01, 0x23, 0, 0x0b], // mut f32 = global.get 0 (the import)
        [T.i64, 0x00, 0x42, ...uleb(0x7f), 0x0b], // i64.const -1 (0x7f is -1 as sleb)
        [T.f64, 0x00, 0x44, 0, 0, 0, 0, 0, 0, 0xf0, 0x3f, 0x0b], // f64.const 1.0
        [T.funcref, 0x00, 0xd2, 2, 0x0b], // ref.func 2
      ])),
      ...section(7, vec([[...str('main'), 0x00, 1]])),
      ...section(8, [1]),
      ...section(12, [3]),
    ];
    const codeAt = prefix.length;
    const code = section(10, vec(bodies));
    const bytes = new Uint8Array([
      ...prefix,
      ...code,
      ...section(11, vec([
        [0x00, ...I32_CONST_5_END, ...vec([[1], [2]])], // active, memory 0
        [0x01, ...vec([[3]])], // passive
        [0x02, 0x00, 0x41, 0, 0x0b, 0], // active, explicit memory 0, empty
      ])),
      ...section(0, [...str('meta'), 9, 8, 7]),
    ]);
    expect(WebAssembly.validate(bytes)).toBe(true);
    const m = validateModule(bytes);
    expect(m.imports.map((i) => [i.module, i.name, i.desc])).toEqual([
      ['env', 'f', { kind: 'func', typeIndex: 1 }],
      ['env', 't', { kind: 'table', type: { elemType: T.externref, limits: { min: 2, max: undefined } } }],
      ['env', 'm', { kind: 'memory', type: { limits: { min: 1, max: 3 } } }],
      ['env', 'g', { kind: 'global', type: { type: T.f32, mutable: false } }],
    ]);
    expect([m.numImportedFuncs, m.numImportedTables, m.numImportedMemories, m.numImportedGlobals]).toEqual([1, 1, 1, 1]);
    expect(m.funcTypeIndices).toEqual([1, 0, 0]);
    expect(m.globals.map((g) => [g.type, g.init.instrs])).toEqual([
      [{ type: T.f32, mutable: true }, [{ op: 'global.get', globalIndex: 0 }]],
      [{ type: T.i64, mutable: false }, [{ op: 'i64.const', value: -1n }]],
      [{ type: T.f64, mutable: false }, [{ op: 'f64.const', bits: 0x3ff0000000000000n }]],
      [{ type: T.funcref, mutable: false }, [{ op: 'ref.func', funcIndex: 2 }]],
    ]);
    expect(m.globalTypes.length).toBe(5);
    expect(m.exports.map((e) => [e.name, e.kind, e.index])).toEqual([['main', 'func', 1]]);
    expect(m.start).toBe(1);
    expect(m.dataCount).toBe(3);
    expect(m.datas.map((d) => [d.mode, d.memoryIndex, d.offset?.instrs, [...d.bytes]])).toEqual([
      ['active', 0, [{ op: 'i32.const', value: 5 }], [1, 2]],
      ['passive', 0, undefined, [3]],
      ['active', 0, [{ op: 'i32.const', value: 0 }], []],
    ]);
    expect(m.customs.map((c) => [c.name, [...c.bytes]])).toEqual([['meta', [9, 8, 7]]]);
    // Code section: id, size, count, then body 0: size, 2 local runs (4 bytes + count), end.
    const body0 = codeAt + 3;
    expect(m.bodies.map((b) => [b.start, b.codeStart, b.end, b.numLocals, b.locals])).toEqual([
      [body0, body0 + 6, body0 + 7, 3, [{ count: 2, type: T.i32 }, { count: 1, type: T.f64 }]],
      [body0 + 7, body0 + 9, body0 + 11, 0, []],
    ]);
  });

  it('keeps function bodies and data as views into the given bytes, not copies', () => {
    const bytes = new Uint8Array([
      ...HEADER, ...section(5, vec([[0, 1]])), ...section(11, vec([[0x01, ...vec([[42]])]])),
    ]);
    const m = decodeModule(bytes);
    expect(m.datas[0].bytes.buffer).toBe(bytes.buffer);
    bytes[bytes.length - 1] = 43;
    expect(m.datas[0].bytes[0]).toBe(43);
  });
});
