// codegen/ast.ts: the ESTree builders and the js`` quasi-quote tags the JS tier's
// translator builds code with. Printed code is checked by running it (new Function)
// against values JS computes directly, and by acorn reading it back.
import { parse } from 'acorn';
import { describe, expect, it } from 'vitest';
import type * as ES from 'estree';
import {
  binary, block, breakTo, call, cond, functionDecl, id, ifStmt, index, js, labeled, num, print, printWithPositions,
  ret, set, unary,
} from '../../codegen/ast.js';

/** The value of an expression's printed source. */
const evaluate = (e: ES.Expression, scope: Record<string, unknown> = {}): unknown =>
  new Function(...Object.keys(scope), `return (${print(e)});`)(...Object.values(scope));
/** The value a function body's printed statements return. */
const run = (body: ES.Statement[], scope: Record<string, unknown> = {}): unknown =>
  new Function(...Object.keys(scope), body.map(print).join('\n'))(...Object.values(scope));

const NUMBERS = [0, -0, 1, -1, 0.5, -1.5, 2 ** 53, -2147483648, 4294967295, 1e21, -1e-300, Number.MIN_VALUE,
  -Number.MAX_VALUE, Infinity, -Infinity, NaN];

describe('numbers', () => {
  it.each(NUMBERS.map((x) => [Object.is(x, -0) ? '-0' : String(x), x] as const))('%s reads back as itself, alone and as an operand', (_, x) => {
    expect(Object.is(evaluate(num(x)), x)).toBe(true);
    expect(Object.is(evaluate(unary('-', x)), -x)).toBe(true);
    expect(Object.is(evaluate(binary('-', 3, x)), 3 - x)).toBe(true);
    expect(Object.is(evaluate(binary('**', x, 2)), x ** 2)).toBe(true);
    expect(Object.is(evaluate(js.expr`-${x}`), -x)).toBe(true);
    expect(Object.is(evaluate(js.expr`${x} - -${x}`), x - -x)).toBe(true);
    expect(evaluate(index(js.expr`[${x}]`, 0))).toBe(x);
  });
  it('-0 prints as -0', () => {
    expect(print(num(-0))).toBe('-0');
    expect(Object.is(evaluate(js.expr`${-0} * 1`), -0)).toBe(true);
  });
});

describe('builders print what they mean (precedence by astring)', () => {
  const OPS = ['+', '-', '*', '|', '&', '^', '<<', '>>', '>>>', '<', '===', '&&', '||'] as const;
  /** The same operation done by JS itself. */
  const apply = (op: typeof OPS[number], a: number, b: number): number => {
    const value: number | boolean = {
      '+': a + b, '-': a - b, '*': a * b, '|': a | b, '&': a & b, '^': a ^ b, '<<': a << b, '>>': a >> b, '>>>': a >>> b,
      '<': a < b, '===': a === b, '&&': Number(a && b), '||': Number(a || b),
    }[op];
    return Number(value);
  };
  /** A random expression tree over leaves -3..3, as ESTree and as its value. */
  function tree(seed: { s: number }, depth: number): [ES.Expression, number] {
    const rand = (n: number) => (seed.s = (Math.imul(seed.s, 1103515245) + 12345) >>> 0) % n;
    if (depth === 0 || rand(4) === 0) { const v = rand(7) - 3; return [num(v), v]; }
    const op = OPS[rand(OPS.length)]!;
    const [a, av] = tree(seed, depth - 1), [b, bv] = tree(seed, depth - 1);
    // Comparisons and logic give booleans in JS: turn them into numbers as `apply` does.
    if (op === '&&' || op === '||') return [cond(binary('!==', binary(op, a, b), 0), 1, 0), Number(apply(op, av, bv) !== 0)];
    return [op === '<' || op === '===' ? cond(binary(op, a, b), 1, 0) : binary(op, a, b), apply(op, av, bv)];
  }
  it('300 random trees of binary operators evaluate like the trees', () => {
    const seed = { s: 12345 };
    for (let i = 0; i < 300; i++) {
      const [node, value] = tree(seed, 4);
      expect(evaluate(node), print(node)).toBe(value);
    }
  });
  it('calls, members, conditions and unary operators', () => {
    const e = call(js.expr`Math.max`, binary('+', id('a'), 1), unary('~', id('b')));
    expect(evaluate(e, { a: 5, b: -10 })).toBe(9);
    expect(evaluate(cond(binary('>', id('a'), 0), js.expr`${id('a')} | 0`, -1), { a: 2.5 })).toBe(2);
  });
});

describe('js`` quasi-quote', () => {
  const a = id('a'), b = id('b');
  it('expression holes take nodes, numbers and identifier names', () => {
    expect(evaluate(js.expr`(${a} + ${b}) | 0`, { a: 2 ** 31, b: 1 })).toBe(-(2 ** 31) + 1);
    expect(evaluate(js.expr`${'a'} * ${-2}`, { a: 3 })).toBe(-6);
    // A node in a hole keeps its own grouping whatever surrounds it.
    expect(evaluate(js.expr`${binary('+', a, b)} * 2`, { a: 1, b: 2 })).toBe(6);
  });
  it('a string that is not an identifier name is refused', () => {
    expect(() => js.expr`${'a + b'} * 2`).toThrow(/not an identifier name/);
    expect(() => js.expr`${'1x'}`).toThrow(/not an identifier name/);
  });
  it('a statement where an expression stands is refused', () => {
    expect(() => js.expr`${set(a, 1)} + 1`).toThrow(/an expression is needed/);
  });
  it('statement holes take a statement, a list (spliced, or a block as a lone statement) or an expression', () => {
    const body = js.stmts`
      let a = 1, b = 0;
      ${set(b, 10)};
      if (a === 1) ${[set(a, 2), set(b, js.expr`${b} + 1`)]}; else ${ret(-1)};
      ${js.expr`b = b * 2`};
      ${[]};
      return ${binary('+', a, b)};`;
    expect(body.map((s) => s.type)).toEqual(['VariableDeclaration', 'ExpressionStatement', 'IfStatement', 'ExpressionStatement', 'ReturnStatement']);
    expect(run(body)).toBe(24);
    expect(run(js.stmts`for (;;) { if (${a} > 3) ${breakTo()}; ${set(a, 1, '+=')}; } return a;`, { a: 0 })).toBe(4);
  });
  it('js.stmt makes one statement; a template that does not parse says so', () => {
    expect(js.stmt`${a} = 1;`.type).toBe('ExpressionStatement');
    expect(() => js.stmt`a = 1; b = 2;`).toThrow(/2 statements/);
    expect(() => js.expr`${a} +`).toThrow(/does not parse/);
  });
  it('uses share the template\'s fixed parts (nodes are never changed) and each gets its own holes', () => {
    const make = (x: number) => js.expr`${a} + ${x} + f(c, 1)` as ES.BinaryExpression;
    const one = make(1), two = make(2);
    expect(print(one)).toBe('a + 1 + f(c, 1)');
    expect(print(two)).toBe('a + 2 + f(c, 1)');
    expect(one.right).toBe(two.right);
    expect(one.left).not.toBe(two.left);
    // A list is always a fresh array (callers may add to it).
    const list = () => js.stmts`x = 1; y = 2;`;
    expect(list()).not.toBe(list());
    expect(list()[0]).toBe(list()[0]);
  });
});

describe('printing', () => {
  it('printed code reads back through acorn to the same code', () => {
    const f = functionDecl('f_10', ['m'], [
      ...js.stmts`let l = 0, h = ${-1};`,
      labeled('exit', block([
        labeled('L3', { type: 'ForStatement', init: null, test: null, update: null, body: block([
          ifStmt(js.expr`(l >>> 0) < ${4294967295}`, js.stmts`l = (l + 1) | 0; h = -l;`),
          breakTo('L3'),
        ]) }),
        ...js.stmts`if (l === 0) ${breakTo('exit')};`,
      ])),
      ret(id('l')),
    ]);
    const text = print(f);
    const again = print(parse(text, { ecmaVersion: 2022 }) as unknown as ES.Node);
    expect(again.trimEnd()).toBe(text);
    expect(new Function(`${text}; return f_10();`)()).toBe(1);
  });
  it('printWithPositions finds the line and column where each marked statement starts', () => {
    const first = set(id('a'), 1), second = set(id('b'), 2), inner = ret(id('b'));
    const f = functionDecl('g', [], [first, ifStmt(id('a'), [second, inner])]);
    const { code, positions } = printWithPositions(f, new Set<ES.Node>([first, second, inner]));
    const lines = code.split('\n');
    for (const [node, text] of [[first, 'a = 1;'], [second, 'b = 2;'], [inner, 'return b;']] as const) {
      const p = positions.get(node)!;
      expect(lines[p.line - 1]!.slice(p.column)).toBe(text);
    }
  });
});
