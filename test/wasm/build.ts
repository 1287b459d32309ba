// Tiny helpers to write wasm binaries by hand in tests (bytes as the spec defines them).

export function uleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  do {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    out.push(v === 0n ? b : b | 0x80);
  } while (v !== 0n);
  return out;
}

export function sleb(n: number | bigint): number[] {
  let v = BigInt(n);
  const out: number[] = [];
  for (;;) {
    const b = Number(v & 0x7fn);
    v >>= 7n;
    const done = (v === 0n && (b & 0x40) === 0) || (v === -1n && (b & 0x40) !== 0);
    out.push(done ? b : b | 0x80);
    if (done) return out;
  }
}

export function str(s: string): number[] {
  const bytes = [...new TextEncoder().encode(s)];
  return [...uleb(bytes.length), ...bytes];
}

export function vec(items: number[][]): number[] {
  return [...uleb(items.length), ...items.flat()];
}

export function section(id: number, content: number[]): number[] {
  return [id, ...uleb(content.length), ...content];
}

export const HEADER = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

export const T = { i32: 0x7f, i64: 0x7e, f32: 0x7d, f64: 0x7c, v128: 0x7b, funcref: 0x70, externref: 0x6f };

export function funcType(params: number[], results: number[]): number[] {
  return [0x60, ...vec(params.map((p) => [p])), ...vec(results.map((r) => [r]))];
}

/** A code-section entry: local runs [count, type] and the instruction bytes (final `end` included). */
export function body(locals: [number, number][], code: number[]): number[] {
  const content = [...vec(locals.map(([n, t]) => [...uleb(n), t])), ...code];
  return [...uleb(content.length), ...content];
}

/** A module with the given function types, one function per body (types[i] for body i), and extra sections. */
export function moduleWith(opts: {
  types: number[][];
  funcs?: number[];
  bodies?: number[][];
  memory?: boolean;
  extra?: number[][];
}): Uint8Array<ArrayBuffer> {
  const funcs = opts.funcs ?? [];
  const out = [...HEADER, ...section(1, vec(opts.types))];
  if (funcs.length) out.push(...section(3, vec(funcs.map((f) => uleb(f)))));
  if (opts.memory) out.push(...section(5, vec([[0x00, 0x01]])));
  for (const s of opts.extra ?? []) out.push(...s);
  if (funcs.length) out.push(...section(10, vec(opts.bodies ?? [])));
  return new Uint8Array(out);
}
