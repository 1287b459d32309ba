// How a host runs compiled wasm on the interpreter, after Wasmtime's
// crates/wasmtime/src/runtime/vm/interpreter.rs:
//   - entry with the array-call convention: x0 = callee vmctx, x1 = caller vmctx,
//     x2 = address of the array of 16-byte argument/result slots, x3 = its length;
//     the bytecode returns x0 != 0 for success;
//   - a "setjmp": the callee-saved state (x16..x31 including sp, f16..f31, fp, lr) is
//     saved before running and put back ("longjmp") when a trap unwinds the call;
//   - call_indirect_host dispatched by id: id 0 calls a host function through its
//     argument/result array, other ids are the runtime builtins the embedder registers;
//   - traps turned into trap codes (a `trap` op's code comes from the module's table),
//     with a backtrace from the unwinder.
// Host code may re-enter the VM (host → bytecode → host → bytecode): everything is
// re-read from the machine after a host call returns.

import { TrapCode } from '../src/compiler/abi.js';
import { F_I32, FP_I32, LR_I32, type Machine, type Region, TrapKind, X_I32 } from './machine.js';
import { backtrace, type FramePc } from './unwind.js';
import { type CodePointer, Vm } from './vm.js';

/** A 64-bit address as its (lo, hi) words. */
export interface Address {
  lo: number;
  hi: number;
}

/** The x registers a host call sees: x(i) as a bigint, and where to write x0. */
export interface HostCallArgs {
  readonly machine: Machine;
  /** The 64-bit value of x`reg`. */
  x(reg: number): bigint;
}

/**
 * Host call id 0: x0 = the host function (an id of the embedder's), x1..x4 its
 * arguments (by the ABI: its context, the caller's vmctx, the slot array's address and
 * length). Returns success; false makes the bytecode trap.
 */
export type HostFunctionCall = (args: HostCallArgs) => boolean;

/** A builtin: reads its arguments from x1.., returns the value for x0 (or nothing). */
export type BuiltinFunction = (args: HostCallArgs) => bigint | number | boolean | void;

/** Thrown by a builtin or host function to raise a wasm trap with this code. */
export class HostTrap extends Error {
  /** Where the guest made the host call, when it came from generated code (Machine.hostCall). */
  at?: FramePc;
  constructor(readonly code: TrapCode, message?: string) {
    super(message ?? `wasm trap ${TrapCode[code]}`);
  }
}

export interface TrapInfo {
  /** The wasm trap code, or null where none applies (an op with no handler, a bad jump). */
  code: TrapCode | null;
  /** Where it happened: the trapping instruction, or the call_indirect_host of a builtin. */
  pc: FramePc;
  kind: TrapKind | null;
  message?: string;
  /** Youngest first: `pc`, then each caller's return address. */
  backtrace: FramePc[];
}

const TRAP_CODES: Readonly<Record<TrapKind, TrapCode | null>> = {
  [TrapKind.IntegerOverflow]: TrapCode.IntegerOverflow,
  [TrapKind.DivideByZero]: TrapCode.IntegerDivisionByZero,
  [TrapKind.BadConversionToInteger]: TrapCode.BadConversionToInteger,
  [TrapKind.MemoryOutOfBounds]: TrapCode.MemoryOutOfBounds,
  [TrapKind.DisabledOpcode]: null,
  [TrapKind.StackOverflow]: TrapCode.StackOverflow,
};

/** Callee-saved state, as Wasmtime's Setjmp (kept in sync with the ABI's callee-saved set). */
interface Setjmp {
  x: BigUint64Array;
  f: BigUint64Array;
  fp: Address;
  lr: Address;
}

const CALLEE_SAVED_FIRST = 16;

function setjmp(m: Machine): Setjmp {
  return {
    x: m.u64.slice(X_I32 / 2 + CALLEE_SAVED_FIRST, X_I32 / 2 + 32),
    f: m.u64.slice(F_I32 / 2 + CALLEE_SAVED_FIRST, F_I32 / 2 + 32),
    fp: { lo: m.i32[FP_I32]!, hi: m.i32[FP_I32 + 1]! },
    lr: { lo: m.i32[LR_I32]!, hi: m.i32[LR_I32 + 1]! },
  };
}

function longjmp(m: Machine, saved: Setjmp): void {
  m.u64.set(saved.x, X_I32 / 2 + CALLEE_SAVED_FIRST);
  m.u64.set(saved.f, F_I32 / 2 + CALLEE_SAVED_FIRST);
  m.setFp(saved.fp.lo, saved.fp.hi);
  m.setLr(saved.lr.lo, saved.lr.hi);
}

export interface EmbeddingOptions {
  stackSize?: number;
  /** Deepest host → bytecode re-entry allowed before a StackOverflow trap (JS has its own stack). */
  maxReentry?: number;
}

export class Embedding {
  readonly vm: Vm;
  readonly machine: Machine;
  /** Host call id 0. */
  hostFunctionCall: HostFunctionCall = () => {
    throw new Error('no host function call handler installed (Embedding.hostFunctionCall)');
  };
  /** Builtins by call_indirect_host id (ids >= 1); the compiler defines which exist. */
  readonly builtins = new Map<number, BuiltinFunction>();
  /** The last trap of `call`, or null if it completed. */
  lastTrap: TrapInfo | null = null;

  private readonly trapTables = new Map<Region, (pc: number) => TrapCode | undefined>();
  private readonly maxReentry: number;
  private depth = 0;

  constructor(opts: EmbeddingOptions = {}) {
    this.vm = new Vm({ stackSize: opts.stackSize });
    this.machine = this.vm.machine;
    this.maxReentry = opts.maxReentry ?? 256;
    this.machine.hostCall = (id, resume) => {
      const m = this.machine, code = m.codeRegion;
      const failure = this.callHost(id);
      if (m.codeRegion !== code) m.enterCode(code); // a re-entry may have left another region current
      if (failure === undefined) return false;
      failure.at = { code, pc: resume };
      m.hostTrap = failure;
      return true;
    };
  }

  /** Maps a module's bytecode; `trapCodeAt` gives the code of each of its `trap` ops. */
  loadCode(bytes: Uint8Array, trapCodeAt: (pc: number) => TrapCode | undefined = () => undefined, name = 'code'): Region {
    const region = this.vm.loadCode(bytes, name);
    this.trapTables.set(region, trapCodeAt);
    return region;
  }

  /**
   * Runs the array-call function at `bytecode`. Returns true if it returned with x0 != 0
   * (success), false if it trapped (see lastTrap) or reported failure.
   */
  call(bytecode: CodePointer, callee: Address, caller: Address, argsAndResults: Address, length: number): boolean {
    const m = this.machine;
    this.lastTrap = null;
    if (this.depth >= this.maxReentry) {
      this.lastTrap = {
        code: TrapCode.StackOverflow, kind: TrapKind.StackOverflow, pc: bytecode, backtrace: [bytecode],
        message: `more than ${this.maxReentry} nested host → wasm calls`,
      };
      return false;
    }
    const saved = setjmp(m);
    const oldLr = this.vm.callStart([]);
    m.setX64(0, callee.lo, callee.hi);
    m.setX64(1, caller.lo, caller.hi);
    m.setX64(2, argsAndResults.lo, argsAndResults.hi);
    m.setX64(3, length, 0);
    this.depth++;
    try {
      let at = bytecode;
      for (;;) {
        const done = this.vm.callRun(at);
        if (done.kind === 'return') {
          this.vm.callEnd(oldLr, []);
          return (m.i32[X_I32]! & 0xff) !== 0;
        }
        if (done.kind === 'trap') {
          this.lastTrap = this.trapInfo({ code: done.code, pc: done.pc }, done.trap, done.message, saved);
          longjmp(m, saved);
          return false;
        }
        const hostPc = { code: done.code, pc: done.resume };
        const failure = this.callHost(done.id);
        if (failure) {
          this.lastTrap = this.trapInfo(hostPc, null, failure.message, saved, failure.code);
          longjmp(m, saved);
          return false;
        }
        at = hostPc; // state is re-read from the machine: the host may have re-entered
      }
    } catch (e) {
      if (e instanceof HostTrap && e.at !== undefined) {
        // A host call made directly by generated code trapped.
        this.lastTrap = this.trapInfo(e.at, null, e.message, saved, e.code);
        longjmp(m, saved);
        return false;
      }
      longjmp(m, saved); // a host error that is not a trap still unwinds this call's frames
      throw e;
    } finally {
      this.depth--;
    }
  }

  /** Runs host call `id`; returns the trap it raised, if any. */
  private callHost(id: number): HostTrap | undefined {
    const m = this.machine;
    const args: HostCallArgs = { machine: m, x: (reg) => m.u64[X_I32 / 2 + reg]! };
    try {
      if (id === 0) {
        m.setX64(0, this.hostFunctionCall(args) ? 1 : 0, 0);
        return undefined;
      }
      const builtin = this.builtins.get(id);
      if (!builtin) return new HostTrap(TrapCode.HostError, `call_indirect_host ${id}: no such builtin`);
      const result = builtin(args);
      if (result !== undefined) {
        m.u64[X_I32 / 2] = BigInt.asUintN(64, typeof result === 'boolean' ? (result ? 1n : 0n) : BigInt(result));
      }
      return undefined;
    } catch (e) {
      if (e instanceof HostTrap) return e;
      throw e;
    }
  }

  private trapInfo(pc: FramePc, kind: TrapKind | null, message: string | undefined, saved: Setjmp, hostCode?: TrapCode): TrapInfo {
    let code: TrapCode | null;
    if (hostCode !== undefined) code = hostCode;
    else if (kind !== null) code = TRAP_CODES[kind];
    else {
      code = this.trapTables.get(pc.code)?.(pc.pc) ?? null;
      if (code === null) message ??= `trap op at pc ${pc.pc} of ${pc.code.name} has no trap code registered`;
    }
    const info: TrapInfo = { code, pc, kind, backtrace: backtrace(this.machine, pc, saved.fp) };
    if (message !== undefined) info.message = message;
    return info;
  }
}
