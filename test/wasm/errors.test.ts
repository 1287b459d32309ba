// Hand-built malformed and invalid modules: each must be rejected with the spec's reason,
// the byte offset of the fault and, inside code, the function index. Offsets are counted
// by hand from the layouts written out in the comments.
import { describe, expect, it } from 'vitest';
import { WasmCompileError } from '../../src/wasm/errors.js';
import { validateModule } from '../../src/wasm/validate.js';
import { HEADER, T, body, funcType, moduleWith, section, str, uleb, vec } from './build.js';

/**
 * One function of type `type` with `code` as its body. Layout: header 0-7, type section
 * from 8 (for a [] -> [r] type it is 7 bytes: 8..14), function section 15..18, code section
 * id at 19, size 20, count 21, body size 22, local count 23, first instruction at 24.
 */
function oneFunc(code: number[], type = funcType([], [T.i32]), memory = false): Uint8Array<ArrayBuffer> {
  return moduleWith({ types: [type], funcs: [0], bodies: [body([], code)], memory });
}

interface Case {
  what: string;
  bytes: Uint8Array<ArrayBuffer>;
  reason: string;
  offset: number;
  funcIndex?: number;
}

const cases: Case[] = [
  { what: 'wrong magic', bytes: new Uint8Array([0, 0x61, 0x73, 0x6e, 1, 0, 0, 0]), reason: 'magic header not detected', offset: 0 },
  { what: 'version 2', bytes: new Uint8Array([0, 0x61, 0x73, 0x6d, 2, 0, 0, 0]), reason: 'unknown binary version', offset: 4 },
  { what: 'section id 13', bytes: new Uint8Array([...HEADER, 13, 0]), reason: 'malformed section id', offset: 8 },
  {
    what: 'type section out of order',
    bytes: new Uint8Array([...HEADER, ...section(3, vec([])), ...section(1, vec([]))]),
    reason: 'unexpected content after last section', offset: 11,
  },
  {
    what: 'section longer than its content',
    bytes: new Uint8Array([...HEADER, 1, 2, 0, 0]),
    reason: 'section size mismatch', offset: 11,
  },
  { what: 'i64 result for an i32 function', bytes: oneFunc([0x42, 0x00, 0x0b]), reason: 'type mismatch', offset: 26, funcIndex: 0 },
  { what: 'local.get of a missing local', bytes: oneFunc([0x20, 0x05, 0x0b]), reason: 'unknown local 5', offset: 24, funcIndex: 0 },
  {
    what: 'LEB128 of 6 bytes',
    bytes: oneFunc([0x41, 0x80, 0x80, 0x80, 0x80, 0x80, 0x00, 0x0b]),
    reason: 'integer representation too long', offset: 29, funcIndex: 0,
  },
  {
    what: 'i32 LEB128 with unused bits not a sign extension',
    bytes: oneFunc([0x41, 0xff, 0xff, 0xff, 0xff, 0x4f, 0x0b]),
    reason: 'integer too large', offset: 29, funcIndex: 0,
  },
  { what: 'body without end', bytes: oneFunc([0x41, 0x00]), reason: 'END opcode expected', offset: 26, funcIndex: 0 },
  { what: 'illegal opcode 0x06', bytes: oneFunc([0x06, 0x0b]), reason: 'illegal opcode', offset: 24, funcIndex: 0 },
  {
    // memory section (3 bytes + 2 header) shifts the code section by 5: first instruction at 29.
    what: 'i32.load with 8-byte alignment',
    bytes: oneFunc([0x41, 0x00, 0x28, 0x03, 0x00, 0x0b], funcType([], [T.i32]), true),
    reason: 'alignment must not be larger than natural', offset: 31, funcIndex: 0,
  },
  {
    what: 'memory.size without the reserved zero byte',
    bytes: oneFunc([0x3f, 0x01, 0x0b], funcType([], [T.i32]), true),
    reason: 'zero byte expected', offset: 30, funcIndex: 0,
  },
  {
    what: 'memory.init without a data count section',
    // a [] -> [] type is one byte shorter and the memory section 5 bytes: code from 28, memory.init at 34
    bytes: oneFunc([0x41, 0, 0x41, 0, 0x41, 0, 0xfc, 0x08, 0x00, 0x00, 0x0b], funcType([], []), true),
    reason: 'data count section required', offset: 34, funcIndex: 0,
  },
  {
    what: 'ref.func of a function not named outside code',
    // a [] -> [] type is one byte shorter: first instruction at 23
    bytes: oneFunc([0xd2, 0x00, 0x1a, 0x0b], funcType([], [])),
    reason: 'undeclared function reference', offset: 23, funcIndex: 0,
  },
  {
    what: 'the error names the function index after imports',
    bytes: new Uint8Array([
      ...HEADER,
      ...section(1, vec([funcType([], [])])), // 8..13
      ...section(2, vec([[...str('m'), ...str('f'), 0x00, 0x00]])), // 14..22
      ...section(3, vec([[0x00]])), // 23..26
      ...section(10, vec([body([], [0x1a, 0x0b])])), // id 27, size 28, count 29, body size 30, locals 31, drop at 32
    ]),
    reason: 'type mismatch', offset: 32, funcIndex: 1,
  },
  {
    what: 'two exports with one name',
    bytes: moduleWith({
      types: [funcType([], [])], funcs: [0], bodies: [body([], [0x0b])],
      // type section 8..13, function section 14..17; export section: id 18, size 19, count 20, entries at 21 and 25
      extra: [section(7, vec([[...str('a'), 0x00, 0x00], [...str('a'), 0x00, 0x00]]))],
    }),
    reason: 'duplicate export name', offset: 25,
  },
  {
    what: 'function and code section counts differ',
    bytes: new Uint8Array([...HEADER, ...section(1, vec([funcType([], [])])), ...section(3, vec([[0], [0]])), ...section(10, vec([body([], [0x0b])]))]),
    // type section 8..13, function section 14..18, code section: id 19, size 20, count at 21
    reason: 'function and code section have inconsistent lengths', offset: 21,
  },
  {
    what: 'a truncated module',
    bytes: oneFunc([0x41, 0x00, 0x0b]).subarray(0, 26),
    reason: 'length out of bounds', offset: 20,
  },
  {
    what: 'global initializer that is not constant',
    bytes: new Uint8Array([...HEADER, ...section(6, vec([[T.i32, 0x00, 0x41, 0x01, 0x41, 0x02, 0x6a, 0x0b]]))]),
    // global section: id 8, size 9, count 10, type 11, mut 12, i32.const at 13, 15, i32.add at 17
    reason: 'constant expression required', offset: 17,
  },
  {
    what: 'a second memory',
    bytes: new Uint8Array([...HEADER, ...section(5, vec([[0x00, 0x01], [0x00, 0x01]]))]),
    reason: 'multiple memories', offset: 8,
  },
  {
    what: 'a memory of more than 65536 pages',
    bytes: new Uint8Array([...HEADER, ...section(5, vec([[0x00, ...uleb(65537)]]))]),
    reason: 'memory size must be at most 65536 pages (4GiB)', offset: 8,
  },
];

describe('rejected modules name the reason and the place', () => {
  for (const c of cases) {
    it(c.what, () => {
      expect(WebAssembly.validate(c.bytes)).toBe(false);
      let error: unknown;
      try {
        validateModule(c.bytes);
      } catch (e) {
        error = e;
      }
      expect(error).toBeInstanceOf(WasmCompileError);
      const e = error as WasmCompileError;
      expect({ reason: e.reason, offset: e.offset, funcIndex: e.funcIndex }).toEqual({
        reason: c.reason, offset: c.offset, funcIndex: c.funcIndex,
      });
      expect(e.message).toBe(
        `${c.reason} at offset 0x${c.offset.toString(16)}` + (c.funcIndex === undefined ? '' : ` (function ${c.funcIndex})`),
      );
    });
  }

  it('the valid module the cases are variations of is accepted', () => {
    const ok = oneFunc([0x41, 0x00, 0x0b]);
    expect(WebAssembly.validate(ok)).toBe(true);
    expect(() => validateModule(ok)).not.toThrow();
  });
});
