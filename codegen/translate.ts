// The JS tier's translator: one Pulley bytecode function becomes the source of one JS
// function that runs on the same machine (register file, stack, memories) as the
// interpreter. The contract of a generated function is the interpreter's own handler
// contract stretched over a whole function: it is entered when the machine is about to
// execute the instruction at its entry pc, and it returns the pc at which the interpreter
// must continue (in m.code). A `ret` to a JS caller returns the return address; anything
// the translator leaves to the interpreter (a trap, call_indirect_host, a return to the
// host) returns the pc of that very instruction, with every register written back, so the
// interpreter executes it as if it had run the whole function itself.
//
// x registers live in JS locals (lo/hi int32 pairs) between those points; f and v
// registers stay in the register file, which typed arrays make as cheap as locals for
// doubles. Ops without an inline translation call the interpreter's own handler, with the
// registers they touch written back before and reloaded after.

import { decodeInstr, type Instr } from '../src/isa/decode.js';
import type { OpInfo } from '../src/isa/ops.js';
import type { AddrG32, AddrO32, BinaryOperands } from '../src/isa/operands.js';
import { CONTROL_MNEMONICS, f32OfBits, f64OfBits, INLINE_TEMPORARIES, inlineOp, upperRegs, type Emit } from './inline-ops.js';
import { F_F32, F_F64, SP } from '../runtime/machine.js';
import { closingOrder, openingOrder, structure, type Interval } from './structure.js';

export interface TranslateInput {
  code: Uint8Array;
  /** Byte offset of the function's first instruction. */
  entry: number;
  /** Byte offset one past its last instruction. */
  end: number;
  /** Used in the generated function's name (stack traces). */
  name?: string;
  /** false: always a switch in a loop (for tests of that fallback). */
  structured?: boolean;
}

export interface TranslatedFunction {
  entry: number;
  /** Identifier of the generated function. */
  ident: string;
  /** `function ident(m) { ... }` */
  source: string;
  /** Pcs of instructions, each with the line of the generated source that starts it (for source maps). */
  lines: Array<{ pc: number; line: number }>;
}

/** x registers an instruction reads or writes, from its operand types. */
export function xRegsOf(instr: Instr): number[] {
  const regs: number[] = [];
  instr.op.operands.forEach((operand, i) => {
    const v = instr.operands[i]!;
    switch (operand.type) {
      case 'XReg': regs.push(v as number); break;
      case 'BinaryOperands<XReg>': { const b = v as BinaryOperands; regs.push(b.dst, b.src1, b.src2); break; }
      case 'BinaryOperands<XReg,XReg,U6>': { const b = v as BinaryOperands; regs.push(b.dst, b.src1); break; }
      case 'BinaryOperands<VReg,VReg,XReg>': regs.push((v as BinaryOperands).src2); break;
      case 'AddrO32': case 'AddrZ': regs.push((v as AddrO32).base); break;
      case 'AddrG32': {
        const a = v as AddrG32; regs.push(a.hostHeapBase, a.hostHeapBound, a.wasmAddr); break;
      }
      case 'AddrG32Bne': {
        const a = v as unknown as { hostHeapBase: number; hostHeapBoundAddr: number; wasmAddr: number };
        regs.push(a.hostHeapBase, a.hostHeapBoundAddr, a.wasmAddr); break;
      }
      case 'UpperRegSet<XReg>': {
        for (let bit = 0; bit < 16; bit++) if (((v as number) >>> bit) & 1) regs.push(16 + bit);
        break;
      }
      default: break;
    }
  });
  return regs;
}

const isControl = (op: OpInfo): boolean => CONTROL_MNEMONICS.has(op.mnemonic);

/** x registers a control op reads or writes without naming them: sp for frames, x0.. for call args. */
function implicitXRegsOf(op: OpInfo): number[] {
  switch (op.mnemonic) {
    case 'push_frame': case 'pop_frame': case 'push_frame_save': case 'pop_frame_restore':
    case 'stack_alloc32': case 'stack_free32':
      return [SP];
    case 'call1': return [0];
    case 'call2': return [0, 1];
    case 'call3': return [0, 1, 2];
    case 'call4': return [0, 1, 2, 3];
    default: return [];
  }
}

/** x registers whose cached value an instruction may change: destinations, call arguments. */
function writtenXRegsOf(instr: Instr): number[] {
  const regs = [...implicitXRegsOf(instr.op)];
  instr.op.operands.forEach((operand, i) => {
    const v = instr.operands[i]!;
    if (operand.type === 'XReg' && operand.name === 'dst') regs.push(v as number);
    if (operand.type === 'UpperRegSet<XReg>' && instr.op.mnemonic === 'pop_frame_restore') regs.push(...upperRegs(v as number));
    if (operand.type === 'BinaryOperands<XReg>' || operand.type === 'BinaryOperands<XReg,XReg,U6>') {
      regs.push((v as BinaryOperands).dst);
    }
  });
  return regs;
}

/**
 * How each op uses its f registers, for keeping them in JS doubles: '64' as an f64 value,
 * '32' as an f32 value, 'mov' as raw bits (fmov). Ops not listed may depend on NaN bits
 * or on the other half of the register; their f registers stay in the register file.
 */
const F_LOCAL_USES: Readonly<Record<string, readonly ('64' | '32' | 'mov')[]>> = {
  fadd64: ['64'], fsub64: ['64'], fmul64: ['64'], fdiv64: ['64'], fsqrt64: ['64'], fconst64: ['64'],
  feq64: ['64'], fneq64: ['64'], flt64: ['64'], flteq64: ['64'],
  f64_from_x32_s: ['64'], f64_from_x32_u: ['64'], f64_from_x64_s: ['64'], f64_from_x64_u: ['64'],
  fload64le_o32: ['64'], fload64le_z: ['64'], fload64le_g32: ['64'],
  fstore64le_o32: ['64'], fstore64le_z: ['64'], fstore64le_g32: ['64'],
  ffloor64: ['64'], fceil64: ['64'], ftrunc64: ['64'],
  ffloor32: ['32'], fceil32: ['32'], ftrunc32: ['32'],
  x32_from_f64_s: ['64'], x32_from_f64_u: ['64'], x32_from_f32_s: ['32'], x32_from_f32_u: ['32'],
  fadd32: ['32'], fsub32: ['32'], fmul32: ['32'], fdiv32: ['32'], fsqrt32: ['32'], fconst32: ['32'],
  feq32: ['32'], fneq32: ['32'], flt32: ['32'], flteq32: ['32'], f32_from_x32_s: ['32'], f32_from_x32_u: ['32'],
  fload32le_o32: ['32'], fload32le_z: ['32'], fload32le_g32: ['32'],
  fstore32le_o32: ['32'], fstore32le_z: ['32'], fstore32le_g32: ['32'],
  // Conversions: dst first, then src.
  f64_from_f32: ['64', '32'], f32_from_f64: ['32', '64'],
  fmov: ['mov', 'mov'],
};

/** The f registers of an instruction, in operand order. */
function fRegsOf(instr: Instr): number[] {
  const regs: number[] = [];
  instr.op.operands.forEach((operand, i) => {
    const v = instr.operands[i]!;
    if (operand.type === 'FReg') regs.push(v as number);
    else if (operand.type === 'BinaryOperands<FReg>') regs.push((v as BinaryOperands).dst, (v as BinaryOperands).src1, (v as BinaryOperands).src2);
    else if (operand.type === 'BinaryOperands<VReg,VReg,FReg>') regs.push((v as BinaryOperands).src2);
  });
  return regs;
}

/** f registers an instruction writes. */
function fDstsOf(instr: Instr): number[] {
  const regs: number[] = [];
  instr.op.operands.forEach((operand, i) => {
    const v = instr.operands[i]!;
    if (operand.type === 'FReg' && operand.name === 'dst') regs.push(v as number);
    else if (operand.type === 'BinaryOperands<FReg>') regs.push((v as BinaryOperands).dst);
  });
  return regs;
}

/**
 * f registers kept in JS locals: those every op naming them uses as f64 (f64Regs) or
 * every op uses as f32 (f32Regs), and no NaN constant is loaded into. An fmov links two
 * registers: either both are cached as f32 or neither is (an f32 local holds only the low
 * word); f64 locals copy raw bits, so an fmov may mix an f64 local with the register file.
 */
function cacheableFRegs(instrs: readonly Instr[]): { f64Regs: Set<number>; f32Regs: Set<number> } {
  const uses = new Map<number, Set<string>>();
  const excluded = new Set<number>();
  const moves: Array<[number, number]> = [];
  for (const instr of instrs) {
    const mnemonic = instr.op.mnemonic;
    const classes = F_LOCAL_USES[mnemonic];
    const nanConstant = (mnemonic === 'fconst64' && Number.isNaN(f64OfBits(instr.operands[1] as bigint))) ||
      (mnemonic === 'fconst32' && Number.isNaN(f32OfBits(instr.operands[1] as number)));
    const regs = fRegsOf(instr);
    regs.forEach((r, i) => {
      const cls = classes === undefined || nanConstant ? undefined : classes[Math.min(i, classes.length - 1)];
      if (cls === undefined) excluded.add(r);
      else (uses.get(r) ?? uses.set(r, new Set()).get(r)!).add(cls);
    });
    if (mnemonic === 'fmov') moves.push([regs[0]!, regs[1]!]);
  }
  const classOf = (r: number): '64' | '32' | undefined => {
    if (excluded.has(r)) return undefined;
    const kinds = [...(uses.get(r) ?? [])].filter((k) => k !== 'mov');
    return kinds.length === 1 ? (kinds[0] as '64' | '32') : undefined;
  };
  for (const r of uses.keys()) if (classOf(r) === undefined && ![...uses.get(r)!].every((k) => k === 'mov')) excluded.add(r);
  // Registers that only fmov names take the class of what they are moved from/to, if any.
  for (let changed = true; changed;) {
    changed = false;
    for (const [d, s] of moves) {
      const cd = classOf(d), cs = classOf(s);
      if (cd === cs) continue;
      if (cd === '32' || cs === '32' || (cd === undefined && !excluded.has(d) && cs === undefined && !excluded.has(s))) {
        for (const r of [d, s]) if (!excluded.has(r)) { excluded.add(r); changed = true; }
      }
    }
  }
  const f64Regs = new Set<number>(), f32Regs = new Set<number>();
  for (const r of [...uses.keys()].sort((a, b) => a - b)) {
    const cls = classOf(r);
    if (cls === '64') f64Regs.add(r); else if (cls === '32') f32Regs.add(r);
  }
  return { f64Regs, f32Regs };
}

/** Translates the function at [entry, end) of `code`; throws PulleyDecodeError on bad bytecode. */
export function translateFunction(input: TranslateInput): TranslatedFunction {
  const { code, entry, end } = input;
  const instrs: Instr[] = [];
  for (let pc = entry; pc < end;) {
    const instr = decodeInstr(code, pc, { checked: false });
    instrs.push(instr);
    pc += instr.size;
  }

  // Registers cached in locals: every x register an instruction names, plus those that
  // control ops touch implicitly. Only the ones some inline code writes need writing back
  // when the function leaves; the others always equal the register file.
  const used = new Set<number>();
  const written = new Set<number>();
  for (const instr of instrs) {
    for (const r of xRegsOf(instr)) used.add(r);
    for (const r of implicitXRegsOf(instr.op)) used.add(r);
    for (const r of writtenXRegsOf(instr)) written.add(r);
  }
  const regs = [...used].sort((a, b) => a - b);
  const dirty = [...written].filter((r) => used.has(r)).sort((a, b) => a - b);

  const indexOf = new Map(instrs.map((instr, i) => [instr.offset, i]));
  const edges = instrs.map((instr) =>
    branchTargets(instr).map((t) => indexOf.get(t)).filter((t): t is number => t !== undefined));
  const structured = input.structured === false ? undefined : structure(instrs.length, edges);

  const lo = (r: number) => `x${r}l`;
  const hi = (r: number) => `x${r}h`;
  const writeBack = (list: readonly number[]) =>
    list.map((r) => `I32[${2 * r}] = ${lo(r)}; I32[${2 * r + 1}] = ${hi(r)};`).join(' ');
  const reload = (list: readonly number[]) =>
    list.map((r) => `${lo(r)} = I32[${2 * r}]; ${hi(r)} = I32[${2 * r + 1}];`).join(' ');
  // f registers that only f64 ops or only f32 ops touch live in JS locals too (doubles):
  // written back at the exit, around calls and before a handler computes a NaN. An f32
  // local is never NaN (loads and results that are NaN go to the interpreter), because a
  // float32 signalling NaN does not survive a trip through a double; and only the f32
  // registers the function writes are written back, low word only, as f32 ops do.
  const fLocal = (r: number) => `f${r}`;
  const { f64Regs, f32Regs } = cacheableFRegs(instrs);
  const f32Written = new Set(instrs.flatMap((instr) => fDstsOf(instr)).filter((r) => f32Regs.has(r)));
  const f64Slot = (r: number) => `F64[${F_F64 + r}]`;
  const f32Slot = (r: number) => `F32[${F_F32 + 2 * r}]`;
  const fBack = [
    ...[...f64Regs].map((r) => `${f64Slot(r)} = ${fLocal(r)};`),
    ...[...f32Written].map((r) => `${f32Slot(r)} = ${fLocal(r)};`),
  ].join(' ');
  const fLoads = (list: readonly number[]) => list.map((r) => `${fLocal(r)} = ${f64Regs.has(r) ? f64Slot(r) : f32Slot(r)}`);
  const fCached = [...f64Regs, ...f32Regs].sort((a, b) => a - b);
  const fReload = fLoads(fCached).map((s) => `${s};`).join(' ');
  /** A condition true when an f32 local was loaded with a NaN (the interpreter must run on). */
  const f32NaN = [...f32Regs].map((r) => `${fLocal(r)} !== ${fLocal(r)}`).join(' || ');
  const allBack = `${writeBack(dirty)} ${fBack}`;
  // After a call or a host call every register may have changed, and memory may have grown.
  const allReload = `${reload(regs)} ${fReload} MH = -1;`;
  const leave = (to: number | string) => `{ at = ${to}; break exit; }`;

  // How a branch from instruction `source` to pc `target` is written.
  let jumpFrom: (source: number, target: number) => string;
  const opening = new Map<number, Interval[]>();
  const closing = new Map<number, Interval[]>();
  const leaders = new Set<number>();
  if (structured) {
    for (const interval of structured.intervals) {
      (opening.get(interval.start) ?? opening.set(interval.start, []).get(interval.start)!).push(interval);
      (closing.get(interval.end) ?? closing.set(interval.end, []).get(interval.end)!).push(interval);
    }
    for (const list of opening.values()) list.sort(openingOrder);
    for (const list of closing.values()) list.sort(closingOrder);
    jumpFrom = (source, target) => {
      const t = indexOf.get(target);
      if (t === undefined) return leave(target);
      if (t <= source) return `continue L${t};`;
      return `break B${t};`;
    };
  } else {
    // A switch in a loop: block leaders are the entry, every branch target, and every
    // instruction after a branch; a taken branch is a `continue` to its case.
    leaders.add(entry);
    instrs.forEach((instr, i) => {
      for (const t of edges[i]!) leaders.add(instrs[t]!.offset);
      if (edges[i]!.length > 0 || endsBlock(instr.op)) leaders.add(instr.offset + instr.size);
    });
    jumpFrom = (_source, target) => `{ bb = ${target}; continue; }`;
  }

  // Every way out but a call's goes through the one exit: `at` is the pc the interpreter
  // continues at, and the dirty registers are written back once, there.
  const ident = `f_${entry.toString(16)}${input.name ? '_' + input.name.replace(/[^A-Za-z0-9_$]/g, '_') : ''}`;
  const out: string[] = [];
  const lines: Array<{ pc: number; line: number }> = [];
  out.push(`function ${ident}(m) {`);
  if (regs.length > 0) out.push(`  let ${regs.map((r) => `${lo(r)} = I32[${2 * r}], ${hi(r)} = I32[${2 * r + 1}]`).join(', ')};`);
  if (fCached.length > 0) out.push(`  let ${fLoads(fCached).join(', ')};`);
  if (f32NaN !== '') out.push(`  if (${f32NaN}) return ${entry};`);
  out.push(`  let bb = ${entry}, at = ${entry}, r = 0;`);
  // Temporaries of the inline code, declared once: block-scoped consts would each take a
  // slot of their own in V8's interpreter frame and make deep recursion overflow JS's stack.
  out.push(`  let ${INLINE_TEMPORARIES};`);
  out.push('  exit: {');
  out.push('  try {');
  if (!structured) out.push('  for (;;) switch (bb) {');

  instrs.forEach((instr, index) => {
    const pc = instr.offset;
    const next = pc + instr.size;
    for (const interval of closing.get(index) ?? []) {
      out.push(interval.kind === 'loop' ? `  break L${interval.target}; }` : '  }');
    }
    for (const interval of opening.get(index) ?? []) {
      out.push(interval.kind === 'loop' ? `  L${interval.target}: for (;;) {` : `  B${interval.target}: {`);
    }
    if (leaders.has(pc)) out.push(`  case ${pc}:`);
    lines.push({ pc, line: out.length + 1 });
    const emit: Emit = {
      pc, next, instr, lo, hi,
      bail: (to: number | string = pc) => leave(to),
      jump: (target) => jumpFrom(index, target),
      allBack, allReload,
      f: (r) => (f64Regs.has(r) ? fLocal(r) : f64Slot(r)),
      fCached: (r) => f64Regs.has(r),
      f32: (r) => (f32Regs.has(r) ? fLocal(r) : f32Slot(r)),
      f32Cached: (r) => f32Regs.has(r),
      f32NaN,
      fBack, fReload,
      // Not translated: run the interpreter's handler on the written-back state. A handler
      // that does not go on to the next instruction (xjump...) hands over to the interpreter.
      fallback: () => {
        const touched = [...new Set([...xRegsOf(instr), ...implicitXRegsOf(instr.op)])];
        return `${writeBack(touched)} at = ${pc}; r = H[${instr.op.index}](m, ${pc}, ${pc + instr.op.size}); ${reload(touched)} ` +
          `if (r !== ${pc + instr.op.size}) ${leave('r')}`;
      },
    };
    const inline = inlineOp(instr, emit);
    out.push(`    ${(inline ?? emit.fallback()).replace(/\bconst /g, '')}`);
  });
  for (const interval of closing.get(instrs.length) ?? []) {
    out.push(interval.kind === 'loop' ? `  break L${interval.target}; }` : '  }');
  }
  // Running off the end: the interpreter goes on after it.
  out.push(structured ? `  ${leave(end)}` : `  default: ${leave('bb')}`);
  if (!structured) out.push('  }');
  out.push('  } catch (e) {');
  // A trap, or an access that left its region: the interpreter takes over at `at`. Errors
  // from calls and host calls (at = -1) are not the function's to handle.
  out.push('    if (at < 0 || !(e instanceof TrapSignal || e instanceof RangeError || e instanceof TypeError)) throw e;');
  out.push('  }');
  out.push('  }');
  if (dirty.length > 0 || fBack !== '') out.push(`  ${writeBack(dirty)} ${fBack}`);
  out.push('  return at;');
  out.push('}');
  return { entry, ident, source: out.join('\n'), lines };
}

/** Pcs that a branch instruction may transfer control to (not calls). */
function branchTargets(instr: Instr): number[] {
  const op = instr.op;
  if (op.mnemonic === 'br_table32') {
    const tableStart = instr.offset + op.size;
    return (instr.targets ?? []).map((rel, i) => tableStart + 4 * i + rel);
  }
  if (op.mnemonic === 'jump' || op.mnemonic.startsWith('br_if')) {
    const i = op.operands.findIndex((o) => o.type === 'PcRelOffset');
    return [instr.offset + (instr.operands[i] as number)];
  }
  return [];
}

function endsBlock(op: OpInfo): boolean {
  return op.mnemonic === 'ret' || op.mnemonic === 'xjump' || op.mnemonic === 'trap' || op.mnemonic === 'call_indirect_host';
}
