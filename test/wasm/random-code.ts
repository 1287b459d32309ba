// Random function bodies for differential tests against V8: instruction sequences drawn
// from our op table, mostly type-directed (so a fair share is valid), mixed with control
// flow, dead code and out-of-range immediates (so many are invalid in varied ways).
import { Imm, WASM_OPS, type WasmOpInfo } from '../../src/wasm/opcodes.js';
import { HEADER, funcType, section, uleb, vec } from './build.js';

export type Random = () => number;

export function seededRandom(seed: number): Random {
  return () => {
    seed = (Math.imul(seed, 1103515245) + 12345) & 0x7fffffff;
    return seed / 0x80000000;
  };
}

const TYPES = [0x7f, 0x7e, 0x7d, 0x7c, 0x7b, 0x70, 0x6f];
const CONST_OF: Record<number, number[]> = {
  0x7f: [0x41, 0], 0x7e: [0x42, 0], 0x7d: [0x43, 0, 0, 0, 0], 0x7c: [0x44, 0, 0, 0, 0, 0, 0, 0, 0],
  0x7b: [0xfd, 0x0c, ...new Array(16).fill(0)], 0x70: [0xd0, 0x70], 0x6f: [0xd0, 0x6f],
};
const CONTROL = new Set(['block', 'loop', 'if', 'else', 'end', 'br', 'br_if', 'br_table', 'unreachable', 'return',
  'select', 'drop', 'local.get', 'local.set', 'local.tee']);
const controlOps = WASM_OPS.filter((op) => CONTROL.has(op.name));
const anyOps = WASM_OPS.filter((op) => op.name !== 'end' && op.name !== 'else');
const typedOps = WASM_OPS.filter((op) => op.params !== undefined);

function opcodeBytes(op: WasmOpInfo): number[] {
  return op.prefix === 0 ? [op.code] : [op.prefix, ...uleb(op.code)];
}

/** Immediates with small indices, sometimes just out of range. */
function immediates(op: WasmOpInfo, random: Random): number[] {
  const int = (n: number) => Math.floor(random() * n);
  const pick = <T>(a: T[]) => a[int(a.length)];
  switch (op.imm) {
    case Imm.none: return [];
    case Imm.block: return [pick([0x40, 0x40, ...TYPES, 0, 1, 2, 3, 4])];
    case Imm.label: case Imm.func: return [int(4)];
    case Imm.br_table: {
      const n = int(3);
      return [n, ...Array.from({ length: n + 1 }, () => int(3))];
    }
    case Imm.call_indirect: return [int(5), random() < 0.9 ? 0 : 1];
    case Imm.local: return [int(6)];
    case Imm.global: return [int(3)];
    case Imm.table: case Imm.elem_table: case Imm.table_table: return op.imm === Imm.table ? [random() < 0.9 ? 0 : 1] : [int(3), int(2)];
    case Imm.mem: return [Math.log2(op.immArg) + (random() < 0.1 ? 1 : 0), int(100)];
    case Imm.memlane: return [Math.log2(op.immArg), 0, int(16 / op.immArg + 1)];
    case Imm.lane: return [int(op.immArg + 1)];
    case Imm.zero: return [0];
    case Imm.zero_zero: return [0, 0];
    case Imm.data_zero: return [int(2), 0];
    case Imm.data: case Imm.elem: return [int(3)];
    case Imm.i32: case Imm.i64: return [int(64)];
    case Imm.f32: return [0, 0, 0, 0];
    case Imm.f64: return new Array(8).fill(0);
    case Imm.v128: case Imm.shuffle: return Array.from({ length: 16 }, () => int(33));
    case Imm.select_t: return random() < 0.9 ? [1, pick(TYPES)] : [pick([0, 2]), 0x7f, 0x7f];
    case Imm.reftype: return [pick([0x70, 0x6f])];
  }
}

function randomBody(results: number[], random: Random): number[] {
  const pick = <T>(a: T[]) => a[Math.floor(random() * a.length)];
  const code: number[] = [];
  let open = 0;
  let stack: number[] = [];
  const length = 1 + Math.floor(random() * 12);
  for (let i = 0; i < length; i++) {
    if (random() < 0.6) {
      // An op whose params are on top of the (tracked) stack.
      const fits = typedOps.filter((op) => op.params!.every((t, j) => stack[stack.length - op.params!.length + j] === t));
      const op = pick(fits);
      code.push(...opcodeBytes(op), ...immediates(op, random));
      stack.length -= op.params!.length;
      stack.push(...op.results!);
    } else if (random() < 0.3) {
      const t = pick(TYPES);
      code.push(...CONST_OF[t]);
      stack.push(t);
    } else {
      stack = []; // no longer tracked
      const op = random() < 0.5 ? pick(controlOps) : pick(anyOps);
      if ((op.name === 'end' || op.name === 'else') && open === 0) continue;
      if (op.name === 'block' || op.name === 'loop' || op.name === 'if') open++;
      if (op.name === 'end') open--;
      code.push(...opcodeBytes(op), ...immediates(op, random));
    }
  }
  for (; open > 0; open--) code.push(0x0b);
  if (random() < 0.8) {
    for (let i = 0; i < stack.length; i++) code.push(0x1a);
    for (const t of results) code.push(...CONST_OF[t]);
  }
  code.push(0x0b);
  return code;
}

/** A module around one random function; the context gives every index kind something to name. */
export function randomModule(random: Random): Uint8Array<ArrayBuffer> {
  const pick = <T>(a: T[]) => a[Math.floor(random() * a.length)];
  const params = Array.from({ length: Math.floor(random() * 3) }, () => pick(TYPES));
  const results = Array.from({ length: Math.floor(random() * 2.5) }, () => pick(TYPES));
  const locals = Array.from({ length: Math.floor(random() * 3) }, () => [1, pick(TYPES)]);
  const content = [...vec(locals), ...randomBody(results, random)];
  return new Uint8Array([
    ...HEADER,
    ...section(1, vec([funcType(params, results), funcType([], []), funcType([0x7f], [0x7f]), funcType([0x7f, 0x7e], [0x7d, 0x7c])])),
    ...section(3, vec([[0], [1]])),
    ...section(4, vec([[0x70, 0, 1]])),
    ...section(5, vec([[0, 1]])),
    ...section(6, vec([[0x7f, 1, 0x41, 0, 0x0b], [0x7c, 0, 0x44, 0, 0, 0, 0, 0, 0, 0, 0, 0x0b]])),
    ...section(9, vec([[0x01, 0x00, 0x00], [0x05, 0x6f, 0x00]])), // passive: funcref [], externref []
    ...section(12, [1]),
    ...section(10, vec([[...uleb(content.length), ...content], [2, 0, 0x0b]])),
    ...section(11, vec([[0x01, 0x00]])),
  ]);
}
