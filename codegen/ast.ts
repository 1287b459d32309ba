// ESTree for the JS tier: the translator builds each generated function as an ESTree
// AST (types from @types/estree) and astring prints it. Two ways to make nodes:
// - builders (`binary('+', a, b)`, `ifStmt(test, then)`, ...) for code whose shape is
//   computed (an operator, a label, a variable number of statements);
// - the quasi-quote tags `js.expr`, `js.stmt`, `js.stmts` for code whose shape is fixed:
//   js.expr`(${a} + ${b}) | 0`. Each call site's template is parsed once with acorn and
//   compiled (new Function) into a factory of object literals that fills the holes.
//
// A hole takes an ESTree node as is (an expression where an expression stands; a
// statement or a statement list where `${x};` stands as a statement), a number as a
// literal, and a string only as an identifier name. Operators, labels and property
// names after `.` cannot be holes: use the builders.
//
// Nodes are never changed once built: a template's fixed parts, names, small numbers and
// register-file elements are made once and shared (translation makes millions of nodes;
// fewer of them is less work for the garbage collector). Only statement lists are always
// new arrays, for callers to extend.

import { parse } from 'acorn';
import { generate, GENERATOR, type State } from 'astring';
import { expressionText } from './print-expression.js';
import type * as ES from 'estree';
import type { Writable } from 'node:stream';

/** What a hole of a template (or an operand of a builder) may be given. */
export type Hole = ES.Expression | ES.Statement | readonly ES.Statement[] | number | string | undefined;
/** An operand of a builder: a node or a number (a literal). */
export type Operand = ES.Expression | number;

const IDENTIFIER = /^[A-Za-z_$][\w$]*$/;

// ## Builders

const IDENTIFIERS = new Map<string, ES.Identifier>();
export function id(name: string): ES.Identifier {
  let node = IDENTIFIERS.get(name);
  if (node === undefined) IDENTIFIERS.set(name, node = { type: 'Identifier', name });
  return node;
}

/** An identifier not kept among the shared ones: for names there are unboundedly many of (one per function). */
export function unsharedId(name: string): ES.Identifier {
  return { type: 'Identifier', name };
}

/** A number as JS source that reads back as exactly that number: -0, negatives and infinities included. */
export function num(x: number): ES.Expression {
  const small = x === (x | 0) && x >= -SMALL && x < SMALL && !Object.is(x, -0);
  if (small && SMALL_NUMBERS[x + SMALL] !== undefined) return SMALL_NUMBERS[x + SMALL]!;
  const node = numberNode(x);
  if (small) SMALL_NUMBERS[x + SMALL] = node;
  return node;
}
const SMALL = 1 << 16;
const SMALL_NUMBERS: Array<ES.Expression | undefined> = [];
function numberNode(x: number): ES.Expression {
  if (x !== x) return id('NaN');
  if (x < 0 || Object.is(x, -0)) return { type: 'UnaryExpression', operator: '-', prefix: true, argument: numberNode(-x) };
  if (x === Infinity) return id('Infinity');
  return { type: 'Literal', value: x, raw: String(x) };
}

export const expr = (x: Operand): ES.Expression => (typeof x === 'number' ? num(x) : x);

/** `object[i]` */
export function index(object: ES.Expression, i: Operand): ES.MemberExpression {
  if (typeof i !== 'number' || object.type !== 'Identifier') {
    return { type: 'MemberExpression', object, property: expr(i), computed: true, optional: false };
  }
  // `name[k]`: shared per (identifier, k), as the identifiers are.
  let byIndex = ELEMENTS.get(object);
  if (byIndex === undefined) ELEMENTS.set(object, byIndex = new Map());
  let node = byIndex.get(i);
  if (node === undefined) byIndex.set(i, node = { type: 'MemberExpression', object, property: num(i), computed: true, optional: false });
  return node;
}
const ELEMENTS = new WeakMap<ES.Node, Map<number, ES.MemberExpression>>();
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
  return { type: 'FunctionDeclaration', id: unsharedId(name), params: params.map(id), body: block(body), generator: false, async: false };
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
const statementTypes = new Map<string, boolean>();
/** Whether a node is a statement (or declaration), by its type: memoized, as this runs at every hole. */
function isStatement(n: ES.Node): boolean {
  let yes = statementTypes.get(n.type);
  if (yes === undefined) statementTypes.set(n.type, yes = n.type.endsWith('Statement') || n.type.endsWith('Declaration'));
  return yes;
}

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
  if (typeof value === 'object' && !isList(value) && !isStatement(value)) return value as ES.Expression;
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

/**
 * A template's AST as the source of a JS expression that builds it from the holes `h`:
 * object literals (fast to make, one shape per node type), the holes through E (an
 * expression), L (statements spliced into a list) and S (a lone statement). Subtrees
 * with no hole are built once and shared by every use (`C[i]`): nodes are never changed
 * once built. Lists that hold a hole are made afresh.
 */
class TemplateCompiler {
  readonly constants: string[] = [];

  /** Source of `node`, or of a constant standing for it when it holds no hole. */
  source(node: ES.Node): string {
    const { src, holey } = this.node(node);
    return holey ? src : this.constant(src);
  }
  /** A statement list's source: always a fresh array, its constant items shared. */
  list(items: readonly unknown[]): string {
    return `[${items.map((item) => {
      if (!isNode(item)) return JSON.stringify(item);
      const h = statementHole(item);
      return h >= 0 ? `...L(h[${h}], ${h})` : this.source(item);
    }).join(', ')}]`;
  }
  private constant(src: string): string {
    return `C[${this.constants.push(src) - 1}]`;
  }
  private node(node: ES.Node): { src: string; holey: boolean } {
    const hole = holeIndex(node);
    if (hole >= 0) return { src: `E(h[${hole}], ${hole})`, holey: true };
    const fields: Array<[string, { src: string; holey: boolean }]> = [];
    for (const [key, value] of Object.entries(node)) {
      if (SOURCE_KEYS.has(key)) continue;
      if (Array.isArray(value)) {
        const holey = value.some((item) => isNode(item) && this.holds(item));
        fields.push([key, holey ? { src: this.list(value), holey } : { src: `[${value.map((v) => (isNode(v) ? this.node(v).src : JSON.stringify(v))).join(', ')}]`, holey }]);
      } else if (isNode(value)) {
        const h = statementHole(value);
        // `if (c) ${s};`: a hole as a single statement (a list becomes a block).
        fields.push([key, h >= 0 && isStatement(node) ? { src: `S(h[${h}], ${h})`, holey: true } : this.node(value)]);
      } else fields.push([key, { src: value === undefined ? 'undefined' : JSON.stringify(value), holey: false }]);
    }
    const holey = fields.some(([, f]) => f.holey);
    // In a node with holes, each constant child becomes a shared constant.
    const parts = fields.map(([key, f]) => `${JSON.stringify(key)}: ${holey && !f.holey && f.src.startsWith('{') ? this.constant(f.src) : f.src}`);
    return { src: `{ ${parts.join(', ')} }`, holey };
  }
  private holds(node: ES.Node): boolean {
    return holeIndex(node) >= 0 || Object.values(node).some((v) =>
      (Array.isArray(v) ? v.some((x) => isNode(x) && this.holds(x)) : isNode(v) && this.holds(v)));
  }

  /** The factory of `source` (an expression over h and the constants). */
  compile(source: string): Build {
    // The template's own text only, made into object literals: no value from outside goes in.
    const constants = (new Function(`return [${this.constants.join(', ')}];`)() as ES.Node[])
      .map((c) => (isStatement(c) ? shared(c as ES.Statement) : c));
    const factory = new Function('h', 'C', 'E', 'L', 'S', `return ${source};`) as Factory;
    return (holes) => factory(holes, constants, asExpression, statementList, statementOf);
  }
}

function statementOf(value: Hole, i: number): ES.Statement {
  const list = statementList(value, i);
  return list.length === 1 ? list[0]! : block(list);
}
function statementList(value: Hole, i: number): ES.Statement[] {
  const list: ES.Statement[] = [];
  pushStatements(list, value, i);
  return list;
}
type Factory = (h: readonly Hole[], C: readonly unknown[], E: typeof asExpression, L: typeof statementList,
  S: typeof statementOf) => unknown;

const ACORN = { ecmaVersion: 2022, sourceType: 'script', allowReturnOutsideFunction: true } as const;

function compileTemplate(strings: TemplateStringsArray, kind: Kind): Build {
  const source = strings.reduce((acc, s, i) => `${acc}${HOLE_PREFIX}${i - 1}${s}`);
  let body: ES.Statement[];
  try {
    body = (parse(kind === 'expr' ? `(${source}\n)` : source, ACORN) as unknown as ES.Program).body as ES.Statement[];
  } catch (e) {
    throw new Error(`js.${kind} template does not parse (${(e as Error).message}): ${source}`);
  }
  if (kind !== 'stmts' && body.length !== 1) throw new Error(`js.${kind} template holds ${body.length} statements: ${source}`);
  const only = body[0]!;
  if (kind === 'expr' && only.type !== 'ExpressionStatement') throw new Error(`js.expr template is not an expression: ${source}`);
  if (!CAN_EVAL) return walkingBuild(kind, body);
  const compiler = new TemplateCompiler();
  if (kind === 'stmts') return compiler.compile(compiler.list(body));
  if (kind === 'stmt') {
    const h = statementHole(only);
    return compiler.compile(h >= 0 ? `S(h[${h}], ${h})` : compiler.source(only));
  }
  return compiler.compile(compiler.source((only as ES.ExpressionStatement).expression));
}

/**
 * Whether this host lets code be made from text. The generated modules of `pulley jsgen`
 * must load where it does not (a CSP without unsafe-eval, Hermes without eval), and they
 * import the runtime, whose emitters instantiate templates when they load.
 */
const CAN_EVAL = ((): boolean => {
  try {
    return new Function('return true')() === true;
  } catch {
    return false;
  }
})();

/**
 * A template's factory without eval: the same nodes as TemplateCompiler's, made by walking
 * the template's tree at each use (slower; only hosts that translate nothing use it).
 */
function walkingBuild(kind: Kind, body: readonly ES.Statement[]): Build {
  if (kind === 'stmts') return (h) => fill(body, h);
  const only = body[0]!;
  if (kind === 'stmt') {
    const s = statementHole(only);
    return s >= 0 ? (h) => statementOf(h[s], s) : (h) => fill(only, h);
  }
  const expression = (only as ES.ExpressionStatement).expression;
  return (h) => fill(expression, h);
}
function fill(node: unknown, h: readonly Hole[]): unknown {
  if (Array.isArray(node)) {
    const out: unknown[] = [];
    for (const item of node) {
      const s = isNode(item) ? statementHole(item) : -1;
      if (s >= 0) out.push(...statementList(h[s], s));
      else out.push(fill(item, h));
    }
    return out;
  }
  if (!isNode(node)) return node;
  const hole = holeIndex(node);
  if (hole >= 0) return asExpression(h[hole], hole);
  const copy: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(node)) {
    if (SOURCE_KEYS.has(key)) continue;
    const s = isNode(value) ? statementHole(value) : -1;
    copy[key] = s >= 0 && isStatement(node) ? statementOf(h[s], s) : fill(value, h);
  }
  return copy;
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
  return generate(node, { generator: PRINTER });
}

/** Where a marked statement starts in printed output: 1-based line, 0-based column. */
export interface PrintedPosition { line: number; column: number }

/** astring's output sink: keeps the text in pieces and the current line and column. */
class CountingOutput {
  // The text grows by += in short pieces, each kept in `parts` once it holds 32 writes:
  // one string grown by += to the end would be a tree of millions of small pieces, all
  // live (copied by the young-generation collector) until flattened; an array of every
  // write is slower to join.
  private readonly parts: string[] = [];
  private piece = '';
  private writes = 0;
  line = 1;
  column = 0;
  write(code: string): void {
    this.piece += code;
    if (++this.writes === 32) {
      this.parts.push(this.piece);
      this.piece = '';
      this.writes = 0;
    }
    // astring writes a line's end last in a piece; a newline inside a piece could only come
    // from a string literal or a comment, which generated code does not have.
    if (code.charCodeAt(code.length - 1) !== 10) {
      this.column += code.length;
      return;
    }
    this.line++;
    this.column = 0;
  }
  text(): string {
    this.parts.push(this.piece);
    return this.parts.join('');
  }
}

/**
 * Prints `node` and reports where each statement in `marked` starts (its first
 * occurrence). astring writes the indentation before a statement, so the output's
 * position when the statement's printer starts is the statement's.
 */
export function printWithPositions(node: ES.Node, marked: ReadonlySet<ES.Node>): { code: string; positions: Map<ES.Node, PrintedPosition> } {
  const positions = new Map<ES.Node, PrintedPosition>();
  const output = new CountingOutput();
  tracking = (n) => {
    if (marked.has(n) && !positions.has(n)) positions.set(n, { line: output.line, column: output.column });
  };
  try {
    generate(node, { generator: PRINTER, output: output as unknown as Writable });
    return { code: output.text(), positions };
  } finally {
    tracking = undefined;
  }
}

/** The printed text of shared one-line expression statements, written in one piece. */
const STATEMENT_TEXT = new WeakMap<ES.Node, string>();
/** Marks a statement used in many places: it is printed once here, and the text reused. */
export function shared<T extends ES.Statement>(statement: T): T {
  if (statement.type === 'ExpressionStatement') STATEMENT_TEXT.set(statement, print(statement));
  return statement;
}

let tracking: ((node: ES.Node) => void) | undefined;
/** Expression types whose printing expressionText does in one piece (falling back to astring's printer). */
const FAST_EXPRESSIONS = new Set(['MemberExpression', 'CallExpression', 'UnaryExpression', 'BinaryExpression',
  'LogicalExpression', 'ConditionalExpression', 'AssignmentExpression', 'SequenceExpression', 'ChainExpression']);
type Printer = (this: unknown, node: ES.Node, state: State) => void;

/**
 * astring's generator with every statement printer first telling `tracking` where it is,
 * and expressions written in one piece where print-expression.ts can (a dozen times fewer
 * writes: printing was most of the translation's time).
 */
const PRINTER = Object.fromEntries(Object.entries(GENERATOR).map(([type, printer]) => {
  const p = printer as Printer;
  if (FAST_EXPRESSIONS.has(type)) {
    return [type, function (this: unknown, node: ES.Node, state: State) {
      const text = expressionText(node);
      if (text === undefined) p.call(this, node, state);
      else state.write(text);
    }];
  }
  if (!(type.endsWith('Statement') || type.endsWith('Declaration'))) return [type, printer];
  if (type === 'ExpressionStatement') {
    return [type, function (this: unknown, node: ES.Node, state: State) {
      tracking?.(node);
      let text = STATEMENT_TEXT.get(node);
      if (text === undefined) {
        const e = expressionText((node as ES.ExpressionStatement).expression);
        if (e !== undefined) text = `${e};`;
      }
      if (text === undefined) p.call(this, node, state);
      else state.write(text);
    }];
  }
  if (type === 'BreakStatement' || type === 'ContinueStatement') {
    const keyword = type === 'BreakStatement' ? 'break' : 'continue';
    return [type, (node: ES.BreakStatement | ES.ContinueStatement, state: State) => {
      tracking?.(node);
      state.write(node.label === null || node.label === undefined ? `${keyword};` : `${keyword} ${node.label.name};`);
    }];
  }
  return [type, function (this: unknown, node: ES.Node, state: State) {
    tracking?.(node);
    p.call(this, node, state);
  }];
})) as typeof GENERATOR;
