// The wasm op table checked against V8: for every op with a stack signature, a function
// that feeds it its params and returns its results must be valid for V8 and for us (so
// opcode numbers, immediates and signatures agree), and where the table gives a natural
// alignment or a lane count, one past the limit must be rejected by both.
import { describe, expect, it } from 'vitest';
import { Imm, WASM_OPS, type WasmOpInfo } from '../../src/wasm/opcodes.js';
import { validateModule } from '../../src/wasm/validate.js';
import { HEADER, body, funcType, section, uleb, vec } from './build.js';

function opcodeBytes(op: WasmOpInfo): number[] {
  return op.prefix === 0 ? [op.code] : [op.prefix, ...uleb(op.code)];
}

/** Immediates for `op`; `excess` pushes an alignment or lane index one past its limit. */
function immediateBytes(op: WasmOpInfo, excess: boolean): number[] {
  const log2 = (n: number) => Math.log2(n);
  switch (op.imm) {
    case Imm.none: return [];
    case Imm.mem: return [log2(op.immArg) + (excess ? 1 : 0), 0];
    case Imm.memlane: return excess ? [log2(op.immArg), 0, 16 / op.immArg] : [log2(op.immArg), 0, 16 / op.immArg - 1];
    case Imm.lane: return [excess ? op.immArg : op.immArg - 1];
    case Imm.zero: return [0];
    case Imm.zero_zero: return [0, 0];
    case Imm.data_zero: return [0, 0];
    case Imm.data: case Imm.elem: case Imm.i32: case Imm.i64: return [0];
    case Imm.elem_table: case Imm.table_table: return [0, 0];
    case Imm.f32: return [0, 0, 0, 0];
    case Imm.f64: return new Array(8).fill(0);
    case Imm.v128: case Imm.shuffle: return new Array(16).fill(excess ? 32 : 31);
    default: throw new Error(`no sample immediate for ${Imm[op.imm]}`);
  }
}

/** A module whose one function runs `op` on its parameters and returns its results. */
function moduleUsing(op: WasmOpInfo, excess: boolean): Uint8Array<ArrayBuffer> {
  const params = op.params!;
  const code = [...params.flatMap((_, i) => [0x20, i]), ...opcodeBytes(op), ...immediateBytes(op, excess), 0x0b];
  return new Uint8Array([
    ...HEADER,
    ...section(1, vec([funcType([...params], [...op.results!])])),
    ...section(3, vec([[0]])),
    ...section(4, vec([[0x70, 0x00, 0x01]])),
    ...section(5, vec([[0x00, 0x01]])),
    ...section(9, vec([[0x01, 0x00, 0x00]])), // a passive funcref segment, empty
    ...section(12, [1]),
    ...section(10, vec([body([], code)])),
    ...section(11, vec([[0x01, 0x00]])), // a passive data segment, empty
  ]);
}

const accepts = (bytes: Uint8Array<ArrayBuffer>) => {
  try {
    validateModule(bytes);
    return true;
  } catch {
    return false;
  }
};

describe('wasm op table', () => {
  const typed = WASM_OPS.filter((op) => op.params !== undefined);

  it('has every 2.0 op once (MVP, sign extension, sat. truncation, bulk memory, reference types, SIMD)', () => {
    // Single-byte opcodes in use: 0x00-0x05, 0x0b-0x11, 0x1a-0x1c, 0x20-0x26, 0x28-0xc4, 0xd0-0xd2
    // = 6 + 7 + 3 + 7 + 157 + 3; 0xfc 0-17; 0xfd 0x00-0xff less 20 unassigned codes.
    expect(WASM_OPS.filter((op) => op.prefix === 0).length).toBe(183);
    expect(WASM_OPS.filter((op) => op.prefix === 0xfc).length).toBe(18);
    expect(WASM_OPS.filter((op) => op.prefix === 0xfd).length).toBe(236);
    expect(new Set(WASM_OPS.map((op) => op.name)).size).toBe(WASM_OPS.length);
  });

  it('each typed op is valid with its signature and immediates, for V8 and for us', () => {
    const wrong = typed.filter((op) => {
      const bytes = moduleUsing(op, false);
      return !WebAssembly.validate(bytes) || !accepts(bytes);
    });
    expect(wrong.map((op) => op.name)).toEqual([]);
  });

  it('alignment and lane limits: one past them is rejected by V8 and by us', () => {
    const limited = typed.filter((op) => [Imm.mem, Imm.memlane, Imm.lane, Imm.shuffle].includes(op.imm));
    expect(limited.length).toBeGreaterThan(50);
    const wrong = limited.filter((op) => {
      const bytes = moduleUsing(op, true);
      return WebAssembly.validate(bytes) || accepts(bytes);
    });
    expect(wrong.map((op) => op.name)).toEqual([]);
  });
});
