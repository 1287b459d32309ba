// JS API implementation limits: at the limit a module compiles, one past it V8 and we reject.
import { describe, expect, it } from 'vitest';
import { WasmCompileError } from '../../src/wasm/errors.js';
import { JS_API_LIMITS } from '../../src/wasm/limits.js';
import { validateModule } from '../../src/wasm/validate.js';
import { HEADER, T, section, uleb } from './build.js';

function typeWith(params: number, results: number): Uint8Array<ArrayBuffer> {
  return new Uint8Array([...HEADER, ...section(1, [1, 0x60, ...uleb(params), ...new Array(params).fill(T.i32), ...uleb(results), ...new Array(results).fill(T.i64)])]);
}

/** One function with `params` i32 params and `locals` declared i64 locals. */
function funcWithLocals(params: number, locals: number): Uint8Array<ArrayBuffer> {
  const content = [1, ...uleb(locals), T.i64, 0x0b];
  return new Uint8Array([
    ...HEADER,
    ...section(1, [1, 0x60, ...uleb(params), ...new Array(params).fill(T.i32), 0]),
    ...section(3, [1, 0]),
    ...section(10, [1, ...uleb(content.length), ...content]),
  ]);
}

/** One function whose body is `size` bytes (no locals, nops, end). */
function funcOfSize(size: number): Uint8Array<ArrayBuffer> {
  const prefix = [...HEADER, ...section(1, [1, 0x60, 0, 0]), ...section(3, [1, 0])];
  const bodyHeader = [1, ...uleb(size)];
  const sectionHeader = [10, ...uleb(bodyHeader.length + size)];
  const out = new Uint8Array(prefix.length + sectionHeader.length + bodyHeader.length + size);
  out.set([...prefix, ...sectionHeader, ...bodyHeader]);
  const bodyStart = out.length - size;
  out[bodyStart] = 0; // no locals
  out.fill(0x01, bodyStart + 1, out.length - 1); // nop
  out[out.length - 1] = 0x0b;
  return out;
}

const cases: [string, (n: number) => Uint8Array<ArrayBuffer>, number][] = [
  ['params', (n) => typeWith(n, 0), JS_API_LIMITS.params],
  ['results', (n) => typeWith(0, n), JS_API_LIMITS.results],
  ['locals (params included)', (n) => funcWithLocals(3, n - 3), JS_API_LIMITS.locals],
  ['function body size', funcOfSize, JS_API_LIMITS.functionBodySize],
];

describe('JS API implementation limits', () => {
  for (const [what, build, limit] of cases) {
    it(what, () => {
      const atLimit = build(limit);
      const over = build(limit + 1);
      expect(WebAssembly.validate(atLimit)).toBe(true);
      expect(WebAssembly.validate(over)).toBe(false);
      expect(() => validateModule(atLimit)).not.toThrow();
      expect(() => validateModule(over)).toThrow(WasmCompileError);
      expect(() => validateModule(over)).toThrow(/implementation limit/);
    });
  }
});
