// Bytecode quality: hot locals in registers (also caller-saved ones in functions that make
// no calls), no zeroing of locals written before they are read, x28 reloaded only after
// calls that may grow memory. Each case is checked for results against Node's own
// WebAssembly on both tiers, and its code against instruction counts worked out by hand.
import { describe, expect, it } from 'vitest';
import { createWebAssembly } from '../../src/index.js';
import { compileModule } from '../../src/compiler/compile.js';
import { decodeInstr } from '../../src/isa/decode.js';
import { REG_HEAP_BOUND, REG_SP } from '../../src/compiler/abi.js';
import { buildModule, i32, sleb, type ModuleDef } from '../api/wasm-builder.js';

const BLOCK = 0x02, LOOP = 0x03, IF = 0x04, END = 0x0b, BR_IF = 0x0d, CALL = 0x10, DROP = 0x1a, VOID = 0x40;
const GET = 0x20, SET = 0x21, TEE = 0x22, CONST = 0x41, LOAD = 0x28;
const ADD = 0x6a, XOR = 0x73, LT_S = 0x48, ROTL = 0x77;
const MEMORY_GROW = [0x40, 0x00], MEMORY_SIZE = [0x3f, 0x00];

type Fn = (...args: number[]) => number;

/** Runs export `name` on Node's WebAssembly and on both our tiers; all must agree. */
function agree(def: ModuleDef, name: string, args: number[]): number {
  const { bytes } = buildModule(def);
  const call = (wa: { Module: new (b: Uint8Array) => object; Instance: new (m: object) => { exports: object } }): number =>
    ((new wa.Instance(new wa.Module(bytes))).exports as Record<string, Fn>)[name]!(...args);
  const expected = call(WebAssembly as unknown as Parameters<typeof call>[0]);
  for (const tier of ['interp', 'js'] as const) expect(call(createWebAssembly({ tier }) as unknown as Parameters<typeof call>[0]), tier).toBe(expected);
  return expected;
}

/** The decoded instructions of defined function `i`. */
function codeOf(def: ModuleDef, i: number) {
  const c = compileModule(buildModule(def).bytes);
  const f = c.functions[i]!;
  const out = [];
  for (let pc = f.offset; pc < f.offset + f.size;) {
    const ins = decodeInstr(c.code, pc);
    out.push({ pc, ins });
    pc += ins.size;
  }
  return out;
}

/** Instructions from a backward branch's target to the branch itself: one loop iteration. */
function loopBody(def: ModuleDef, i: number) {
  const code = codeOf(def, i);
  const back = code.findIndex(({ ins }) => ins.op.mnemonic.startsWith('br_if') && (ins.operands.at(-1) as number) < 0);
  const target = code[back]!.pc + (code[back]!.ins.operands.at(-1) as number);
  return code.slice(code.findIndex(({ pc }) => pc === target), back + 1).map(({ ins }) => ins);
}

const usesSpSlot = (ins: ReturnType<typeof decodeInstr>): boolean =>
  /^[xf](load|store)64le_o32$/.test(ins.op.mnemonic) && (ins.operands as unknown[]).some((v) => typeof v === 'object' && v !== null && Object.values(v).includes(REG_SP));

// f(n): 20 i32 locals mixed in a loop n times; a leaf whose operand stack stays below 3.
const MANY_LOCALS = 20;
const mixer: ModuleDef = {
  types: [[[i32], [i32]]],
  funcs: [{
    type: 0,
    locals: new Array(MANY_LOCALS).fill(i32),
    body: [
      ...Array.from({ length: MANY_LOCALS }, (_, k) => [CONST, ...sleb(k * 7919 + 1), SET, k + 1]).flat(),
      LOOP, VOID,
      // l[k+1] = rotl(l[k+1] ^ l[k], 5) + l[k+2], for k = 1 .. 18
      ...Array.from({ length: MANY_LOCALS - 2 }, (_, k) => [GET, k + 2, GET, k + 1, XOR, CONST, 5, ROTL, GET, k + 3, ADD, SET, k + 2]).flat(),
      GET, 0, CONST, 1, 0x6b /* i32.sub */, TEE, 0, CONST, 0, 0x4a /* i32.gt_s */, BR_IF, 0,
      END,
      GET, MANY_LOCALS - 1,
    ],
  }],
  exports: [{ name: 'f', kind: 'func', index: 0 }],
};

describe('locals in registers', () => {
  it('a leaf function with 20 locals computes what Node computes', () => {
    agree(mixer, 'f', [100]);
  });

  it('keeps all 20 in registers: 11 callee-saved, then caller-saved ones above its operand stack', () => {
    expect(codeOf(mixer, 0).filter(({ ins }) => usesSpSlot(ins))).toEqual([]);
  });

  it('counts down a loop in two instructions (add into the local, compare-and-branch)', () => {
    // g(n): i = 0; do { i = i + 1 } while (i < n); return i
    const counter: ModuleDef = {
      types: [[[i32], [i32]]],
      funcs: [{ type: 0, locals: [i32], body: [LOOP, VOID, GET, 1, CONST, 1, ADD, TEE, 1, GET, 0, LT_S, BR_IF, 0, END, GET, 1] }],
      exports: [{ name: 'g', kind: 'func', index: 0 }],
    };
    expect(agree(counter, 'g', [37])).toBe(37);
    expect(loopBody(counter, 0).map((ins) => ins.op.mnemonic)).toEqual(['xadd32_u8', 'br_if_xslt32']);
  });
});

describe('zeroing of declared locals', () => {
  // h(c): local 1 is set only when c != 0, and read after the if; local 2 is set before any read.
  const def: ModuleDef = {
    types: [[[i32], [i32]]],
    funcs: [{
      type: 0, locals: [i32, i32],
      body: [CONST, 5, SET, 2, GET, 0, IF, VOID, CONST, 9, SET, 1, END, GET, 1, GET, 2, ADD],
    }],
    exports: [{ name: 'h', kind: 'func', index: 0 }],
  };

  it('a local written on one path only still reads 0 on the other', () => {
    expect(agree(def, 'h', [0])).toBe(5);
    expect(agree(def, 'h', [1])).toBe(14);
  });

  it('zeroes only the local that may be read first (one xzero)', () => {
    expect(codeOf(def, 0).filter(({ ins }) => ins.op.mnemonic === 'xzero')).toHaveLength(1);
  });
});

describe('the memory bound after calls', () => {
  // grow() grows memory by a page; via() calls grow; pure() does not touch memory size.
  // main(): pure(); via(); then loads at the first byte of the new page (in bounds only if x28 was reloaded).
  const def: ModuleDef = {
    types: [[[], [i32]]],
    memory: { min: 1 },
    funcs: [
      { type: 0, body: [CONST, 1, ...MEMORY_GROW] },
      { type: 0, body: [CALL, 0] },
      { type: 0, body: [CONST, 3] },
      { type: 0, body: [CALL, 2, DROP, CALL, 1, DROP, CONST, ...sleb(65536), LOAD, 2, 0, ...MEMORY_SIZE, ADD] },
    ],
    exports: [{ name: 'main', kind: 'func', index: 3 }],
  };

  it('a load past the old end after a call that grows memory through another call succeeds', () => {
    expect(agree(def, 'main', [])).toBe(2);
  });

  it('reloads x28 after via() only, not after pure()', () => {
    const reloads = codeOf(def, 3).filter(({ ins }) => ins.op.mnemonic === 'xload64le_o32' && ins.operands[0] === REG_HEAP_BOUND);
    // one in the prologue, one after via()
    expect(reloads).toHaveLength(2);
  });
});

describe('local.tee into a frame-slot local', () => {
  it('keeps using the value where it is instead of reloading it', () => {
    // 12 i32 params + a call (not a leaf): locals beyond x16..x26 live in slots; local 0 is the
    // coldest, so it gets a slot. t(...) = (l0 = l0 + l1) + 3 + l1 + ... + l11
    const def: ModuleDef = {
      types: [[new Array(12).fill(i32), [i32]], [[], []]],
      funcs: [
        {
          type: 0,
          body: [
            ...Array.from({ length: 11 }, (_, k) => [GET, k + 1, GET, k + 1, ADD, SET, k + 1]).flat(),
            CALL, 1,
            GET, 0, GET, 1, ADD, TEE, 0, CONST, 3, ADD,
            ...Array.from({ length: 11 }, (_, k) => [GET, k + 1, ADD]).flat(),
          ],
        },
        { type: 1, body: [] },
      ],
      exports: [{ name: 't', kind: 'func', index: 0 }],
    };
    const args = Array.from({ length: 12 }, (_, k) => k + 1);
    agree(def, 't', args);
    // Slot traffic for local 0: the parameter stored, read once, the tee stored (and not read back).
    expect(codeOf(def, 0).filter(({ ins }) => usesSpSlot(ins))).toHaveLength(3);
  });
});

describe('constant addresses', () => {
  // k(): mem[100] = 7 (i32.store8 offset 0); return i32.load16_u offset=99 at address 1 + i32.load at 65533 (traps: past 1 page)
  const STORE8 = 0x3a, LOAD16_U = 0x2f;
  const def = (far: boolean): ModuleDef => ({
    types: [[[], [i32]]],
    memory: { min: 1 },
    funcs: [{
      type: 0,
      body: [
        CONST, ...sleb(100), CONST, 7, STORE8, 0, 0,
        CONST, 1, LOAD16_U, 1, 99,
        ...(far ? [CONST, ...sleb(65533), LOAD, 2, 0, ADD] : []),
      ],
    }],
    exports: [{ name: 'k', kind: 'func', index: 0 }],
  });

  it('inside the declared minimum: unchecked accesses off the heap base, same results', () => {
    expect(agree(def(false), 'k', [])).toBe(7);
    const ops = codeOf(def(false), 0).map(({ ins }) => ins.op.mnemonic);
    expect(ops).toContain('xstore8_o32');
    expect(ops).toContain('xload16le_u32_o32');
    expect(ops.filter((m) => m.endsWith('_g32'))).toEqual([]);
  });

  it('past it: still bounds-checked, and traps like Node', () => {
    expect(codeOf(def(true), 0).map(({ ins }) => ins.op.mnemonic)).toContain('xload32le_g32');
    for (const tier of ['interp', 'js'] as const) {
      const ns = createWebAssembly({ tier });
      const k = (new ns.Instance(new ns.Module(buildModule(def(true)).bytes)).exports as Record<string, Fn>).k!;
      expect(() => k()).toThrow('out of bounds memory access');
    }
    const k = (new WebAssembly.Instance(new WebAssembly.Module(buildModule(def(true)).bytes)).exports as Record<string, Fn>).k!;
    expect(() => k()).toThrow(WebAssembly.RuntimeError);
  });
});
