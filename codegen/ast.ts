// ESTree for the JS tier: the translator builds each generated function as an ESTree
// AST (types from @types/estree) and astring prints it. Two ways to make nodes:
// - builders (`binary('+', a, b)`, `ifStmt(test, then)`, ...) for code whose shape is
//   computed (an operator, a label, a variable number of statements);
// - the quasi-quote tags `js.expr`, `js.stmt`, `js.stmts` for code whose shape is fixed:
//   js.expr`(${a} + ${b}) | 0`. Each call site's template is parsed once with acorn and
//   compiled into a factory that builds fresh nodes and fills the holes.
//
// A hole takes an ESTree node as is (an expression where an expression stands; a
// statement or a statement list where `${x};` stands as a statement), a number as a
// literal, and a string only as an identifier name. Operators, labels and property
// names after `.` cannot be holes: use the builders.

import { parse } from 'acorn';
import { generate, GENERATOR, type State } from 'astring';
import type * as ES from 'estree';

/** What a hole of a template (or an operand of a builder) may be given. */
export type Hole = ES.Expression | ES.Statement | readonly ES.Statement[] | number | string | undefined;
/** An operand of a builder: a node or a number (a literal). */
export type Operand = ES.Expression | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

// ## Builders

export function id(name: string): ES.Identifier {
  return { type: 'Identifier', name };
}

/** A number as JS source that reads back as exactly that number: -0, negatives and infinities included. */
export function num(x: number): ES.Expression {
  if (x !== x) return id('NaN');
  if (x < 0 || Object.is(x, -0)) return { type: 'UnaryExpression', operator: '-', prefix: true, argument: num(-x) };
  if (x === Infinity) return id('Infinity');
  return { type: 'Literal', value: x, raw: String(x) };
}

export const expr = (x: Operand): ES.Expression => (typeof x === 'number' ? num(x) : x);

/** `object[i]` */
export function index(object: ES.Expression, i: Operand): ES.MemberExpression {
  return { type: 'MemberExpression', object, property: expr(i), computed: true, optional: false };
}
/** `object.name` */
export function dot(object: ES.Expression, name: string): ES.MemberExpression {
  return { type: 'MemberExpression', object, property: id(name), computed: false, optional: false };
}

export function assign(target: ES.Pattern, value: Operand, operator: ES.AssignmentOperator = '='): ES.AssignmentExpression {
  return { type: 'AssignmentExpression', operator, left: target, right: expr(value) };
}
/** The statement `target = value;` (or another assignment operator). */
export function set(target: ES.Pattern, value: Operand, operator: ES.AssignmentOperator = '='): ES.ExpressionStatement {
  return exprStmt(assign(target, value, operator));
}

const LOGICAL = new Set(['&&', '||', '??']);
/** `a op b`; && || ?? make a LogicalExpression. astring adds the parentheses precedence needs. */
export function binary(operator: ES.BinaryOperator | ES.LogicalOperator, a: Operand, b: Operand): ES.Expression {
  return LOGICAL.has(operator)
    ? { type: 'LogicalExpression', operator: operator as ES.LogicalOperator, left: expr(a), right: expr(b) }
    : { type: 'BinaryExpression', operator: operator as ES.BinaryOperator, left: expr(a), right: expr(b) };
}
/** Operands joined left to right by one operator: a op b op c ... */
export function chain(operator: ES.BinaryOperator | ES.LogicalOperator, operands: readonly Operand[]): ES.Expression {
  if (operands.length === 0) throw new Error(`chain(${operator}) of no operands`);
  return operands.slice(1).reduce<ES.Expression>((acc, x) => binary(operator, acc, x), expr(operands[0]!));
}
export function unary(operator: ES.UnaryOperator, a: Operand): ES.UnaryExpression {
  return { type: 'UnaryExpression', operator, prefix: true, argument: expr(a) };
}
export function call(callee: ES.Expression | string, ...args: Operand[]): ES.CallExpression {
  return { type: 'CallExpression', callee: typeof callee === 'string' ? id(callee) : callee, arguments: args.map(expr), optional: false };
}
export function cond(test: ES.Expression, yes: Operand, no: Operand): ES.ConditionalExpression {
  return { type: 'ConditionalExpression', test, consequent: expr(yes), alternate: expr(no) };
}

export function exprStmt(expression: ES.Expression): ES.ExpressionStatement {
  return { type: 'ExpressionStatement', expression };
}
export function block(body: readonly ES.Statement[]): ES.BlockStatement {
  return { type: 'BlockStatement', body: [...body] };
}
/** One statement from a statement or a list (a list of one stays unwrapped). */
export function single(s: ES.Statement | readonly ES.Statement[]): ES.Statement {
  if (!isList(s)) return s;
  return s.length === 1 ? s[0]! : block(s);
}
export function ifStmt(test: ES.Expression, then: ES.Statement | readonly ES.Statement[],
  otherwise?: ES.Statement | readonly ES.Statement[]): ES.IfStatement {
  return { type: 'IfStatement', test, consequent: single(then), alternate: otherwise === undefined ? null : single(otherwise) };
}
export function labeled(label: string, body: ES.Statement): ES.LabeledStatement {
  return { type: 'LabeledStatement', label: id(label), body };
}
/** `for (;;) { body }` */
export function forever(body: readonly ES.Statement[]): ES.ForStatement {
  return { type: 'ForStatement', init: null, test: null, update: null, body: block(body) };
}
export function breakTo(label?: string): ES.BreakStatement {
  return { type: 'BreakStatement', label: label === undefined ? null : id(label) };
}
export function continueTo(label?: string): ES.ContinueStatement {
  return { type: 'ContinueStatement', label: label === undefined ? null : id(label) };
}
/** `switch (x) { case t: ... default: ... }`: a case whose test is null is the default. */
export function switchStmt(discriminant: ES.Expression,
  cases: ReadonlyArray<{ test: Operand | null; body: readonly ES.Statement[] }>): ES.SwitchStatement {
  return {
    type: 'SwitchStatement', discriminant,
    cases: cases.map((c) => ({ type: 'SwitchCase', test: c.test === null ? null : expr(c.test), consequent: [...c.body] })),
  };
}
export function ret(value?: Operand): ES.ReturnStatement {
  return { type: 'ReturnStatement', argument: value === undefined ? null : expr(value) };
}
/** `let a = x, b;` */
export function letDecl(declarations: ReadonlyArray<readonly [string, Operand?]>): ES.VariableDeclaration {
  return {
    type: 'VariableDeclaration', kind: 'let',
    declarations: declarations.map(([name, init]) => ({ type: 'VariableDeclarator', id: id(name), init: init === undefined ? null : expr(init) })),
  };
}
/** `try { body } catch (param) { handler }` */
export function tryCatch(body: readonly ES.Statement[], param: string, handler: readonly ES.Statement[]): ES.TryStatement {
  return { type: 'TryStatement', block: block(body), handler: { type: 'CatchClause', param: id(param), body: block(handler) }, finalizer: null };
}
export function functionDecl(name: string, params: readonly string[], body: readonly ES.Statement[]): ES.FunctionDeclaration {
  return { type: 'FunctionDeclaration', id: id(name), params: params.map(id), body: block(body), generator: false, async: false };
}

// ## The quasi-quote tags

type Build = (holes: readonly Hole[]) => unknown;
type Kind = 'expr' | 'stmt' | 'stmts';

/** Placeholder identifiers standing for holes while acorn parses a template. */
const HOLE_PREFIX = '$$hole';
const HOLE_NAME = /^\$\$hole(\d+)$/;

function isList(x: unknown): x is readonly ES.Statement[] {
  return Array.isArray(x);
}
function isNode(x: unknown): x is ES.Node {
  return typeof x === 'object' && x !== null && typeof (x as { type?: unknown }).type === 'string';
}
const isStatement = (n: ES.Node): boolean => n.type.endsWith('Statement') || n.type.endsWith('Declaration');

function holeIndex(node: ES.Node): number {
  if (node.type !== 'Identifier') return -1;
  const m = HOLE_NAME.exec(node.name);
  return m === null ? -1 : Number(m[1]);
}
/** The hole an ExpressionStatement `${x};` stands for, or -1. */
function statementHole(node: ES.Node): number {
  return node.type === 'ExpressionStatement' ? holeIndex(node.expression) : -1;
}

function asExpression(value: Hole, i: number): ES.Expression {
  if (typeof value === 'number') return num(value);
  if (typeof value === 'string') {
    if (!IDENTIFIER.test(value)) throw new Error(`js template hole ${i}: the string '${value}' is not an identifier name`);
    return id(value);
  }
  if (value === undefined || isList(value) || isStatement(value)) {
    throw new Error(`js template hole ${i}: an expression is needed here, got ${value === undefined ? 'undefined' : isList(value) ? 'a statement list' : value.type}`);
  }
  return value as ES.Expression;
}
/** A hole standing as a statement: statements go in as they are, an expression becomes a statement. */
function pushStatements(out: ES.Statement[], value: Hole, i: number): void {
  if (value === undefined) return;
  if (isList(value)) out.push(...value);
  else if (isNode(value) && isStatement(value)) out.push(value as ES.Statement);
  else out.push(exprStmt(asExpression(value, i)));
}

const SOURCE_KEYS = new Set(['start', 'end', 'loc', 'range']);

/** A factory for `node` (an acorn node): fresh nodes each call, holes filled. */
function compileNode(node: ES.Node): Build {
  const hole = holeIndex(node);
  if (hole >= 0) return (holes) => asExpression(holes[hole], hole);
  if (node.type === 'Identifier') {
    const name = node.name;
    return () => ({ type: 'Identifier', name });
  }
  if (node.type === 'Literal') {
    const { value, raw } = node as ES.SimpleLiteral;
    return () => ({ type: 'Literal', value, raw });
  }
  const fields: Array<[string, Build | undefined, unknown]> = [];
  for (const [key, value] of Object.entries(node)) {
    if (SOURCE_KEYS.has(key)) continue;
    if (Array.isArray(value)) fields.push([key, compileList(value), undefined]);
    else if (isNode(value)) {
      const h = statementHole(value);
      // `if (c) ${s};`: a hole as a single statement (a list becomes a block).
      fields.push([key, h >= 0 && isStatement(node) ? (holes) => statementOf(holes[h], h) : compileNode(value), undefined]);
    } else fields.push([key, undefined, value]);
  }
  return (holes) => {
    const out: Record<string, unknown> = {};
    for (const [key, build, constant] of fields) out[key] = build === undefined ? constant : build(holes);
    return out;
  };
}
function statementOf(value: Hole, i: number): ES.Statement {
  const list: ES.Statement[] = [];
  pushStatements(list, value, i);
  return list.length === 1 ? list[0]! : block(list);
}
function compileList(items: readonly unknown[]): Build {
  const parts = items.map((item): number | Build => {
    if (!isNode(item)) return () => item;
    const h = statementHole(item);
    return h >= 0 ? h : compileNode(item);
  });
  return (holes) => {
    const out: unknown[] = [];
    for (const part of parts) {
      if (typeof part === 'number') pushStatements(out as ES.Statement[], holes[part], part);
      else out.push(part(holes));
    }
    return out;
  };
}

const ACORN = { ecmaVersion: 2022, sourceType: 'script', allowReturnOutsideFunction: true } as const;

function compileTemplate(strings: TemplateStringsArray, kind: Kind): Build {
  const source = strings.reduce((acc, s, i) => `${acc}${HOLE_PREFIX}${i - 1}${s}`);
  let body: ES.Statement[];
  try {
    body = (parse(kind === 'expr' ? `(${source}\n)` : source, ACORN) as unknown as ES.Program).body as ES.Statement[];
  } catch (e) {
    throw new Error(`js.${kind} template does not parse (${(e as Error).message}): ${source}`);
  }
  if (kind === 'stmts') return compileList(body);
  if (body.length !== 1) throw new Error(`js.${kind} template holds ${body.length} statements: ${source}`);
  const only = body[0]!;
  if (kind === 'stmt') {
    const h = statementHole(only);
    return h >= 0 ? (holes) => statementOf(holes[h], h) : compileNode(only);
  }
  if (only.type !== 'ExpressionStatement') throw new Error(`js.expr template is not an expression: ${source}`);
  return compileNode(only.expression);
}

/** Factories by call site: a tagged template's strings array is one object per site. */
const TEMPLATES: Record<Kind, WeakMap<TemplateStringsArray, Build>> = {
  expr: new WeakMap(), stmt: new WeakMap(), stmts: new WeakMap(),
};
function instantiate(kind: Kind, strings: TemplateStringsArray, holes: readonly Hole[]): unknown {
  let build = TEMPLATES[kind].get(strings);
  if (build === undefined) TEMPLATES[kind].set(strings, build = compileTemplate(strings, kind));
  return build(holes);
}

export const js = {
  expr: (strings: TemplateStringsArray, ...holes: Hole[]) => instantiate('expr', strings, holes) as ES.Expression,
  stmt: (strings: TemplateStringsArray, ...holes: Hole[]) => instantiate('stmt', strings, holes) as ES.Statement,
  stmts: (strings: TemplateStringsArray, ...holes: Hole[]) => instantiate('stmts', strings, holes) as ES.Statement[],
};

// ## Printing

/** JS source of a node (astring, two-space indent). */
export function print(node: ES.Node): string {
  return generate(node);
}

/** Statements on one line (while some callers still splice JS text). */
export function printOneLine(statements: readonly ES.Statement[]): string {
  return statements.map((s) => generate(s, { indent: '', lineEnd: ' ' }).trimEnd()).join(' ');
}

/** Where a marked statement starts in printed output: 1-based line, 0-based column. */
export interface PrintedPosition { line: number; column: number }

/**
 * Prints `node` and reports where each statement in `marked` starts (its first
 * occurrence). astring writes the indentation before a statement, so the output up to
 * the statement gives its position.
 */
export function printWithPositions(node: ES.Node, marked: ReadonlySet<ES.Node>): { code: string; positions: Map<ES.Node, PrintedPosition> } {
  const positions = new Map<ES.Node, PrintedPosition>();
  let scanned = 0, line = 1, lineStart = 0;
  tracking = (n, state) => {
    if (!marked.has(n) || positions.has(n)) return;
    const out = state.output;
    for (let i = out.indexOf('\n', scanned); i >= 0; i = out.indexOf('\n', i + 1)) { line++; lineStart = i + 1; }
    scanned = out.length;
    positions.set(n, { line, column: out.length - lineStart });
  };
  try {
    return { code: generate(node, { generator: TRACKING_GENERATOR }), positions };
  } finally {
    tracking = undefined;
  }
}

let tracking: ((node: ES.Node, state: State) => void) | undefined;
/** astring's generator with every statement printer first telling `tracking` where it is. */
const TRACKING_GENERATOR = Object.fromEntries(Object.entries(GENERATOR).map(([type, printer]) => {
  if (!(type.endsWith('Statement') || type.endsWith('Declaration'))) return [type, printer];
  const p = printer as (this: unknown, node: ES.Node, state: State) => void;
  return [type, function (this: unknown, node: ES.Node, state: State) {
    tracking?.(node, state);
    p.call(this, node, state);
  }];
})) as typeof GENERATOR;
