// A fast path for printing the expressions of generated code in one piece, for the
// astring generator of codegen/ast.ts: astring writes a statement token by token (a
// dozen writes for `x2l = (x2l + 1) | 0;`), which made printing most of the JS tier's
// translation time. Operands are parenthesized unless they are atoms (names, numbers,
// members, calls); operands of binary operators where precedence needs it, and, for the
// reader, where two kinds of operator meet (`(a >>> 0) < b`, `(a + b) | 0`). Anything
// else (functions, objects, strings...) gives undefined and astring prints it.

import type * as ES from 'estree';

/** `e` as JS source, or undefined where astring must print it. */
export function expressionText(e: ES.Node): string | undefined {
  switch (e.type) {
    case 'Identifier': return e.name;
    case 'Literal': return literalText(e as ES.Literal);
    case 'MemberExpression': {
      const object = atomText(e.object);
      if (object === undefined) return undefined;
      const dot = e.optional ? '?.' : e.computed ? '' : '.';
      if (!e.computed) return e.property.type === 'Identifier' ? `${object}${dot}${e.property.name}` : undefined;
      const property = expressionText(e.property);
      return property === undefined ? undefined : `${object}${dot}[${property}]`;
    }
    case 'ChainExpression': return expressionText(e.expression);
    case 'CallExpression': {
      const callee = atomText(e.callee);
      const args = e.arguments.map((a) => (a.type === 'SequenceExpression' ? operandText(a) : expressionText(a)));
      if (callee === undefined || args.includes(undefined)) return undefined;
      return `${callee}${e.optional ? '?.' : ''}(${args.join(', ')})`;
    }
    case 'UnaryExpression': {
      const operand = operandText(e.argument);
      if (operand === undefined) return undefined;
      return /^[a-z]/.test(e.operator) ? `${e.operator} ${operand}` : `${e.operator}${operand}`;
    }
    case 'BinaryExpression':
    case 'LogicalExpression': {
      const left = binaryOperandText(e.left, e.operator, false);
      const right = left === undefined ? undefined : binaryOperandText(e.right, e.operator, true);
      return right === undefined ? undefined : `${left} ${e.operator} ${right}`;
    }
    case 'ConditionalExpression': {
      const test = operandText(e.test), yes = operandText(e.consequent), no = operandText(e.alternate);
      return test === undefined || yes === undefined || no === undefined ? undefined : `${test} ? ${yes} : ${no}`;
    }
    case 'AssignmentExpression': {
      const target = expressionText(e.left);
      const value = target === undefined ? undefined
        : e.right.type === 'SequenceExpression' ? operandText(e.right) : expressionText(e.right);
      return value === undefined ? undefined : `${target} ${e.operator} ${value}`;
    }
    case 'SequenceExpression': {
      const parts = e.expressions.map(expressionText);
      return parts.includes(undefined) ? undefined : parts.join(', ');
    }
    default: return undefined;
  }
}

/** Numbers (never negative: a negative number is a unary minus), booleans and null; other literals go to astring. */
function literalText(e: ES.Literal): string | undefined {
  if (typeof e.value === 'number') return (e as ES.SimpleLiteral).raw ?? String(e.value);
  if (typeof e.value === 'boolean' || e.value === null) return String(e.value);
  return undefined;
}

/** Binding strength of binary operators (higher binds tighter) and their kind. */
const BINARY: Record<string, { precedence: number; kind: string }> = {
  '??': { precedence: 1, kind: '??' }, '||': { precedence: 2, kind: '||' }, '&&': { precedence: 3, kind: '&&' },
  '|': { precedence: 4, kind: '|' }, '^': { precedence: 5, kind: '^' }, '&': { precedence: 6, kind: '&' },
  '==': { precedence: 7, kind: 'equality' }, '!=': { precedence: 7, kind: 'equality' },
  '===': { precedence: 7, kind: 'equality' }, '!==': { precedence: 7, kind: 'equality' },
  '<': { precedence: 8, kind: 'relational' }, '<=': { precedence: 8, kind: 'relational' }, '>': { precedence: 8, kind: 'relational' },
  '>=': { precedence: 8, kind: 'relational' }, 'instanceof': { precedence: 8, kind: 'relational' }, 'in': { precedence: 8, kind: 'relational' },
  '<<': { precedence: 9, kind: 'shift' }, '>>': { precedence: 9, kind: 'shift' }, '>>>': { precedence: 9, kind: 'shift' },
  '+': { precedence: 10, kind: 'arithmetic' }, '-': { precedence: 10, kind: 'arithmetic' },
  '*': { precedence: 11, kind: 'arithmetic' }, '/': { precedence: 11, kind: 'arithmetic' }, '%': { precedence: 11, kind: 'arithmetic' },
  '**': { precedence: 12, kind: '**' },
};
/**
 * An operand of binary `operator`: a binary operand in parentheses where precedence
 * needs them (a weaker operator, or an equal one on the right) or the kinds differ; a
 * unary operand as is (except under **); anything else as operandText does.
 */
function binaryOperandText(e: ES.Node, operator: string, right: boolean): string | undefined {
  if (e.type === 'BinaryExpression' || e.type === 'LogicalExpression') {
    const text = expressionText(e);
    const outer = BINARY[operator], inner = BINARY[e.operator];
    if (text === undefined || outer === undefined || inner === undefined) return undefined;
    const bare = inner.kind === outer.kind && (inner.precedence > outer.precedence || (!right && inner.precedence === outer.precedence));
    return bare && operator !== '**' ? text : `(${text})`;
  }
  if (e.type === 'UnaryExpression' && operator !== '**') return expressionText(e);
  return operandText(e);
}

const ATOMS = new Set(['Identifier', 'MemberExpression', 'CallExpression', 'ChainExpression', 'Literal']);
/** An operand: in parentheses unless it is an atom. */
function operandText(e: ES.Node): string | undefined {
  const text = expressionText(e);
  if (text === undefined) return undefined;
  return ATOMS.has(e.type) ? text : `(${text})`;
}
/** The object of a member or the callee of a call: a name, member or call as is, anything else in parentheses. */
function atomText(e: ES.Node): string | undefined {
  const text = expressionText(e);
  if (text === undefined) return undefined;
  return e.type === 'Identifier' || e.type === 'MemberExpression' || e.type === 'CallExpression' ? text : `(${text})`;
}
