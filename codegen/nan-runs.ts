// Runs of f64 arithmetic whose NaN results are checked once, at the run's end.
//
// A NaN result must get the interpreter's bits (the first NaN operand, quieted, else the
// default NaN: inline-ops.ts NAN64), which a check after every op gives at a price: in
// mandelbrot's inner loop the checks were 40% of the time. But whether a result is NaN
// never depends on the operands' payloads, and add, sub, mul, div and sqrt give NaN
// whenever an operand is NaN. So inside a straight run of side-effect-free instructions
// the ops may be plain JS arithmetic: only values that leave the run can show a payload,
// and one NaN test on a value covers every value it was computed from. The run computes
// on copies of the locals it reads before assigning, which keep their entry values: if a
// test finds a NaN, the run executes again from those, checked op by op, else the copies
// become the locals. An exit from the middle of the run (a bounds check, say) hands the
// interpreter the run's first instruction, with those entry values, so it repeats the
// run exactly.
//
// What may be in a run: instructions whose inline code only assigns locals and leaves,
// if at all, for the interpreter at its own pc; no branch targets inside; f locals read
// only by the ops above, by moves and selects (tracked), or by ops that never show a
// payload (compares; ops whose code hands NaN operands to the interpreter).

import type * as ES from 'estree';
import type { Instr } from '../src/isa/decode.js';
import type { BinaryOperands } from '../src/isa/operands.js';
import { SCRATCH_TEMPORARIES } from './inline-ops.js';

type Stmts = ES.Statement[];

/** f64 ops emitted through f64set: a NaN operand always gives a NaN result. */
const PROPAGATING: ReadonlySet<string> = new Set(['fadd64', 'fsub64', 'fmul64', 'fdiv64', 'fsqrt64']);
/**
 * Other ops that may read an f local inside a run: moves and selects (whose results are
 * tracked like the value copied), and ops whose result never shows a NaN's payload: compares,
 * and ops whose inline code leaves a NaN operand to the interpreter (or an f32 local, which
 * never holds a NaN).
 */
const F_READERS: ReadonlySet<string> = new Set([
  ...PROPAGATING, 'fmov', 'fselect64', 'fselect32',
  'feq64', 'fneq64', 'flt64', 'flteq64', 'feq32', 'fneq32', 'flt32', 'flteq32',
  'fneg64', 'fabs64', 'fneg32', 'fabs32', 'ffloor64', 'fceil64', 'ftrunc64',
  'x32_from_f64_s', 'x32_from_f64_u', 'x32_from_f32_s', 'x32_from_f32_u', 'f64_from_f32', 'f32_from_f64',
  'fadd32', 'fsub32', 'fmul32', 'fdiv32', 'fsqrt32', 'ffloor32', 'fceil32', 'ftrunc32',
]);

/** Functions of the generated unit's prelude that only compute (and set the HI temporary). */
const PURE_CALLEES: ReadonlySet<string> = new Set(['NAN64', 'SHL64', 'SHR64', 'SAR64', 'CTZ32', 'POPCNT32']);
/** Locals no run needs to keep: inline code's scratch temporaries, `at` (set only on the way out), the prelude's HI. */
const SCRATCH: ReadonlySet<string> = new Set([...SCRATCH_TEMPORARIES, 'at', 'HI']);

/** What an instruction's inline statements do to locals. */
export interface Effects {
  /** Only locals are assigned; calls only compute; the only way out is `at = pc; break exit`. */
  pure: boolean;
  reads: Set<string>;
  writes: Set<string>;
  /** Locals assigned unconditionally by a top-level statement. */
  definite: Set<string>;
}

/** The effects of the statements emitted for the instruction at `pc`. */
export function effectsOf(stmts: Stmts, pc: number): Effects {
  const fx: Effects = { pure: true, reads: new Set(), writes: new Set(), definite: new Set() };
  const expr = (node: ES.Node | null | undefined): void => {
    if (!node || !fx.pure) return;
    switch (node.type) {
      case 'Identifier': fx.reads.add(node.name); return;
      case 'Literal': return;
      case 'MemberExpression': expr(node.object); if (node.computed) expr(node.property); return;
      case 'AssignmentExpression':
        if (node.left.type !== 'Identifier') { fx.pure = false; return; }
        if (node.left.name === 'at' && !(node.right.type === 'Literal' && node.right.value === pc)) { fx.pure = false; return; }
        fx.writes.add(node.left.name);
        if (node.operator !== '=') fx.reads.add(node.left.name);
        expr(node.right);
        return;
      case 'UpdateExpression':
        if (node.argument.type !== 'Identifier') { fx.pure = false; return; }
        fx.reads.add(node.argument.name); fx.writes.add(node.argument.name);
        return;
      case 'CallExpression': {
        const c = node.callee;
        const pure = (c.type === 'Identifier' && PURE_CALLEES.has(c.name))
          || (c.type === 'MemberExpression' && !c.computed && c.property.type === 'Identifier'
            && ((c.object.type === 'Identifier' && c.object.name === 'Math') || c.property.name.startsWith('get')));
        if (!pure) { fx.pure = false; return; }
        if (c.type === 'MemberExpression') expr(c.object);
        node.arguments.forEach(expr);
        return;
      }
      case 'SequenceExpression': node.expressions.forEach(expr); return;
      case 'BinaryExpression': case 'LogicalExpression': expr(node.left); expr(node.right); return;
      case 'UnaryExpression': if (node.operator === 'delete') fx.pure = false; else expr(node.argument); return;
      case 'ConditionalExpression': expr(node.test); expr(node.consequent); expr(node.alternate); return;
      default: fx.pure = false;
    }
  };
  const stmt = (node: ES.Statement | null | undefined): void => {
    if (!node || !fx.pure) return;
    switch (node.type) {
      case 'ExpressionStatement': expr(node.expression); return;
      case 'IfStatement': expr(node.test); stmt(node.consequent); stmt(node.alternate); return;
      case 'BlockStatement': node.body.forEach(stmt); return;
      case 'BreakStatement': if (node.label?.name !== 'exit') fx.pure = false; return;
      case 'EmptyStatement': return;
      // An instruction's own try (translate.ts emitAt): its catch only leaves for the
      // interpreter (at the run's start, in a run) or rethrows what is not ours.
      case 'TryStatement': node.block.body.forEach(stmt); return;
      default: fx.pure = false;
    }
  };
  for (const s of stmts) {
    stmt(s);
    if (s.type === 'ExpressionStatement' && s.expression.type === 'AssignmentExpression'
      && s.expression.operator === '=' && s.expression.left.type === 'Identifier') fx.definite.add(s.expression.left.name);
  }
  return fx;
}

/** Whether an instruction with these effects may be in a run (f locals: `isFLocal`). */
export function mayJoinRun(instr: Instr, fx: Effects, isFLocal: (name: string) => boolean): boolean {
  return fx.pure && (F_READERS.has(instr.op.mnemonic) || ![...fx.reads].some(isFLocal));
}

export interface NanRun {
  /** Instruction indices [start, end). */
  start: number;
  end: number;
  /** f registers whose values, tested at the end, cover every result that leaves the run. */
  checks: number[];
  /** Locals the run reads before it assigns them and also assigns: the run works on copies of them. */
  saved: string[];
}

/**
 * The runs worth deferring NaN checks in: maximal stretches of instructions that may join
 * one (`joins`), with no branch target or block edge inside (`boundary(i)` for i > start),
 * where fewer tests than ops remain. `fWrites` gives the f registers an instruction writes.
 */
export function planNanRuns(instrs: readonly Instr[], joins: readonly boolean[], effects: readonly Effects[],
  boundary: (i: number) => boolean, fWrites: (i: number) => readonly number[]): NanRun[] {
  const runs: NanRun[] = [];
  for (let start = 0; start < instrs.length;) {
    if (!joins[start]) { start++; continue; }
    let end = start + 1;
    while (end < instrs.length && joins[end] && !boundary(end)) end++;
    const run = planRun(instrs, effects, start, end, fWrites);
    if (run) runs.push(run);
    start = end;
  }
  return runs;
}

/** A value an f register holds inside a run: computed there (possibly a NaN with the wrong payload) or not. */
interface Value { unchecked: boolean; operands: Value[]; covered: boolean }

function planRun(instrs: readonly Instr[], effects: readonly Effects[], start: number, end: number,
  fWrites: (i: number) => readonly number[]): NanRun | undefined {
  const holding = new Map<number, Value>();
  const values: Value[] = [];
  let deferred = 0;
  for (let i = start; i < end; i++) {
    const instr = instrs[i]!;
    const m = instr.op.mnemonic;
    if (PROPAGATING.has(m)) {
      const [dst, ...srcs] = m === 'fsqrt64' ? instr.operands as number[]
        : (({ dst: d, src1, src2 }: BinaryOperands) => [d, src1, src2])(instr.operands[0] as BinaryOperands);
      const v: Value = { unchecked: true, operands: srcs.map((r) => holding.get(r!)).filter((x): x is Value => x !== undefined), covered: false };
      values.push(v);
      holding.set(dst!, v);
      deferred++;
    } else if (m === 'fmov') {
      const [d, s] = instr.operands as number[];
      const v = holding.get(s!);
      if (v) holding.set(d!, v); else holding.delete(d!);
    } else if (m === 'fselect64' || m === 'fselect32') {
      // Either operand may be the result: it is unchecked if one of them is, and a test of
      // it says nothing about the other.
      const [d, , t, f] = instr.operands as number[];
      const unchecked = [t, f].some((r) => holding.get(r!)?.unchecked === true);
      const v: Value = { unchecked, operands: [], covered: false };
      values.push(v);
      holding.set(d!, v);
    } else {
      for (const r of fWrites(i)) holding.delete(r);
    }
  }
  if (deferred < 2) return undefined;
  // Values that leave the run must be tested, or feed an op whose result is: a NaN makes a
  // NaN of everything computed from it. Later values first, so a test covers its operands.
  const leaving = new Set(holding.values());
  const tested = new Set<Value>();
  for (let k = values.length - 1; k >= 0; k--) {
    const v = values[k]!;
    if (!v.covered && v.unchecked && leaving.has(v)) { tested.add(v); v.covered = true; }
    if (v.covered) for (const o of v.operands) o.covered = true;
  }
  if (tested.size >= deferred) return undefined;
  const checks = [...holding].filter(([, v]) => tested.delete(v)).map(([r]) => r);
  // Locals the run must work on copies of: those it reads before assigning, and assigns.
  const assigned = new Set<string>();
  const exposed = new Set<string>();
  const definite = new Set<string>();
  for (let i = start; i < end; i++) {
    const fx = effects[i]!;
    for (const name of fx.reads) if (!definite.has(name) && !SCRATCH.has(name)) exposed.add(name);
    for (const name of fx.writes) if (!SCRATCH.has(name)) assigned.add(name);
    for (const name of fx.definite) definite.add(name);
  }
  const saved = [...exposed].filter((name) => assigned.has(name)).sort();
  return { start, end, checks, saved };
}

/** The copy of local `name` that a run works on. */
export const keptName = (name: string) => `Q${name}`;

/** `stmts` with the locals of `names` replaced by their copies (new nodes: emitted ones are shared). */
export function renamed(stmts: Stmts, names: ReadonlyMap<string, string>): Stmts {
  if (names.size === 0) return stmts;
  const copy = (node: unknown): unknown => {
    if (Array.isArray(node)) return node.map(copy);
    if (node === null || typeof node !== 'object') return node;
    const n = node as ES.Node;
    if (n.type === 'Identifier') { const to = names.get(n.name); return to === undefined ? n : { type: 'Identifier', name: to }; }
    if (n.type === 'MemberExpression' && !n.computed) return { ...n, object: copy(n.object) };
    return Object.fromEntries(Object.entries(n).map(([k, v]) => [k, copy(v)]));
  };
  return copy(stmts) as Stmts;
}
