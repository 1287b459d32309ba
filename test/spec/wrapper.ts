// Wrapper modules for invocations JS cannot make directly (v128 values, signalling-NaN
// floats): a tiny wasm module, written here in bytes, imports the export under test as
// "m"."f", calls it with constant arguments and stores each result to its memory at
// 16 * i, so the runner can check the bits. Reference arguments are passed through the
// wrapper's own parameters.

import { type SpecValue, type ValueType, isRefType, v128Bytes } from './values.js';

const TYPE_CODE: Record<ValueType, number> = {
  i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f,
};

function uleb(n: number): number[] {
  const out: number[] = [];
  do {
    let b = n & 0x7f;
    n >>>= 7;
    if (n !== 0) b |= 0x80;
    out.push(b);
  } while (n !== 0);
  return out;
}

function sleb(v: bigint): number[] {
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

const name = (s: string): number[] => { const b = [...new TextEncoder().encode(s)]; return [...uleb(b.length), ...b]; };
const vec = (items: number[][]): number[] => [...uleb(items.length), ...items.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];
const funcType = (params: ValueType[], results: ValueType[]): number[] =>
  [0x60, ...vec(params.map((t) => [TYPE_CODE[t]])), ...vec(results.map((t) => [TYPE_CODE[t]]))];

function littleEndian(bits: bigint, bytes: number): number[] {
  const out: number[] = [];
  for (let i = 0; i < bytes; i++, bits >>= 8n) out.push(Number(bits & 0xffn));
  return out;
}

/** The instruction that pushes constant argument `v`, or null for a passed-through reference. */
function constInstr(v: SpecValue): number[] | null {
  const s = v.value as string;
  switch (v.type) {
    case 'i32': return [0x41, ...sleb(BigInt.asIntN(32, BigInt(s)))];
    case 'i64': return [0x42, ...sleb(BigInt.asIntN(64, BigInt(s)))];
    case 'f32': return [0x43, ...littleEndian(BigInt(s), 4)];
    case 'f64': return [0x44, ...littleEndian(BigInt(s), 8)];
    case 'v128': return [0xfd, 0x0c, ...v128Bytes(v)];
    case 'externref': case 'funcref':
      return s === 'null' ? [0xd0, TYPE_CODE[v.type]] : null;
  }
}

/** memarg alignment (log2) and store opcode for each storable result type. */
const STORE: Partial<Record<ValueType, number[]>> = {
  i32: [0x36, 2], i64: [0x37, 3], f32: [0x38, 2], f64: [0x39, 3], v128: [0xfd, 11, 4],
};

export interface Wrapper {
  bytes: Uint8Array<ArrayBuffer>;
  /** Indices (into the invocation's args) of the references to pass to "run". */
  passedArgs: number[];
}

/**
 * The wrapper for calling an import of signature (args' types) -> resultTypes with `args`.
 * It exports "run" and "mem". Throws if a result is a reference (it cannot be stored).
 */
export function wrapperModule(args: SpecValue[], resultTypes: ValueType[]): Wrapper {
  const paramTypes = args.map((a) => a.type);
  const passedArgs = args.flatMap((a, i) => (constInstr(a) === null ? [i] : []));
  const runParams = passedArgs.map((i) => paramTypes[i]);
  for (const t of resultTypes) {
    if (isRefType(t)) throw new Error(`a wrapped call cannot return ${t}`);
  }

  const body: number[] = [];
  let passed = 0;
  for (const a of args) body.push(...(constInstr(a) ?? [0x20, ...uleb(passed++)]));
  body.push(0x10, 0); // call the import (function 0)
  const firstResultLocal = runParams.length;
  for (let i = resultTypes.length - 1; i >= 0; i--) body.push(0x21, ...uleb(firstResultLocal + i));
  resultTypes.forEach((t, i) => {
    const [op, ...rest] = STORE[t]!;
    const opBytes = op === 0xfd ? [0xfd, rest[0]] : [op];
    const align = op === 0xfd ? rest[1] : rest[0];
    body.push(0x41, ...sleb(BigInt(16 * i)), 0x20, ...uleb(firstResultLocal + i), ...opBytes, align, 0);
  });
  body.push(0x0b);
  const locals = vec(resultTypes.map((t) => [1, TYPE_CODE[t]]));
  const code = [...locals, ...body];

  const bytes = [
    0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00,
    ...section(1, vec([funcType(paramTypes, resultTypes), funcType(runParams, [])])),
    ...section(2, vec([[...name('m'), ...name('f'), 0x00, 0]])),
    ...section(3, vec([[1]])),
    ...section(5, vec([[0x00, 1]])),
    ...section(7, vec([[...name('run'), 0x00, 1], [...name('mem'), 0x02, 0]])),
    ...section(10, vec([[...uleb(code.length), ...code]])),
  ];
  return { bytes: new Uint8Array(bytes), passedArgs };
}
