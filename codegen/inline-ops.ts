// Inline JS for the ops that matter to compiled wasm: moves, 32- and 64-bit integer
// arithmetic on lo/hi int32 locals, compares, compare-and-branch, the scalar loads and
// stores, f64/f32 arithmetic on the register file, calls and returns. Every other op
// falls back to the interpreter's handler (translate.ts). Semantics follow
// pulley/src/interp.rs at v35.0.0, as the interpreter's handlers do; the shared vectors
// check both tiers against the same expectations.

import type { Instr } from '../src/isa/decode.js';
import type { AddrG32, AddrO32, BinaryOperands } from '../src/isa/operands.js';
import { F_F32, F_F64, F_I32, FP_I32, LR_I32, SP } from '../runtime/machine.js';
import { vectorOp } from './inline-vector.js';

/** What an inline emitter may use to write its JS. */
export interface Emit {
  pc: number;
  next: number;
  instr: Instr;
  /** Names of the locals holding x register r's low and high words. */
  lo(r: number): string;
  hi(r: number): string;
  /** Statement: leave the function, the interpreter going on at `to` (default: this pc). */
  bail(to?: number | string): string;
  /** Statement: continue at `target` (a block of this function, or the interpreter if it is not). */
  jump(target: number): string;
  /**
   * The function's one push_frame_save (its amount and register set), when its saved
   * registers stay in locals until something needs them in the stack (frameToMemory).
   */
  lazyFrame?: { amt: number; regs: number };
  /** The DataView of the region that heap base register `base` points into (AddrG32 accesses). */
  heapView(base: number): string;
  /** Statements that write back what a call here must find in the register file (codegen/sync.ts). */
  syncBack: string;
  /** Statements that read every cached register again (after a call whose callee is not known to preserve x16..x31). */
  allReload: string;
  /** Statements that read again what a direct call to `target` may have changed. */
  reloadAfterCallTo(target: number): string;
  /** The f64 value of f register r: a JS local where the translator keeps it in one, else the register file. */
  f(r: number): string;
  fCached(r: number): boolean;
  /** The f32 value of f register r: a JS local (never a signalling NaN) where the translator keeps it in one, else the register file. */
  f32(r: number): string;
  f32Cached(r: number): boolean;
  /** A condition true when an f32 local was reloaded from a signalling NaN, or '' when there are none. */
  f32NaN: string;
  /** For an fmov from a local: the class of the value it copies. */
  fMovClass?: '32' | '64';
  /** Statements that write back / reload the f registers kept in locals. */
  fBack: string;
  fReload: string;
  /** Statements that run this instruction through the interpreter's handler (registers written back and reloaded). */
  fallback(): string;
  /** Identifier of the generated function at this entry pc of the same unit, if there is one. */
  direct?(target: number): string | undefined;
}

/** Ops that read or write registers beyond their operands (sp, x0..x3, fp, lr) or change the pc. */
export const CONTROL_MNEMONICS: ReadonlySet<string> = new Set([
  'ret', 'call', 'call1', 'call2', 'call3', 'call4', 'call_indirect', 'jump', 'xjump', 'br_table32',
  'push_frame', 'pop_frame', 'push_frame_save', 'pop_frame_restore', 'stack_alloc32', 'stack_free32',
  'trap', 'call_indirect_host', 'xmov_fp', 'xmov_lr',
]);

type Emitter = (e: Emit, ops: readonly unknown[]) => string | undefined;

// ## 32-bit integer ops: write the low word only, as Pulley does.

const bin32 = (expr: (a: string, b: string) => string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return `${e.lo(dst)} = ${expr(e.lo(src1), e.lo(src2))};`;
};
const imm32 = (expr: (a: string, imm: string) => string): Emitter => (e, [dst, src, imm]) =>
  `${e.lo(dst as number)} = ${expr(e.lo(src as number), String((imm as number) | 0))};`;
const u6_32 = (expr: (a: string, n: number) => string): Emitter => (e, [o]) => {
  const { dst, src1, src2 } = o as BinaryOperands;
  return `${e.lo(dst)} = ${expr(e.lo(src1), src2 & 31)};`;
};
const cmp32 = (signed: boolean, op: string): Emitter => bin32((a, b) =>
  signed ? `(${a} ${op} ${b}) ? 1 : 0` : `((${a} >>> 0) ${op} (${b} >>> 0)) ? 1 : 0`);

// ## 64-bit integer ops on (lo, hi) pairs. Results go through temporaries so that a
// destination that is also a source reads the old value.

function set64(e: Emit, dst: number, loExpr: string, hiExpr: string): string {
  return `{ const l = ${loExpr}, h = ${hiExpr}; ${e.lo(dst)} = l; ${e.hi(dst)} = h; }`;
}
const add64 = (e: Emit, dst: number, al: string, ah: string, bl: string, bh: string) =>
  `{ const l = (${al} + ${bl}) | 0; ${e.hi(dst)} = (${ah} + ${bh} + ((l >>> 0) < (${al} >>> 0) ? 1 : 0)) | 0; ${e.lo(dst)} = l; }`;
const sub64 = (e: Emit, dst: number, al: string, ah: string, bl: string, bh: string) =>
  `{ const l = (${al} - ${bl}) | 0; ${e.hi(dst)} = (${ah} - ${bh} - ((${al} >>> 0) < (${bl} >>> 0) ? 1 : 0)) | 0; ${e.lo(dst)} = l; }`;

const bin64 = (f: (e: Emit, dst: number, al: string, ah: string, bl: string, bh: string) => string): Emitter =>
  (e, [o]) => {
    const { dst, src1, src2 } = o as BinaryOperands;
    return f(e, dst, e.lo(src1), e.hi(src1), e.lo(src2), e.hi(src2));
  };
/** 64-bit op with an immediate: `signed` immediates are sign-extended to 64 bits, others zero-extended. */
const imm64 = (signed: boolean, f: (e: Emit, dst: number, al: string, ah: string, bl: string, bh: string) => string): Emitter =>
  (e, [dst, src, imm]) => {
    const v = imm as number;
    const l = String(v | 0);
    const h = signed ? (v < 0 ? '-1' : '0') : '0';
    return f(e, dst as number, e.lo(src as number), e.hi(src as number), l, h);
  };
const logic64 = (op: string) => (e: Emit, dst: number, al: string, ah: string, bl: string, bh: string) =>
  set64(e, dst, `${al} ${op} ${bl}`, `${ah} ${op} ${bh}`);
const mul64 = (e: Emit, dst: number, al: string, ah: string, bl: string, bh: string) =>
  `{ const l = MUL64(${al}, ${ah}, ${bl}, ${bh}); ${e.hi(dst)} = HI; ${e.lo(dst)} = l; }`;

/** Comparisons of two 64-bit values given as (lo, hi) expressions; results are JS booleans. */
function cmp64Expr(kind: string, al: string, ah: string, bl: string, bh: string): string {
  const ulo = (op: string) => `((${al} >>> 0) ${op} (${bl} >>> 0))`;
  switch (kind) {
    case 'eq': return `(${al} === ${bl} && ${ah} === ${bh})`;
    case 'neq': return `(${al} !== ${bl} || ${ah} !== ${bh})`;
    case 'slt': return `(${ah} < ${bh} || (${ah} === ${bh} && ${ulo('<')}))`;
    case 'slteq': return `(${ah} < ${bh} || (${ah} === ${bh} && ${ulo('<=')}))`;
    case 'sgt': return `(${ah} > ${bh} || (${ah} === ${bh} && ${ulo('>')}))`;
    case 'sgteq': return `(${ah} > ${bh} || (${ah} === ${bh} && ${ulo('>=')}))`;
    case 'ult': return `((${ah} >>> 0) < (${bh} >>> 0) || (${ah} === ${bh} && ${ulo('<')}))`;
    case 'ulteq': return `((${ah} >>> 0) < (${bh} >>> 0) || (${ah} === ${bh} && ${ulo('<=')}))`;
    case 'ugt': return `((${ah} >>> 0) > (${bh} >>> 0) || (${ah} === ${bh} && ${ulo('>')}))`;
    case 'ugteq': return `((${ah} >>> 0) > (${bh} >>> 0) || (${ah} === ${bh} && ${ulo('>=')}))`;
    default: throw new Error(`no 64-bit comparison '${kind}'`);
  }
}
function cmp32Expr(kind: string, a: string, b: string): string {
  const op = ({ eq: '===', neq: '!==', slt: '<', slteq: '<=', sgt: '>', sgteq: '>=',
    ult: '<', ulteq: '<=', ugt: '>', ugteq: '>=' } as Record<string, string>)[kind];
  if (op === undefined) throw new Error(`no 32-bit comparison '${kind}'`);
  return kind.startsWith('u') ? `((${a} >>> 0) ${op} (${b} >>> 0))` : `(${a} ${op} ${b})`;
}

// ## Memory. Each access sets `at` to its pc first: an access outside its region throws
// (DataView's own RangeError, or a TypeError for an unmapped region), and the function
// leaves at `at`, where the interpreter raises the trap itself. Checks the op defines on
// top of that (AddrZ's null, AddrG32's bound) are explicit. Loads go through temporaries
// and 64-bit stores are range-checked first, so nothing is half done when an access throws.

/** The view and offset of an access, plus explicit checks, or undefined for a mode not inlined. */
export function addressing(e: Emit, type: string, addr: unknown, size: number): { checks: string; view: string; offset: string } | undefined {
  if (type === 'AddrO32' && (addr as AddrO32).base === SP) {
    // Spill slots and frames: the stack region is fixed for the machine (STACK_* in the unit).
    const { offset } = addr as AddrO32;
    return { checks: `if (${e.hi(SP)} !== STACK_ID) ${e.bail()}`, view: 'STACK_VIEW', offset: `(${e.lo(SP)} >>> 0) + ${offset}` };
  }
  if (type === 'AddrO32' || type === 'AddrZ') {
    const { base, offset } = addr as AddrO32;
    return {
      checks: type === 'AddrZ' ? `if ((${e.lo(base)} | ${e.hi(base)}) === 0) ${e.bail()}` : '',
      view: `REG[${e.hi(base)} >>> 0].view`,
      offset: `(${e.lo(base)} >>> 0) + ${offset}`,
    };
  }
  if (type === 'AddrG32') {
    const { hostHeapBase: b, hostHeapBound: n, wasmAddr: w, offset } = addr as AddrG32;
    return {
      checks: `if ((${e.lo(w)} >>> 0) > (${e.hi(n)} >>> 0) * 4294967296 + (${e.lo(n)} >>> 0) - ${offset + size}) ${e.bail()}`,
      view: e.heapView(b),
      offset: `(${e.lo(b)} >>> 0) + (${e.lo(w)} >>> 0) + ${offset}`,
    };
  }
  return undefined;
}

const MEMORY_OP = /^([xf])(load|store)(8|16|32|64)(le)?(_[us]32)?_(o32|z|g32)$/;

function memoryOp(e: Emit): string | undefined {
  const { op } = e.instr;
  const match = MEMORY_OP.exec(op.mnemonic);
  if (!match) return undefined;
  const [, cls, action, bits, , ext] = match;
  const size = Number(bits) / 8;
  const addrIndex = op.operands.findIndex((o) => o.type.startsWith('Addr'));
  const regIndex = addrIndex === 0 ? 1 : 0;
  const reg = e.instr.operands[regIndex] as number;
  const a = addressing(e, op.operands[addrIndex]!.type, e.instr.operands[addrIndex], size);
  if (a === undefined) return undefined;
  if (cls === 'f' && bits !== '32' && bits !== '64') return undefined;
  if (cls === 'f' && bits === '64' && e.fCached(reg)) {
    const prefixF = `at = ${e.pc}; ${a.checks}`;
    return action === 'load'
      ? `${prefixF} ${e.f(reg)} = ${a.view}.getFloat64(${a.offset}, true);`
      : `${prefixF} ${a.view}.setFloat64(${a.offset}, ${e.f(reg)}, true);`;
  }
  if (cls === 'f' && bits === '32' && e.f32Cached(reg)) {
    const prefixF = `at = ${e.pc}; ${a.checks}`;
    return action === 'load'
      ? `${prefixF} v = ${a.view}.getFloat32(${a.offset}, true); if (v !== v) ${e.bail()} ${e.f32(reg)} = v;`
      : `${prefixF} ${a.view}.setFloat32(${a.offset}, ${e.f32(reg)}, true);`;
  }
  // Where the value comes from or goes: an x register's locals, or an f register's words.
  const lo = cls === 'x' ? e.lo(reg) : `I32[${F_I32 + 2 * reg}]`;
  const hi = cls === 'x' ? e.hi(reg) : `I32[${F_I32 + 2 * reg + 1}]`;
  const prefix = `at = ${e.pc}; ${a.checks}`;
  if (action === 'load') {
    if (bits === '64') {
      return `${prefix} V = ${a.view}; o = ${a.offset}; l = V.getInt32(o, true); h = V.getInt32(o + 4, true); ${lo} = l; ${hi} = h;`;
    }
    const get = bits === '8' ? (ext === '_s32' ? 'getInt8' : 'getUint8')
      : bits === '16' ? (ext === '_s32' ? 'getInt16' : 'getUint16') : 'getInt32';
    return `${prefix} ${lo} = ${a.view}.${get}(${a.offset}${bits === '8' ? '' : ', true'});`;
  }
  if (bits === '64') {
    return `${prefix} V = ${a.view}; o = ${a.offset}; if (o + 8 > V.byteLength) ${e.bail()} ` +
      `V.setInt32(o, ${lo}, true); V.setInt32(o + 4, ${hi}, true);`;
  }
  const set = bits === '8' ? 'setInt8' : bits === '16' ? 'setInt16' : 'setInt32';
  return `${prefix} ${a.view}.${set}(${a.offset}, ${lo}${bits === '8' ? '' : ', true'});`;
}

// ## Branches

const BRANCH = /^br_if_x(eq|neq|slt|slteq|sgt|sgteq|ult|ulteq|ugt|ugteq)(32|64)(?:_([iu])(8|32))?$/;

function branchOp(e: Emit): string | undefined {
  const m = BRANCH.exec(e.instr.op.mnemonic);
  if (!m) return undefined;
  const [, kind, width, immKind] = m;
  const [a, b, rel] = e.instr.operands as [number, number, number];
  const target = e.pc + rel;
  let cond: string;
  if (immKind === undefined) {
    cond = width === '32' ? cmp32Expr(kind!, e.lo(a), e.lo(b)) : cmp64Expr(kind!, e.lo(a), e.hi(a), e.lo(b), e.hi(b));
  } else {
    // Signed immediates are sign-extended, unsigned ones zero-extended, to the compare width.
    const l = String(b | 0);
    const h = immKind === 'i' && b < 0 ? '-1' : '0';
    cond = width === '32' ? cmp32Expr(kind!, e.lo(a), l) : cmp64Expr(kind!, e.lo(a), e.hi(a), l, h);
  }
  return `if ${cond} ${e.jump(target)}`;
}

// ## Calls and returns

/** Sets lr to the next instruction, writes registers back, calls `target`, and resumes or leaves. */
function callTo(e: Emit, target: number, argMoves = ''): string {
  return `${argMoves}I32[${LR_I32}] = ${e.next}; I32[${LR_I32 + 1}] = CODE.id; ${e.syncBack} at = -1; ` +
    `${directCall(e, target)} if (r !== ${e.next} || m.codeRegion !== CODE) return r; ` +
    reloadAfterCall(e, e.reloadAfterCallTo(target));
}
/**
 * Reads the registers again after a call or host call. The register file is up to date
 * there, so an f32 local that would hold a NaN can leave to the interpreter right away.
 */
function reloadAfterCall(e: Emit, reload = e.allReload): string {
  return `${reload}${e.f32NaN === '' ? '' : ` if (${e.f32NaN}) return ${e.next};`}`;
}
function argMoves(e: Emit, args: readonly number[]): string {
  const reads = args.map((r, i) => `const a${i}l = ${e.lo(r)}, a${i}h = ${e.hi(r)};`).join(' ');
  const writes = args.map((_, i) => `${e.lo(i)} = a${i}l; ${e.hi(i)} = a${i}h;`).join(' ');
  return `{ ${reads} ${writes} } `;
}
/**
 * Statement: r = what calling `target` returns. A function of this unit is called by name,
 * so the engine can inline it; the depth guard keeps deep recursion off JS's own stack
 * (past it, the callee runs in the interpreter).
 */
function directCall(e: Emit, target: number): string {
  const ident = e.direct?.(target);
  return ident === undefined ? `r = CALL(m, ${target});`
    : `if (m.jitDepth < MAXD) { m.jitDepth++; r = ${ident}(m); m.jitDepth--; } else r = ${target};`;
}

// ## The table

const EMITTERS: Record<string, Emitter> = {
  nop: () => '',
  xmov: (e, [d, s]) => `${e.lo(d as number)} = ${e.lo(s as number)}; ${e.hi(d as number)} = ${e.hi(s as number)};`,
  xzero: (e, [d]) => `${e.lo(d as number)} = 0; ${e.hi(d as number)} = 0;`,
  xone: (e, [d]) => `${e.lo(d as number)} = 1; ${e.hi(d as number)} = 0;`,
  xconst8: (e, [d, v]) => `${e.lo(d as number)} = ${v}; ${e.hi(d as number)} = ${(v as number) < 0 ? -1 : 0};`,
  xconst16: (e, [d, v]) => `${e.lo(d as number)} = ${v}; ${e.hi(d as number)} = ${(v as number) < 0 ? -1 : 0};`,
  xconst32: (e, [d, v]) => `${e.lo(d as number)} = ${v}; ${e.hi(d as number)} = ${(v as number) < 0 ? -1 : 0};`,
  xconst64: (e, [d, v]) => {
    const big = BigInt.asUintN(64, v as bigint);
    return `${e.lo(d as number)} = ${Number(BigInt.asIntN(32, big))}; ${e.hi(d as number)} = ${Number(BigInt.asIntN(32, big >> 32n))};`;
  },

  xadd32: bin32((a, b) => `(${a} + ${b}) | 0`),
  xsub32: bin32((a, b) => `(${a} - ${b}) | 0`),
  xmul32: bin32((a, b) => `Math.imul(${a}, ${b})`),
  xband32: bin32((a, b) => `${a} & ${b}`),
  xbor32: bin32((a, b) => `${a} | ${b}`),
  xbxor32: bin32((a, b) => `${a} ^ ${b}`),
  xshl32: bin32((a, b) => `${a} << ${b}`),
  xshr32_s: bin32((a, b) => `${a} >> ${b}`),
  xshr32_u: bin32((a, b) => `(${a} >>> ${b}) | 0`),
  xrotl32: bin32((a, b) => `(${a} << ${b}) | (${a} >>> (32 - (${b} & 31)))`),
  xrotr32: bin32((a, b) => `(${a} >>> ${b}) | (${a} << (32 - (${b} & 31)))`),
  xshl32_u6: u6_32((a, n) => `${a} << ${n}`),
  xshr32_s_u6: u6_32((a, n) => `${a} >> ${n}`),
  xshr32_u_u6: u6_32((a, n) => `(${a} >>> ${n}) | 0`),
  xeq32: cmp32(true, '==='),
  xneq32: cmp32(true, '!=='),
  xslt32: cmp32(true, '<'),
  xslteq32: cmp32(true, '<='),
  xult32: cmp32(false, '<'),
  xulteq32: cmp32(false, '<='),
  xneg32: (e, [d, s]) => `${e.lo(d as number)} = (-${e.lo(s as number)}) | 0;`,
  xadd32_u8: imm32((a, i) => `(${a} + ${i}) | 0`),
  xadd32_u32: imm32((a, i) => `(${a} + ${i}) | 0`),
  xsub32_u8: imm32((a, i) => `(${a} - ${i}) | 0`),
  xsub32_u32: imm32((a, i) => `(${a} - ${i}) | 0`),
  xmul32_s8: imm32((a, i) => `Math.imul(${a}, ${i})`),
  xmul32_s32: imm32((a, i) => `Math.imul(${a}, ${i})`),
  xband32_s8: imm32((a, i) => `${a} & ${i}`),
  xband32_s32: imm32((a, i) => `${a} & ${i}`),
  xbor32_s8: imm32((a, i) => `${a} | ${i}`),
  xbor32_s32: imm32((a, i) => `${a} | ${i}`),
  xbxor32_s8: imm32((a, i) => `${a} ^ ${i}`),
  xbxor32_s32: imm32((a, i) => `${a} ^ ${i}`),

  xadd64: bin64(add64),
  xsub64: bin64(sub64),
  xmul64: bin64(mul64),
  xband64: bin64(logic64('&')),
  xbor64: bin64(logic64('|')),
  xbxor64: bin64(logic64('^')),
  xadd64_u8: imm64(false, add64),
  xadd64_u32: imm64(false, add64),
  xsub64_u8: imm64(false, sub64),
  xsub64_u32: imm64(false, sub64),
  xmul64_s8: imm64(true, mul64),
  xmul64_s32: imm64(true, mul64),
  xband64_s8: imm64(true, logic64('&')),
  xband64_s32: imm64(true, logic64('&')),
  xbor64_s8: imm64(true, logic64('|')),
  xbor64_s32: imm64(true, logic64('|')),
  xbxor64_s8: imm64(true, logic64('^')),
  xbxor64_s32: imm64(true, logic64('^')),
  xshl64: bin64((e, d, al, ah, bl) => `{ const l = SHL64(${al}, ${ah}, ${bl}); ${e.hi(d)} = HI; ${e.lo(d)} = l; }`),
  xshr64_s: bin64((e, d, al, ah, bl) => `{ const l = SAR64(${al}, ${ah}, ${bl}); ${e.hi(d)} = HI; ${e.lo(d)} = l; }`),
  xshr64_u: bin64((e, d, al, ah, bl) => `{ const l = SHR64(${al}, ${ah}, ${bl}); ${e.hi(d)} = HI; ${e.lo(d)} = l; }`),
  xshl64_u6: (e, [o]) => { const { dst, src1, src2 } = o as BinaryOperands;
    return `{ const l = SHL64(${e.lo(src1)}, ${e.hi(src1)}, ${src2}); ${e.hi(dst)} = HI; ${e.lo(dst)} = l; }`; },
  xshr64_s_u6: (e, [o]) => { const { dst, src1, src2 } = o as BinaryOperands;
    return `{ const l = SAR64(${e.lo(src1)}, ${e.hi(src1)}, ${src2}); ${e.hi(dst)} = HI; ${e.lo(dst)} = l; }`; },
  xshr64_u_u6: (e, [o]) => { const { dst, src1, src2 } = o as BinaryOperands;
    return `{ const l = SHR64(${e.lo(src1)}, ${e.hi(src1)}, ${src2}); ${e.hi(dst)} = HI; ${e.lo(dst)} = l; }`; },
  xeq64: bin64((e, d, al, ah, bl, bh) => `${e.lo(d)} = ${cmp64Expr('eq', al, ah, bl, bh)} ? 1 : 0;`),
  xneq64: bin64((e, d, al, ah, bl, bh) => `${e.lo(d)} = ${cmp64Expr('neq', al, ah, bl, bh)} ? 1 : 0;`),
  xslt64: bin64((e, d, al, ah, bl, bh) => `${e.lo(d)} = ${cmp64Expr('slt', al, ah, bl, bh)} ? 1 : 0;`),
  xslteq64: bin64((e, d, al, ah, bl, bh) => `${e.lo(d)} = ${cmp64Expr('slteq', al, ah, bl, bh)} ? 1 : 0;`),
  xult64: bin64((e, d, al, ah, bl, bh) => `${e.lo(d)} = ${cmp64Expr('ult', al, ah, bl, bh)} ? 1 : 0;`),
  xulteq64: bin64((e, d, al, ah, bl, bh) => `${e.lo(d)} = ${cmp64Expr('ulteq', al, ah, bl, bh)} ? 1 : 0;`),
  xneg64: (e, [d, s]) => sub64(e, d as number, '0', '0', e.lo(s as number), e.hi(s as number)),

  zext8: (e, [d, s]) => `${e.lo(d as number)} = ${e.lo(s as number)} & 0xff; ${e.hi(d as number)} = 0;`,
  zext16: (e, [d, s]) => `${e.lo(d as number)} = ${e.lo(s as number)} & 0xffff; ${e.hi(d as number)} = 0;`,
  zext32: (e, [d, s]) => `${e.lo(d as number)} = ${e.lo(s as number)}; ${e.hi(d as number)} = 0;`,
  sext8: (e, [d, s]) => set64(e, d as number, `(${e.lo(s as number)} << 24) >> 24`, `(${e.lo(s as number)} << 24) >> 31`),
  sext16: (e, [d, s]) => set64(e, d as number, `(${e.lo(s as number)} << 16) >> 16`, `(${e.lo(s as number)} << 16) >> 31`),
  sext32: (e, [d, s]) => set64(e, d as number, `${e.lo(s as number)}`, `${e.lo(s as number)} >> 31`),
  xselect32: (e, [d, c, t, f]) =>
    `${e.lo(d as number)} = ${e.lo(c as number)} !== 0 ? ${e.lo(t as number)} : ${e.lo(f as number)};`,
  xselect64: (e, [d, c, t, f]) => set64(e, d as number,
    `${e.lo(c as number)} !== 0 ? ${e.lo(t as number)} : ${e.lo(f as number)}`,
    `${e.lo(c as number)} !== 0 ? ${e.hi(t as number)} : ${e.hi(f as number)}`),

  // f registers stay in the register file. A NaN result is left to the interpreter's
  // handler, which gives it the exact bits the interpreter gives it (both tiers agree).
  fadd64: (e, [o]) => f64bin(e, o, '+'),
  fsub64: (e, [o]) => f64bin(e, o, '-'),
  fmul64: (e, [o]) => f64bin(e, o, '*'),
  fdiv64: (e, [o]) => f64bin(e, o, '/'),
  fadd32: (e, [o]) => f32bin(e, o, '+'),
  fsub32: (e, [o]) => f32bin(e, o, '-'),
  fmul32: (e, [o]) => f32bin(e, o, '*'),
  fdiv32: (e, [o]) => f32bin(e, o, '/'),
  fsqrt64: (e, [d, s]) => f64set(e, d as number, `Math.sqrt(${e.f(s as number)})`, e.f(s as number), e.f(s as number)),
  fsqrt32: (e, [d, s]) => f32set(e, [d as number, s as number], `Math.fround(Math.sqrt(${e.f32(s as number)}))`),
  // Raw bits: between locals or the register file, as the value's class says (f-locals.ts).
  // An f32 copy takes the high word from the register file, where it is always current.
  fmov: (e, [d, s]) => {
    const dst = d as number, src = s as number;
    if (!e.fCached(dst) && !e.fCached(src)) return copyF64(dst, src);
    if (e.fCached(src) && e.fMovClass === '32') {
      return `${e.f32(dst)} = ${e.f32(src)}; I32[${fWord(dst) + 1}] = I32[${fWord(src) + 1}];`;
    }
    return `${e.f(dst)} = ${e.f(src)};`;
  },
  fconst32: (e, [d, bits]) => (e.f32Cached(d as number)
    ? `${e.f32(d as number)} = ${numberLiteral(f32OfBits(bits as number))};`
    : `I32[${fWord(d as number)}] = ${(bits as number) | 0};`),
  fconst64: (e, [d, bits]) => {
    const b = BigInt.asUintN(64, bits as bigint);
    if (e.fCached(d as number)) return `${e.f(d as number)} = ${doubleLiteral(b)};`;
    return `I32[${fWord(d as number)}] = ${Number(BigInt.asIntN(32, b))}; I32[${fWord(d as number) + 1}] = ${Number(BigInt.asIntN(32, b >> 32n))};`;
  },
  // Sign-bit ops on the raw bits (NaN payloads pass through).
  fneg64: (e, [d, s]) => signOp(e, d as number, s as number, '64', 'neg'),
  fabs64: (e, [d, s]) => signOp(e, d as number, s as number, '64', 'abs'),
  fneg32: (e, [d, s]) => signOp(e, d as number, s as number, '32', 'neg'),
  fabs32: (e, [d, s]) => signOp(e, d as number, s as number, '32', 'abs'),
  feq64: (e, [d, a, b]) => `${e.lo(d as number)} = ${e.f(a as number)} === ${e.f(b as number)} ? 1 : 0;`,
  fneq64: (e, [d, a, b]) => `${e.lo(d as number)} = ${e.f(a as number)} !== ${e.f(b as number)} ? 1 : 0;`,
  flt64: (e, [d, a, b]) => `${e.lo(d as number)} = ${e.f(a as number)} < ${e.f(b as number)} ? 1 : 0;`,
  flteq64: (e, [d, a, b]) => `${e.lo(d as number)} = ${e.f(a as number)} <= ${e.f(b as number)} ? 1 : 0;`,
  feq32: (e, [d, a, b]) => `${e.lo(d as number)} = ${e.f32(a as number)} === ${e.f32(b as number)} ? 1 : 0;`,
  fneq32: (e, [d, a, b]) => `${e.lo(d as number)} = ${e.f32(a as number)} !== ${e.f32(b as number)} ? 1 : 0;`,
  flt32: (e, [d, a, b]) => `${e.lo(d as number)} = ${e.f32(a as number)} < ${e.f32(b as number)} ? 1 : 0;`,
  flteq32: (e, [d, a, b]) => `${e.lo(d as number)} = ${e.f32(a as number)} <= ${e.f32(b as number)} ? 1 : 0;`,
  fselect64: (e, [d, c, t, f]) => `if (${e.lo(c as number)} !== 0) { ${copyF(e, d as number, t as number, '64')} } ` +
    `else { ${copyF(e, d as number, f as number, '64')} }`,
  fselect32: (e, [d, c, t, f]) => `if (${e.lo(c as number)} !== 0) { ${copyF(e, d as number, t as number, '32')} } ` +
    `else { ${copyF(e, d as number, f as number, '32')} }`,
  // Exact: an int32 is exact in a double; an int64 is hi * 2^32 + lo, rounded once.
  f64_from_x32_s: (e, [d, s]) => `${e.f(d as number)} = ${e.lo(s as number)};`,
  f64_from_x32_u: (e, [d, s]) => `${e.f(d as number)} = ${e.lo(s as number)} >>> 0;`,
  f64_from_x64_s: (e, [d, s]) => `${e.f(d as number)} = ${e.hi(s as number)} * 4294967296 + (${e.lo(s as number)} >>> 0);`,
  f64_from_x64_u: (e, [d, s]) => `${e.f(d as number)} = (${e.hi(s as number)} >>> 0) * 4294967296 + (${e.lo(s as number)} >>> 0);`,
  f32_from_x32_s: (e, [d, s]) => `${e.f32(d as number)} = ${e.f32Cached(d as number) ? `Math.fround(${e.lo(s as number)})` : e.lo(s as number)};`,
  f32_from_x32_u: (e, [d, s]) => `${e.f32(d as number)} = ${e.f32Cached(d as number) ? `Math.fround(${e.lo(s as number)} >>> 0)` : `${e.lo(s as number)} >>> 0`};`,
  // A NaN keeps its payload bits the handler's way (or, from a local, the interpreter's).
  f64_from_f32: (e, [d, s]) => `{ const v = ${e.f32(s as number)}; if (v === v) ${e.f(d as number)} = v; else ` +
    `${e.fCached(d as number) || e.f32Cached(s as number) ? e.bail() : viaHandler(e)} }`,
  f32_from_f64: (e, [d, s]) => f32set(e, [d as number, s as number], `Math.fround(${e.f(s as number)})`, e.fCached(s as number)),
  bitcast_int_from_float_32: (e, [d, s]) => `${e.lo(d as number)} = I32[${fWord(s as number)}];`,
  bitcast_int_from_float_64: (e, [d, s]) =>
    `${e.lo(d as number)} = I32[${fWord(s as number)}]; ${e.hi(d as number)} = I32[${fWord(s as number) + 1}];`,
  bitcast_float_from_int_32: (e, [d, s]) => `I32[${fWord(d as number)}] = ${e.lo(s as number)};`,
  bitcast_float_from_int_64: (e, [d, s]) =>
    `I32[${fWord(d as number)}] = ${e.lo(s as number)}; I32[${fWord(d as number) + 1}] = ${e.hi(s as number)};`,

  // Division: a zero divisor (or MIN / -1) leaves the instruction to the interpreter, which traps.
  xdiv32_s: div32((a, b) => `(${a} / ${b}) | 0`, true),
  xdiv32_u: div32((a, b) => `((${a} >>> 0) / (${b} >>> 0)) | 0`),
  xrem32_s: div32((a, b) => `(${a} % ${b}) | 0`),
  xrem32_u: div32((a, b) => `((${a} >>> 0) % (${b} >>> 0)) | 0`),
  // 64-bit division inline where both operands fit 32 bits (a double divides them
  // exactly), else the handler's BigInt division.
  xdiv64_u: div64(false, (a, b) => `(${a} >>> 0) / (${b} >>> 0)`),
  xrem64_u: div64(false, (a, b) => `(${a} >>> 0) % (${b} >>> 0)`),
  xdiv64_s: div64(true, (a, b) => `Math.trunc(${a} / ${b})`),
  xrem64_s: div64(true, (a, b) => `${a} % ${b}`),
  xmadd32: (e, [d, a, b, c]) =>
    `${e.lo(d as number)} = (Math.imul(${e.lo(a as number)}, ${e.lo(b as number)}) + ${e.lo(c as number)}) | 0;`,
  xbnot32: (e, [d, s]) => `${e.lo(d as number)} = ~${e.lo(s as number)};`,
  xbnot64: (e, [d, s]) => set64(e, d as number, `~${e.lo(s as number)}`, `~${e.hi(s as number)}`),
  xabs32: (e, [d, s]) => `${e.lo(d as number)} = ${e.lo(s as number)} < 0 ? -${e.lo(s as number)} | 0 : ${e.lo(s as number)};`,
  xclz32: (e, [d, s]) => `${e.lo(d as number)} = Math.clz32(${e.lo(s as number)});`,
  xctz32: (e, [d, s]) => `${e.lo(d as number)} = CTZ32(${e.lo(s as number)});`,
  xpopcnt32: (e, [d, s]) => `${e.lo(d as number)} = POPCNT32(${e.lo(s as number)});`,
  xclz64: (e, [d, s]) => set64(e, d as number,
    `${e.hi(s as number)} !== 0 ? Math.clz32(${e.hi(s as number)}) : 32 + Math.clz32(${e.lo(s as number)})`, '0'),
  xctz64: (e, [d, s]) => set64(e, d as number,
    `${e.lo(s as number)} !== 0 ? CTZ32(${e.lo(s as number)}) : 32 + CTZ32(${e.hi(s as number)})`, '0'),
  xpopcnt64: (e, [d, s]) => set64(e, d as number, `POPCNT32(${e.lo(s as number)}) + POPCNT32(${e.hi(s as number)})`, '0'),
  xbmask32: (e, [d, s]) => `${e.lo(d as number)} = ${e.lo(s as number)} === 0 ? 0 : -1;`,
  xbmask64: (e, [d, s]) => `${e.lo(d as number)} = (${e.lo(s as number)} | ${e.hi(s as number)}) === 0 ? 0 : -1; ${e.hi(d as number)} = ${e.lo(d as number)};`,
  xmin32_s: bin32((a, b) => `${a} < ${b} ? ${a} : ${b}`),
  xmax32_s: bin32((a, b) => `${a} > ${b} ? ${a} : ${b}`),
  xmin32_u: bin32((a, b) => `(${a} >>> 0) < (${b} >>> 0) ? ${a} : ${b}`),
  xmax32_u: bin32((a, b) => `(${a} >>> 0) > (${b} >>> 0) ? ${a} : ${b}`),
  // Ties pick src1, as the handlers do (a later operand wins only when strictly better).
  xmin64_s: minMax64((al, ah, bl, bh) => cmp64Expr('slt', bl, bh, al, ah)),
  xmax64_s: minMax64((al, ah, bl, bh) => cmp64Expr('slt', al, ah, bl, bh)),
  xmin64_u: minMax64((al, ah, bl, bh) => cmp64Expr('ult', bl, bh, al, ah)),
  xmax64_u: minMax64((al, ah, bl, bh) => cmp64Expr('ult', al, ah, bl, bh)),
  // Float to int, trapping: out of range or NaN leaves it to the interpreter, which traps.
  x32_from_f64_s: (e, [d, s]) => truncTo32(e, d as number, e.f(s as number), true),
  x32_from_f64_u: (e, [d, s]) => truncTo32(e, d as number, e.f(s as number), false),
  x32_from_f32_s: (e, [d, s]) => truncTo32(e, d as number, e.f32(s as number), true),
  x32_from_f32_u: (e, [d, s]) => truncTo32(e, d as number, e.f32(s as number), false),
  // Rounding to an integral value: exact in doubles; a NaN gets the interpreter's bits.
  ffloor64: (e, [d, s]) => round64(e, d as number, s as number, 'floor'),
  fceil64: (e, [d, s]) => round64(e, d as number, s as number, 'ceil'),
  ftrunc64: (e, [d, s]) => round64(e, d as number, s as number, 'trunc'),
  ffloor32: (e, [d, s]) => f32set(e, [d as number, s as number], `Math.floor(${e.f32(s as number)})`),
  fceil32: (e, [d, s]) => f32set(e, [d as number, s as number], `Math.ceil(${e.f32(s as number)})`),
  ftrunc32: (e, [d, s]) => f32set(e, [d as number, s as number], `Math.trunc(${e.f32(s as number)})`),

  br_if32: (e, [c, rel]) => `if (${e.lo(c as number)} !== 0) ${e.jump(e.pc + (rel as number))}`,
  br_if_not32: (e, [c, rel]) => `if (${e.lo(c as number)} === 0) ${e.jump(e.pc + (rel as number))}`,
  jump: (e, [rel]) => e.jump(e.pc + (rel as number)),
  ret: (e) => `if (I32[${LR_I32 + 1}] === CODE.id) ${e.bail(`I32[${LR_I32}]`)} ${e.bail()}`,
  call: (e, [rel]) => callTo(e, e.pc + (rel as number)),
  call1: (e, [a, rel]) => callTo(e, e.pc + (rel as number), argMoves(e, [a as number])),
  call2: (e, [a, b, rel]) => callTo(e, e.pc + (rel as number), argMoves(e, [a as number, b as number])),
  call3: (e, [a, b, c, rel]) => callTo(e, e.pc + (rel as number), argMoves(e, [a as number, b as number, c as number])),
  call4: (e, [a, b, c, d, rel]) =>
    callTo(e, e.pc + (rel as number), argMoves(e, [a as number, b as number, c as number, d as number])),
  // An unusual target (not code) is the interpreter's to report: bail at this call.
  call_indirect: (e, [reg]) =>
    `I32[${LR_I32}] = ${e.next}; I32[${LR_I32 + 1}] = CODE.id; ${e.syncBack} at = -1; ` +
    `r = CALLI(m, ${e.lo(reg as number)}, ${e.hi(reg as number)}); if (r === -2) return ${e.pc}; ` +
    `if (r !== ${e.next} || m.codeRegion !== CODE) return r; ${reloadAfterCall(e)}`,
  // Frames on the machine's stack, with the registers saved from / restored into locals.
  // Anything unusual (sp outside the stack, overflow) is the interpreter's to raise.
  push_frame_save: (e, [amt, regs]) => {
    const a = amt as number, full = a + 16, saved = upperRegs(regs as number);
    if (saved.length * 8 > a) return undefined;
    const sp = { l: e.lo(SP), h: e.hi(SP) };
    const lazy = e.lazyFrame !== undefined && e.lazyFrame.amt === a && e.lazyFrame.regs === regs;
    const stores = lazy
      ? `${frameToMemory(a, saved)} FB = o; FR = 1; ${saved.map((r) => `S${r}l = ${e.lo(r)}; S${r}h = ${e.hi(r)};`).join(' ')}`
      : savedSlots(a, saved).map(({ r, off }) =>
        `V.setInt32(o + ${off}, ${e.lo(r)}, true); V.setInt32(o + ${off + 4}, ${e.hi(r)}, true);`).join(' ');
    return `{ o = (${sp.l} >>> 0) - ${full}; if (${sp.h} !== STACK_ID || o < 0 || o + ${full} > STACK_LENGTH) ${e.bail()} ` +
      `V = STACK_VIEW; V.setInt32(o + ${full - 8}, I32[${LR_I32}], true); V.setInt32(o + ${full - 4}, I32[${LR_I32 + 1}], true); ` +
      `V.setInt32(o + ${a}, I32[${FP_I32}], true); V.setInt32(o + ${a + 4}, I32[${FP_I32 + 1}], true); ` +
      `I32[${FP_I32}] = o + ${a}; I32[${FP_I32 + 1}] = ${sp.h}; ${sp.l} = o; ${stores} }`;
  },
  pop_frame_restore: (e, [amt, regs]) => {
    const a = amt as number, saved = upperRegs(regs as number);
    if (saved.length * 8 > a) return undefined;
    const sp = { l: e.lo(SP), h: e.hi(SP) };
    const fromMemory = savedSlots(a, saved).map(({ r, off }) =>
      `${e.lo(r)} = V.getInt32(o + ${off}, true); ${e.hi(r)} = V.getInt32(o + ${off + 4}, true);`).join(' ');
    const lazy = e.lazyFrame !== undefined && e.lazyFrame.amt === a && e.lazyFrame.regs === regs;
    // The frame this function pushed, still in locals: restore from them.
    const loads = lazy
      ? `if (FR === 1 && o === FB) { ${saved.map((r) => `${e.lo(r)} = S${r}l; ${e.hi(r)} = S${r}h;`).join(' ')} FR = 0; } ` +
        `else { ${frameToMemory(a, saved)} ${fromMemory} }`
      : fromMemory;
    return `{ o = ${sp.l} >>> 0; w = I32[${FP_I32}] >>> 0; ` +
      `if (${sp.h} !== STACK_ID || o + ${a} > STACK_LENGTH || I32[${FP_I32 + 1}] !== STACK_ID || w + 16 > STACK_LENGTH) ${e.bail()} ` +
      `V = STACK_VIEW; ${loads} ${sp.l} = (w + 16) | 0; ` +
      `I32[${FP_I32}] = V.getInt32(w, true); I32[${FP_I32 + 1}] = V.getInt32(w + 4, true); ` +
      `I32[${LR_I32}] = V.getInt32(w + 8, true); I32[${LR_I32 + 1}] = V.getInt32(w + 12, true); }`;
  },
  // The index clamps to the last entry, as in Pulley; an empty table is the interpreter's to report.
  br_table32: (e, [idx]) => {
    const targets = e.instr.targets ?? [];
    if (targets.length === 0) return e.bail();
    const tableStart = e.pc + e.instr.op.size;
    const cases = targets.map((rel, i) =>
      `${i === targets.length - 1 ? 'default' : `case ${i}`}: ${e.jump(tableStart + 4 * i + rel)}`);
    return `switch (${e.lo(idx as number)} >>> 0) { ${cases.join(' ')} }`;
  },
  trap: (e) => e.bail(),
  // The host runs right away (Machine.hostCall) on the written-back state; it may re-enter
  // the VM and it sets x0, so every register is read again.
  call_indirect_host: (e, [id]) =>
    `if (m.hostCall === undefined) ${e.bail()} ${e.syncBack} at = -1; m.hostCall(${id as number}, ${e.next}); ${reloadAfterCall(e)}`,
};

function div32(expr: (a: string, b: string) => string, overflowTraps = false): Emitter {
  return (e, [o]) => {
    const { dst, src1, src2 } = o as BinaryOperands;
    const a = e.lo(src1), b = e.lo(src2);
    const overflow = overflowTraps ? ` || (${a} === -2147483648 && ${b} === -1)` : '';
    return `if (${b} === 0${overflow}) ${e.bail()} ${e.lo(dst)} = ${expr(a, b)};`;
  };
}
function div64(signed: boolean, expr: (a: string, b: string) => string): Emitter {
  return (e, [o]) => {
    const { dst, src1, src2 } = o as BinaryOperands;
    const [al, ah, bl, bh] = [e.lo(src1), e.hi(src1), e.lo(src2), e.hi(src2)];
    const fits = signed ? `${ah} === ${al} >> 31 && ${bh} === ${bl} >> 31` : `(${ah} | ${bh}) === 0`;
    const hi = signed ? 'v < 0 ? -1 : 0' : '0';
    return `if (${fits} && ${bl} !== 0) { v = ${expr(al, bl)}; ${e.lo(dst)} = v | 0; ${e.hi(dst)} = ${hi}; } else { ${e.fallback()} }`;
  };
}
function minMax64(takeSrc2: (al: string, ah: string, bl: string, bh: string) => string): Emitter {
  return (e, [o]) => {
    const { dst, src1, src2 } = o as BinaryOperands;
    const [al, ah, bl, bh] = [e.lo(src1), e.hi(src1), e.lo(src2), e.hi(src2)];
    return `if ${takeSrc2(al, ah, bl, bh)} { ${e.lo(dst)} = ${bl}; ${e.hi(dst)} = ${bh}; } else { ${e.lo(dst)} = ${al}; ${e.hi(dst)} = ${ah}; }`;
  };
}
function truncTo32(e: Emit, d: number, value: string, signed: boolean): string {
  const inRange = signed ? 'v > -2147483649 && v < 2147483648' : 'v > -1 && v < 4294967296';
  return `{ v = ${value}; if (${inRange}) ${e.lo(d)} = ${signed ? 'v | 0' : '(v >>> 0) | 0'}; else ${e.bail()} }`;
}
function round64(e: Emit, d: number, s: number, how: string): string {
  const viaInterp = e.fCached(d) || e.fCached(s) ? e.bail() : viaHandler(e);
  return `{ v = Math.${how}(${e.f(s)}); if (v === v) ${e.f(d)} = v; else ${viaInterp} }`;
}

/** Where push_frame_save puts each saved register: its offset from the frame's base (sp after the push). */
function savedSlots(amt: number, saved: readonly number[]): Array<{ r: number; off: number }> {
  return saved.map((r, i) => ({ r, off: amt - 8 * (i + 1) }));
}

/**
 * Statements that store a lazily saved frame's registers (locals S16l/S16h.. of the frame
 * at FB) into the stack, if it is still only in locals (FR = 1): before anything that may
 * let the interpreter pop that frame (a call, leaving the function, another push).
 */
export function frameToMemory(amt: number, saved: readonly number[]): string {
  const stores = savedSlots(amt, saved).map(({ r, off }) =>
    `STACK_VIEW.setInt32(FB + ${off}, S${r}l, true); STACK_VIEW.setInt32(FB + ${off + 4}, S${r}h, true);`).join(' ');
  return `if (FR === 1) { ${stores} FR = 0; }`;
}

/** The registers of an UpperRegSet, lowest first (bit i = x(16 + i)). */
export function upperRegs(set: number): number[] {
  const regs: number[] = [];
  for (let bit = 0; bit < 16; bit++) if ((set >>> bit) & 1) regs.push(16 + bit);
  return regs;
}

/** I32 index of f register r's low word. */
const fWord = (r: number) => F_I32 + 2 * r;
const copyF64 = (d: number, s: number) =>
  d === s ? '' : `I32[${fWord(d)}] = I32[${fWord(s)}]; I32[${fWord(d) + 1}] = I32[${fWord(s) + 1}];`;
/**
 * Copies an f value of class `cls` (f64: 8 bytes, f32: the low word) from s to d, each a
 * local or the register file. An f32 read from the register file into a local goes to the
 * interpreter if it is a NaN (a local never holds a signalling one).
 */
function copyF(e: Emit, d: number, s: number, cls: '32' | '64'): string {
  if (d === s) return '';
  if (!e.fCached(d) && !e.fCached(s)) return cls === '64' ? copyF64(d, s) : `I32[${fWord(d)}] = I32[${fWord(s)}];`;
  if (cls === '32' && e.fCached(d) && !e.fCached(s)) return `v = ${e.f32(s)}; if (v !== v) ${e.bail()} ${e.f32(d)} = v;`;
  return cls === '64' ? `${e.f(d)} = ${e.f(s)};` : `${e.f32(d)} = ${e.f32(s)};`;
}

/** fneg / fabs: on the raw bits in the register file; on locals as arithmetic, NaNs left to the interpreter. */
function signOp(e: Emit, d: number, s: number, cls: '32' | '64', kind: 'neg' | 'abs'): string {
  if (e.fCached(d) || e.fCached(s)) {
    const value = cls === '64' ? e.f(s) : e.f32(s);
    const target = cls === '64' ? e.f(d) : e.f32(d);
    return `{ v = ${value}; if (v !== v) ${e.bail()} ${target} = ${kind === 'neg' ? '-v' : 'Math.abs(v)'}; }`;
  }
  const word = cls === '64' ? fWord(d) + 1 : fWord(d);
  const copy = cls === '64' ? copyF64(d, s) : `I32[${fWord(d)}] = I32[${fWord(s)}];`;
  return `${copy} I32[${word}] ${kind === 'neg' ? '^= -2147483648' : '&= 2147483647'};`;
}

/** This instruction run by the interpreter's handler (f registers live in the register file). */
export const viaHandler = (e: Emit) => `H[${e.instr.op.index}](m, ${e.pc}, ${e.pc + e.instr.op.size});`;

/** f64 result of `expr` from operands a, b (b = a for a unary op); a NaN gets the interpreter's bits (NAN64). */
function f64set(e: Emit, d: number, expr: string, a: string, b: string): string {
  return `{ const v = ${expr}; ${e.f(d)} = v === v ? v : NAN64(${a}, ${b}); }`;
}

/** The double whose IEEE bits are `bits`. */
export function f64OfBits(bits: bigint): number {
  const view = new DataView(new ArrayBuffer(8));
  view.setBigUint64(0, BigInt.asUintN(64, bits), true);
  return view.getFloat64(0, true);
}

/** The f32 whose IEEE bits are `bits`. */
export function f32OfBits(bits: number): number {
  const view = new DataView(new ArrayBuffer(4));
  view.setInt32(0, bits, true);
  return view.getFloat32(0, true);
}

/** A JS literal for a (non-NaN) number. */
function numberLiteral(x: number): string {
  return Object.is(x, -0) ? '-0' : x === Infinity ? 'Infinity' : x === -Infinity ? '-Infinity' : String(x);
}
const doubleLiteral = (bits: bigint) => numberLiteral(f64OfBits(bits));
/**
 * f32 result of `expr` into regs[0] (regs: the f registers the op names). A NaN result is
 * the interpreter's to make: its handler, or, where an operand lives in a local the handler
 * cannot see, the interpreter itself from this instruction on.
 */
function f32set(e: Emit, regs: readonly number[], expr: string, otherCached = false): string {
  const cached = otherCached || regs.some((r) => e.f32Cached(r));
  return `{ const v = ${expr}; if (v === v) ${e.f32(regs[0]!)} = v; else ${cached ? e.bail() : viaHandler(e)} }`;
}
function f64bin(e: Emit, o: unknown, op: string): string {
  const { dst, src1, src2 } = o as BinaryOperands;
  return f64set(e, dst, `${e.f(src1)} ${op} ${e.f(src2)}`, e.f(src1), e.f(src2));
}
function f32bin(e: Emit, o: unknown, op: string): string {
  const { dst, src1, src2 } = o as BinaryOperands;
  return f32set(e, [dst, src1, src2], `Math.fround(${e.f32(src1)} ${op} ${e.f32(src2)})`);
}

/** Inline JS for `instr`, or undefined where the interpreter's handler must run it. */
export function inlineOp(instr: Instr, e: Emit): string | undefined {
  const emitter = EMITTERS[instr.op.mnemonic];
  if (emitter) return emitter(e, instr.operands);
  return memoryOp(e) ?? branchOp(e) ?? vectorOp(e);
}

/** The temporaries inline code assigns (it writes `const x = ...`; the translator drops the `const`). */
export const INLINE_TEMPORARIES = 'l = 0, h = 0, v = 0, o = 0, w = 0, R, V, MH = -1, MV, ' +
  [0, 1, 2, 3].map((i) => `a${i}l = 0, a${i}h = 0`).join(', ');

/** Helpers the generated code calls; defined once per generated unit (see unit.ts). */
export const PRELUDE = `
// The NaN an f64 op gives: the first NaN operand, quieted, else the negative default NaN
// (the interpreter's rule, runtime/ops/fmath.ts setNaNResultWords64, as on x86-64).
const NANF = new Float64Array(1), NANW = new Int32Array(NANF.buffer);
function NAN64(a, b) {
  if (a !== a) { NANF[0] = a; NANW[1] |= 0x80000; return NANF[0]; }
  if (b !== b) { NANF[0] = b; NANW[1] |= 0x80000; return NANF[0]; }
  NANW[0] = 0; NANW[1] = -524288; return NANF[0];
}
let HI = 0;
function CTZ32(x) { return x === 0 ? 32 : 31 - Math.clz32(x & -x); }
function POPCNT32(x) {
  x = x - ((x >>> 1) & 0x55555555);
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  return Math.imul((x + (x >>> 4)) & 0x0f0f0f0f, 0x01010101) >>> 24;
}
function MUL64(al, ah, bl, bh) {
  const a0 = al & 0xffff, a1 = al >>> 16, b0 = bl & 0xffff, b1 = bl >>> 16;
  const p00 = a0 * b0, p01 = a0 * b1, p10 = a1 * b0;
  const mid = (p00 >>> 16) + (p01 & 0xffff) + (p10 & 0xffff);
  const lo = ((mid << 16) | (p00 & 0xffff)) | 0;
  HI = (a1 * b1 + (p01 >>> 16) + (p10 >>> 16) + (mid >>> 16) + Math.imul(al, bh) + Math.imul(ah, bl)) | 0;
  return lo;
}
function SHL64(l, h, n) {
  n &= 63;
  if (n === 0) { HI = h; return l; }
  if (n < 32) { HI = (h << n) | (l >>> (32 - n)); return l << n; }
  HI = l << (n - 32); return 0;
}
function SHR64(l, h, n) {
  n &= 63;
  if (n === 0) { HI = h; return l; }
  if (n < 32) { HI = h >>> n | 0; return (l >>> n) | (h << (32 - n)); }
  HI = 0; return (h >>> (n - 32)) | 0;
}
function SAR64(l, h, n) {
  n &= 63;
  if (n === 0) { HI = h; return l; }
  if (n < 32) { HI = h >> n; return (l >>> n) | (h << (32 - n)); }
  HI = h >> 31; return h >> (n - 32);
}
`;
