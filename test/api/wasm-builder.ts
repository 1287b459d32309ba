// A few lines of wasm binary encoding for the API tests: modules are written as data
// (types, imports, functions with raw body bytes, exports, names) so that both our engine
// and Node's WebAssembly can run the very same bytes.

export const i32 = 0x7f, i64 = 0x7e, f32 = 0x7d, f64 = 0x7c, funcref = 0x70, externref = 0x6f;

export interface FuncDef { type: number; locals?: number[]; body: number[]; name?: string }
export interface ModuleDef {
  types: [number[], number[]][];
  imports?: { module: string; name: string; type: number }[];
  funcs: FuncDef[];
  memory?: { min: number; max?: number };
  exports?: { name: string; kind: 'func' | 'memory'; index: number }[];
}

export function uleb(n: number): number[] {
  const out: number[] = [];
  do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n);
  return out;
}
export function sleb(n: number): number[] {
  const out: number[] = [];
  for (;;) {
    const b = n & 0x7f; n >>= 7;
    if ((n === 0 && !(b & 0x40)) || (n === -1 && (b & 0x40))) { out.push(b); return out; }
    out.push(b | 0x80);
  }
}
const str = (s: string): number[] => { const b = [...new TextEncoder().encode(s)]; return [...uleb(b.length), ...b]; };
const vec = (xs: number[][]): number[] => [...uleb(xs.length), ...xs.flat()];
const section = (id: number, body: number[]): number[] => [id, ...uleb(body.length), ...body];

/** The module's bytes, and where each defined function's body starts (for offset checks). */
export function buildModule(def: ModuleDef): { bytes: Uint8Array<ArrayBuffer>; bodyRanges: [number, number][] } {
  const out = [0x00, 0x61, 0x73, 0x6d, 1, 0, 0, 0];
  out.push(...section(1, vec(def.types.map(([p, r]) => [0x60, ...vec(p.map((t) => [t])), ...vec(r.map((t) => [t]))]))));
  const imports = def.imports ?? [];
  if (imports.length) out.push(...section(2, vec(imports.map((i) => [...str(i.module), ...str(i.name), 0, ...uleb(i.type)]))));
  out.push(...section(3, vec(def.funcs.map((f) => uleb(f.type)))));
  if (def.memory) {
    const { min, max } = def.memory;
    out.push(...section(5, vec([max === undefined ? [0, ...uleb(min)] : [1, ...uleb(min), ...uleb(max)]])));
  }
  if (def.exports) {
    out.push(...section(7, vec(def.exports.map((e) => [...str(e.name), e.kind === 'func' ? 0 : 2, ...uleb(e.index)]))));
  }
  const bodies = def.funcs.map((f) => {
    const locals = vec((f.locals ?? []).map((t) => [1, t]));
    const code = [...locals, ...f.body, 0x0b];
    return [...uleb(code.length), ...code];
  });
  const codeBody = vec(bodies);
  const codeStart = out.length + 1 + uleb(codeBody.length).length;
  const bodyRanges: [number, number][] = [];
  let at = codeStart + uleb(bodies.length).length;
  for (const b of bodies) { bodyRanges.push([at, at + b.length]); at += b.length; }
  out.push(...section(10, codeBody));
  const named = def.funcs.map((f, i) => [f.name, imports.length + i] as const).filter(([n]) => n !== undefined);
  if (named.length) {
    const funcNames = vec(named.map(([n, i]) => [...uleb(i), ...str(n!)]));
    out.push(...section(0, [...str('name'), 1, ...uleb(funcNames.length), ...funcNames]));
  }
  return { bytes: new Uint8Array(out), bodyRanges };
}

// Opcodes the tests use.
export const op = {
  unreachable: 0x00, call: 0x10, localGet: 0x20, i32Const: 0x41, i64Const: 0x42,
  i32Add: 0x6a, i32Mul: 0x6c, i64Add: 0x7c, memoryGrow: [0x40, 0x00], memorySize: [0x3f, 0x00], drop: 0x1a,
};
