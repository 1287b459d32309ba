// The one-pass API a compiler uses: it walks the operators itself and asks the validator,
// before each step, about the operand stack, the control frames and reachability.
import { describe, expect, it } from 'vitest';
import { decodeModule } from '../../src/wasm/decode.js';
import { FrameKind, FuncValidator } from '../../src/wasm/func-validator.js';
import { Operator, OperatorReader } from '../../src/wasm/operators.js';
import { UNKNOWN } from '../../src/wasm/types.js';
import { validateFunctionBody, validateModuleFields } from '../../src/wasm/validate.js';
import { T, body, funcType, moduleWith } from './build.js';

interface Before {
  height: number;
  /** Operand types from the top down. */
  top?: number[];
  depth: number;
  unreachable: boolean;
}

describe('FuncValidator, driven one operator at a time', () => {
  // (func (param i32 f64) (result f64) (local i64)
  //   block (result f64) local.get 1 local.get 1 local.get 0 select br 0 drop end
  //   local.get 2 drop end)
  const code = [0x02, T.f64, 0x20, 1, 0x20, 1, 0x20, 0, 0x1b, 0x0c, 0, 0x1a, 0x0b, 0x20, 2, 0x1a, 0x0b];
  const bytes = moduleWith({ types: [funcType([T.i32, T.f64], [T.f64])], funcs: [0], bodies: [body([[1, T.i64]], code)] });
  const expected: [string, Before][] = [
    ['block', { height: 0, depth: 1, unreachable: false }],
    ['local.get', { height: 0, depth: 2, unreachable: false }],
    ['local.get', { height: 1, top: [T.f64], depth: 2, unreachable: false }],
    ['local.get', { height: 2, top: [T.f64, T.f64], depth: 2, unreachable: false }],
    ['select', { height: 3, top: [T.i32, T.f64, T.f64], depth: 2, unreachable: false }],
    ['br', { height: 1, top: [T.f64], depth: 2, unreachable: false }],
    ['drop', { height: 0, top: [UNKNOWN], depth: 2, unreachable: true }],
    ['end', { height: 0, top: [UNKNOWN], depth: 2, unreachable: true }],
    ['local.get', { height: 1, top: [T.f64], depth: 1, unreachable: false }],
    ['drop', { height: 2, top: [T.i64, T.f64], depth: 1, unreachable: false }],
    ['end', { height: 1, top: [T.f64], depth: 1, unreachable: false }],
  ];

  it('reports stack types, frames and reachability before each operator', () => {
    const m = decodeModule(bytes);
    const v = new FuncValidator(m, validateModuleFields(m));
    const reader = new OperatorReader(bytes, m.bodies[0].codeStart, m.bodies[0].end);
    const op = new Operator();
    v.begin(0);
    expect(v.numLocals).toBe(3);
    expect([v.localType(0), v.localType(1), v.localType(2)]).toEqual([T.i32, T.f64, T.i64]);
    const seen: [string, Before][] = [];
    while (!v.done) {
      reader.read(op);
      const top = Array.from({ length: Math.max(v.operandHeight, v.unreachable ? 1 : 0) }, (_, i) => v.operandType(i));
      seen.push([op.info.name, { height: v.operandHeight, ...(top.length ? { top } : {}), depth: v.controlDepth, unreachable: v.unreachable }]);
      if (op.info.name === 'br') {
        expect(v.frame(0).kind).toBe(FrameKind.Block);
        expect(v.labelTypes(op.index)).toEqual([T.f64]);
        expect(v.frame(1).kind).toBe(FrameKind.Function);
      }
      v.step(op);
    }
    expect(seen).toEqual(expected);
    expect(reader.atEnd).toBe(true);
  });

  it('validateFunctionBody calls the visitor before each operator with the same view', () => {
    const m = decodeModule(bytes);
    const v = new FuncValidator(m, validateModuleFields(m));
    const seen: [string, Before][] = [];
    validateFunctionBody(v, new OperatorReader(bytes), new Operator(), 0, (op, v) => {
      const top = Array.from({ length: Math.max(v.operandHeight, v.unreachable ? 1 : 0) }, (_, i) => v.operandType(i));
      seen.push([op.info.name, { height: v.operandHeight, ...(top.length ? { top } : {}), depth: v.controlDepth, unreachable: v.unreachable }]);
    });
    expect(seen).toEqual(expected);
  });

  it('a loop label carries the loop params, a block label its results', () => {
    // (func (param i32) (result i64) local.get 0 loop (type 1: [i32] -> [i64]) drop i64.const 0 end end)
    const loopCode = [0x20, 0, 0x03, 1, 0x1a, 0x42, 0, 0x0b, 0x0b];
    const b = moduleWith({
      types: [funcType([T.i32], [T.i64]), funcType([T.i32], [T.i64])],
      funcs: [0],
      bodies: [body([], loopCode)],
    });
    const m = decodeModule(b);
    const v = new FuncValidator(m, validateModuleFields(m));
    const reader = new OperatorReader(b, m.bodies[0].codeStart, m.bodies[0].end);
    const op = new Operator();
    v.begin(0);
    reader.read(op);
    v.step(op); // local.get 0
    reader.read(op);
    v.step(op); // loop (type 1)
    expect(v.frame(0).kind).toBe(FrameKind.Loop);
    expect(v.labelTypes(0)).toEqual([T.i32]);
    expect(v.labelTypes(1)).toEqual([T.i64]);
    expect(v.operandType(0)).toBe(T.i32);
    while (!v.done) {
      reader.read(op);
      v.step(op);
    }
  });
});
