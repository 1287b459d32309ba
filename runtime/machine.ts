// Machine state shared by the interpreter and the JS tier: the register file (one
// ArrayBuffer seen through typed arrays) and the emulated 64-bit address space.
//
// Register file layout (bytes, little-endian):
//   0    .. 255   x0..x31, 8 bytes each (x30 = sp, x31 = spilltmp0)
//   256  .. 511   f0..f31, 8 bytes each (an f32 lives in the low 4 bytes)
//   512  .. 1023  v0..v31, 16 bytes each
//   1024 .. 1039  fp, lr, 8 bytes each
// A 32-bit write touches only the low half of its register, as in Pulley.
//
// Address space: a pointer is a 64-bit value whose high 32 bits name a region and whose
// low 32 bits are the byte offset inside it. Region 0 is unmapped (so null and small
// integers never alias memory); HOST_REGION (0xffffffff) is unmapped too and holds the
// host-return sentinel (all ones). Any access that does not lie wholly inside one
// mapped region is a MemoryOutOfBounds trap: nothing outside the regions is reachable.

export const X_I32 = 0; // i32 index of x0's low word (x r: low at 2r, high at 2r+1)
export const F_F64 = 32; // f64 index of f0
export const F_I32 = 64; // i32 index of f0's low word
export const F_F32 = 64; // f32 index of f0 (low 4 bytes)
export const V_BYTE = 512; // byte offset of v0
export const FP_I32 = 256; // i32 index of fp's low word
export const LR_I32 = 258; // i32 index of lr's low word
export const REGFILE_BYTES = 1040;

export const SP = 30;
export const SPILLTMP0 = 31;

export const DEFAULT_STACK_SIZE = 1 << 20;

/** High word of the host-return sentinel address (all ones). */
export const HOST_REGION = 0xffffffff;
export const CODE_REGION_FIRST = 1;

export enum TrapKind {
  IntegerOverflow = 'IntegerOverflow',
  DivideByZero = 'DivideByZero',
  BadConversionToInteger = 'BadConversionToInteger',
  MemoryOutOfBounds = 'MemoryOutOfBounds',
  DisabledOpcode = 'DisabledOpcode',
  StackOverflow = 'StackOverflow',
}

/** Thrown by op handlers; the loop catches it and reports the trapping pc. `kind` null = the `trap` op. */
export class TrapSignal {
  constructor(readonly kind: TrapKind | null, readonly message?: string) {}
}

/** Returned by a handler that ended the run after setting Machine.done. */
export const DONE = -1;

/** Why a run of the loop stopped. `pc` / `resume` are byte offsets into `code`. */
export type DoneReason =
  | { kind: 'return' }
  | { kind: 'callIndirectHost'; id: number; resume: number; code: Region }
  | { kind: 'trap'; pc: number; trap: TrapKind | null; code: Region; message?: string };

/**
 * A function of the JS tier (codegen/): entered when the machine is about to run the
 * instruction at its entry pc, it returns the pc (in m.code) where the interpreter goes on.
 */
export type JitFunction = (m: Machine) => number;

/**
 * Generated frames that may nest before calls are left to the interpreter, so that JS's
 * own stack never overflows (the VM stack's StackOverflow is the only "stack exhausted").
 */
export const MAX_JIT_DEPTH = 200;

/** A mapped stretch of the address space: a stack, code, a linear memory, a vmctx... */
export class Region {
  bytes: Uint8Array;
  view: DataView;
  /** Bytecode regions may be jumped to; data regions may not (a jump there traps). */
  isCode = false;
  /** For code translated by the JS tier: its generated functions by entry pc. */
  jit: (JitFunction | undefined)[] | undefined = undefined;
  /** `changes`: the address space's count of replaced regions (AddressSpace.changes), if any. */
  constructor(readonly id: number, readonly name: string, bytes: Uint8Array, private readonly changes?: Int32Array) {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  }
  /** Points the region at new bytes (a linear memory that grew). */
  replace(bytes: Uint8Array): void {
    this.bytes = bytes;
    this.view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    if (this.changes !== undefined) this.changes[0]!++;
  }
}

export class AddressSpace {
  /** Indexed by region id (the high word of an address); holes are undefined. */
  readonly regions: (Region | undefined)[] = [undefined];
  private freeIds: number[] = [];
  /**
   * Counts the times a region's bytes were replaced or a region unmapped. Generated code
   * keeps a region's view while this stays the same (codegen/translate.ts, the heap view).
   */
  // (On an ArrayBuffer of its own: V8 keeps a typed array this small inside the object,
  // and optimized code then reads its data pointer at every access instead of a constant.)
  readonly changes = new Int32Array(new ArrayBuffer(8));

  map(name: string, bytes: Uint8Array): Region {
    const id = this.freeIds.pop() ?? this.regions.length;
    const region = new Region(id, name, bytes, this.changes);
    this.regions[id] = region;
    return region;
  }

  /** Maps bytecode: pc values inside it are offsets, and `code+K` is a real address. */
  mapCode(name: string, bytes: Uint8Array): Region {
    const region = this.map(name, bytes);
    region.isCode = true;
    return region;
  }

  unmap(region: Region): void {
    if (this.regions[region.id] === region) {
      this.regions[region.id] = undefined;
      this.freeIds.push(region.id);
      this.changes[0]!++;
    }
  }
}

/** The low and high words of a 64-bit address for byte `offset` of `region`. */
export function addressOf(region: Region, offset: number): { lo: number; hi: number } {
  return { lo: offset | 0, hi: region.id | 0 };
}

export class Machine {
  readonly regfile = new ArrayBuffer(REGFILE_BYTES);
  readonly i32 = new Int32Array(this.regfile);
  readonly u32 = new Uint32Array(this.regfile);
  readonly f32 = new Float32Array(this.regfile);
  readonly f64 = new Float64Array(this.regfile);
  readonly i64 = new BigInt64Array(this.regfile);
  readonly u64 = new BigUint64Array(this.regfile);
  readonly u8 = new Uint8Array(this.regfile);
  readonly view = new DataView(this.regfile);

  readonly space: AddressSpace;
  readonly stack: Region;

  /** Set by the handler that ends a run (ret to host, call_indirect_host); null while running. */
  done: DoneReason | null = null;

  /** How many JS-tier frames are active (bounded by MAX_JIT_DEPTH). */
  jitDepth = 0;

  /**
   * Runs host call `id` right away for generated code, which does not leave its JS frame
   * for a `call_indirect_host` (the interpreter leaves its loop instead). `resume` is the
   * pc after the call, for the trap report. Returns true if the host call trapped: the
   * trap is then in `hostTrap`, and the generated code leaves for the interpreter.
   * Without an embedding, generated code leaves to the interpreter, which stops there.
   */
  hostCall: ((id: number, resume: number) => boolean) | undefined = undefined;

  /**
   * A host call's trap on its way out of generated code. The generated frames return
   * first, each writing its state and frame link back (links.ts keeps links in locals),
   * and enterJit then throws it: its backtrace walks a complete fp chain.
   */
  hostTrap: Error | undefined = undefined;

  /** Set by resolve(): the region of the last checked access. */
  accessRegion!: Region;

  /** The code region being executed; pc values are byte offsets into it. */
  codeRegion!: Region;
  /** codeRegion.bytes and codeRegion.view, cached for operand reads. */
  code!: Uint8Array;
  codeView!: DataView;

  /** Switches execution to another code region (a call into another module's bytecode). */
  enterCode(region: Region): void {
    this.codeRegion = region;
    this.code = region.bytes;
    this.codeView = region.view;
  }

  constructor(opts: { stackSize?: number; space?: AddressSpace } = {}) {
    this.space = opts.space ?? new AddressSpace();
    this.stack = this.space.map('stack', new Uint8Array(opts.stackSize ?? DEFAULT_STACK_SIZE));
    this.setX64(SP, this.stack.bytes.length, this.stack.id);
    this.setFp(-1, -1);
    this.setLr(-1, -1);
  }

  /** The initial sp: one past the last byte of the stack region. */
  get stackTop(): { lo: number; hi: number } {
    return { lo: this.stack.bytes.length, hi: this.stack.id };
  }

  // ## x registers
  xlo(r: number): number { return this.i32[2 * r]!; }
  xhi(r: number): number { return this.i32[2 * r + 1]!; }
  /** Writes the low 32 bits only. */
  setX32(r: number, v: number): void { this.i32[2 * r] = v; }
  setX64(r: number, lo: number, hi: number): void { this.i32[2 * r] = lo; this.i32[2 * r + 1] = hi; }
  getX64(r: number): bigint { return this.i64[r]!; }
  setX64Big(r: number, v: bigint): void { this.i64[r] = v; }

  // ## fp, lr
  get fpLo(): number { return this.i32[FP_I32]!; }
  get fpHi(): number { return this.i32[FP_I32 + 1]!; }
  setFp(lo: number, hi: number): void { this.i32[FP_I32] = lo; this.i32[FP_I32 + 1] = hi; }
  get lrLo(): number { return this.i32[LR_I32]!; }
  get lrHi(): number { return this.i32[LR_I32 + 1]!; }
  setLr(lo: number, hi: number): void { this.i32[LR_I32] = lo; this.i32[LR_I32 + 1] = hi; }

  /**
   * Checks that `size` bytes at the 64-bit address (lo, hi) + offset lie in one mapped
   * region; sets accessRegion and returns the byte offset inside it. Traps otherwise.
   * `offset` is a signed 32-bit displacement.
   */
  resolve(lo: number, hi: number, offset: number, size: number): number {
    let off = (lo >>> 0) + offset;
    let regionId = hi >>> 0;
    if (off < 0 || off > 0xffffffff) {
      // The displacement carried into (or borrowed from) the region word.
      regionId = (regionId + Math.floor(off / 0x100000000)) >>> 0;
      off = ((off % 0x100000000) + 0x100000000) % 0x100000000;
    }
    const region = this.space.regions[regionId];
    if (region === undefined || off + size > region.bytes.length) {
      throw new TrapSignal(TrapKind.MemoryOutOfBounds);
    }
    this.accessRegion = region;
    return off;
  }
}

/**
 * Control is about to reach `target` of the current code region through a call: runs the
 * JS tier's function for it if there is one (and the JS stack allows), returning the pc
 * to continue at; otherwise `target` itself.
 */
export function enterJit(m: Machine, target: number): number {
  const fn = m.codeRegion.jit?.[target];
  if (fn === undefined || m.jitDepth >= MAX_JIT_DEPTH) return target;
  m.jitDepth++;
  const next = fn(m);
  m.jitDepth--;
  if (m.hostTrap !== undefined) {
    const trap = m.hostTrap;
    m.hostTrap = undefined;
    throw trap;
  }
  return next;
}
