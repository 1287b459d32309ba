// Demangling of the symbol names found in wasm name sections, for readable backtraces:
// Rust legacy (`_ZN...17h<hash>E`, printed without the hash), Rust v0 (`_R...`) and the
// Itanium C++ ABI (`_Z...`). Output follows llvm-cxxfilt. Anything not understood is
// returned unchanged: a backtrace must never fail because of a name.

/** The readable form of `name`, or `name` itself if it is not a mangled name we understand. */
export function demangle(name: string): string {
  try {
    // Wasm symbols sometimes carry an extra leading underscore (`__ZN...`).
    const symbol = name.startsWith('__Z') || name.startsWith('__R') ? name.slice(1) : name;
    if (symbol.startsWith('_R')) return new RustV0(symbol).demangle();
    if (symbol.startsWith('_ZN')) {
      const legacy = demangleRustLegacy(symbol);
      if (legacy !== undefined) return legacy;
    }
    if (symbol.startsWith('_Z')) return new Itanium(symbol).demangle();
  } catch (e) {
    if (!(e instanceof Unrecognized)) throw e;
  }
  return name;
}

class Unrecognized extends Error {}

function fail(): never {
  throw new Unrecognized();
}

// ## Rust legacy: an Itanium nested name of plain identifiers ending in a hash.

const RUST_ESCAPES: Record<string, string> = {
  SP: '@', BP: '*', RF: '&', LT: '<', GT: '>', LP: '(', RP: ')', C: ',',
};

function demangleRustLegacy(symbol: string): string | undefined {
  const parts: string[] = [];
  let i = 3;
  while (i < symbol.length && symbol[i] !== 'E') {
    const digits = /^\d+/.exec(symbol.slice(i))?.[0];
    if (!digits) return undefined;
    i += digits.length;
    const len = Number(digits);
    if (i + len > symbol.length) return undefined;
    parts.push(symbol.slice(i, i + len));
    i += len;
  }
  if (i !== symbol.length - 1 || parts.length < 2 || !/^h[0-9a-f]{16}$/.test(parts[parts.length - 1]!)) return undefined;
  return parts.slice(0, -1).map(unescapeRustLegacy).join('::');
}

function unescapeRustLegacy(part: string): string {
  const text = part.startsWith('_$') ? part.slice(1) : part;
  return text.replace(/\.\./g, '::').replace(/\$([A-Za-z0-9]+)\$/g, (whole, code: string) => {
    if (code.startsWith('u') && /^u[0-9a-f]+$/.test(code)) return String.fromCodePoint(parseInt(code.slice(1), 16));
    return RUST_ESCAPES[code] ?? whole;
  });
}

// ## Rust v0 (RFC 2603).

const RUST_BASIC_TYPES: Record<string, string> = {
  a: 'i8', b: 'bool', c: 'char', d: 'f64', e: 'str', f: 'f32', h: 'u8', i: 'isize', j: 'usize', l: 'i32',
  m: 'u32', n: 'i128', o: 'u128', s: 'i16', t: 'u16', u: '()', v: '...', x: 'i64', y: 'u64', z: '!', p: '_',
};

class RustV0 {
  private pos = 2;
  private depth = 0;
  constructor(private readonly s: string) {}

  demangle(): string {
    if (this.s[this.pos] !== undefined && /\d/.test(this.s[this.pos]!)) fail(); // encoding versions we do not know
    const out = this.path(true);
    // An optional instantiating crate follows; it is not printed.
    if (this.pos < this.s.length) this.path(false);
    if (this.pos !== this.s.length) fail();
    return out;
  }

  private peek(): string | undefined {
    return this.s[this.pos];
  }

  private next(): string {
    const c = this.s[this.pos++];
    if (c === undefined) fail();
    return c;
  }

  private eat(c: string): boolean {
    if (this.s[this.pos] !== c) return false;
    this.pos++;
    return true;
  }

  /** base-62 number terminated by `_` ("_" alone is 0). */
  private base62(): number {
    if (this.eat('_')) return 0;
    let n = 0;
    for (;;) {
      const c = this.next();
      if (c === '_') return n + 1;
      const d = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(c);
      if (d < 0) fail();
      n = n * 62 + d;
    }
  }

  private decimal(): number {
    const digits = /^\d+/.exec(this.s.slice(this.pos))?.[0];
    if (!digits) fail();
    this.pos += digits.length;
    return Number(digits);
  }

  /** The optional `s<n>` disambiguator: 0 when absent, n + 1 when present. */
  private disambiguator(): number {
    return this.eat('s') ? this.base62() + 1 : 0;
  }

  private identifier(): string {
    return this.disambiguatedIdentifier().name;
  }

  private disambiguatedIdentifier(): { name: string; index: number } {
    const index = this.disambiguator();
    const punycode = this.eat('u');
    const len = this.decimal();
    this.eat('_');
    if (this.pos + len > this.s.length) fail();
    const text = this.s.slice(this.pos, this.pos + len);
    this.pos += len;
    if (punycode) fail(); // non-ASCII identifiers: keep the mangled name
    return { name: text, index };
  }

  /** Runs `parse` at a back-reference target and returns to where we were. */
  private backref<T>(parse: () => T): T {
    const start = this.pos - 1;
    const target = 2 + this.base62(); // offsets count from after `_R`
    if (target >= start) fail();
    if (++this.depth > 100) fail();
    const saved = this.pos;
    this.pos = target;
    const result = parse();
    this.pos = saved;
    this.depth--;
    return result;
  }

  private path(inValue: boolean): string {
    const tag = this.next();
    switch (tag) {
      case 'C': return this.identifier();
      case 'M': {
        this.disambiguator();
        this.path(false);
        return `<${this.type()}>`;
      }
      case 'X': {
        this.disambiguator();
        this.path(false);
        const self = this.type();
        return `<${self} as ${this.path(false)}>`;
      }
      case 'Y': {
        const self = this.type();
        return `<${self} as ${this.path(false)}>`;
      }
      case 'N': {
        const ns = this.next();
        const prefix = this.path(inValue);
        const { name, index } = this.disambiguatedIdentifier();
        if (ns >= 'A' && ns <= 'Z') {
          const kind = ns === 'C' ? 'closure' : ns === 'S' ? 'shim' : ns;
          return `${prefix}::{${kind}${name ? `:${name}` : ''}#${index}}`;
        }
        return name ? `${prefix}::${name}` : prefix;
      }
      case 'I': {
        const prefix = this.path(inValue);
        const args: string[] = [];
        while (!this.eat('E')) args.push(this.genericArg());
        return `${prefix}${inValue ? '::' : ''}<${args.join(', ')}>`;
      }
      case 'B': return this.backref(() => this.path(inValue));
      default: return fail();
    }
  }

  private genericArg(): string {
    if (this.eat('L')) {
      this.base62();
      return "'_";
    }
    if (this.eat('K')) return this.constValue();
    return this.type();
  }

  private constValue(): string {
    if (this.eat('B')) return this.backref(() => this.constValue());
    if (this.eat('p')) return '_';
    const type = this.next();
    const negative = this.eat('n');
    let hex = '';
    while (this.peek() !== '_') hex += this.next();
    this.next();
    if (!/^[0-9a-f]*$/.test(hex)) fail();
    const value = hex === '' ? 0n : BigInt(`0x${hex}`);
    if (type === 'b') return value === 0n ? 'false' : 'true';
    if (type === 'c') return `'${String.fromCodePoint(Number(value))}'`;
    if (!(type in RUST_BASIC_TYPES)) fail();
    return `${negative ? '-' : ''}${value}`;
  }

  private lifetimeBinder(): void {
    if (this.eat('G')) this.base62();
  }

  private type(): string {
    const c = this.peek();
    if (c !== undefined && c in RUST_BASIC_TYPES) {
      this.pos++;
      return RUST_BASIC_TYPES[c]!;
    }
    switch (this.next()) {
      case 'A': {
        const element = this.type();
        return `[${element}; ${this.constValue()}]`;
      }
      case 'S': return `[${this.type()}]`;
      case 'T': {
        const items: string[] = [];
        while (!this.eat('E')) items.push(this.type());
        return items.length === 1 ? `(${items[0]},)` : `(${items.join(', ')})`;
      }
      case 'R': case 'Q': {
        const mutable = this.s[this.pos - 1] === 'Q';
        if (this.eat('L')) this.base62();
        return `&${mutable ? 'mut ' : ''}${this.type()}`;
      }
      case 'P': return `*const ${this.type()}`;
      case 'O': return `*mut ${this.type()}`;
      case 'F': {
        this.lifetimeBinder();
        const unsafe = this.eat('U');
        const abi = this.eat('K') ? (this.eat('C') ? 'C' : this.identifier()) : undefined;
        const params: string[] = [];
        while (!this.eat('E')) params.push(this.type());
        const result = this.type();
        const head = `${unsafe ? 'unsafe ' : ''}${abi ? `extern "${abi}" ` : ''}fn(${params.join(', ')})`;
        return result === '()' ? head : `${head} -> ${result}`;
      }
      case 'D': {
        this.lifetimeBinder();
        const bounds: string[] = [];
        while (!this.eat('E')) {
          let bound = this.path(false);
          const assoc: string[] = [];
          while (this.eat('p')) assoc.push(`${this.identifier()} = ${this.type()}`);
          if (assoc.length) bound = bound.endsWith('>') ? `${bound.slice(0, -1)}, ${assoc.join(', ')}>` : `${bound}<${assoc.join(', ')}>`;
          bounds.push(bound);
        }
        if (!this.eat('L')) fail();
        this.base62();
        return `dyn ${bounds.join(' + ')}`;
      }
      case 'B': return this.backref(() => this.type());
      default:
        this.pos--;
        return this.path(false);
    }
  }
}

// ## Itanium C++ ABI (the common subset: names, templates, functions, substitutions).

const CXX_BUILTIN_TYPES: Record<string, string> = {
  v: 'void', w: 'wchar_t', b: 'bool', c: 'char', a: 'signed char', h: 'unsigned char', s: 'short',
  t: 'unsigned short', i: 'int', j: 'unsigned int', l: 'long', m: 'unsigned long', x: 'long long',
  y: 'unsigned long long', n: '__int128', o: 'unsigned __int128', f: 'float', d: 'double', e: 'long double',
  g: '__float128', z: '...',
};

const CXX_D_TYPES: Record<string, string> = {
  n: 'std::nullptr_t', i: 'char32_t', s: 'char16_t', u: 'char8_t', a: 'auto', c: 'decltype(auto)',
};

const CXX_OPERATORS: Record<string, string> = {
  nw: 'new', na: 'new[]', dl: 'delete', da: 'delete[]', ps: '+', ng: '-', ad: '&', de: '*', co: '~',
  pl: '+', mi: '-', ml: '*', dv: '/', rm: '%', an: '&', or: '|', eo: '^', aS: '=', pL: '+=', mI: '-=',
  mL: '*=', dV: '/=', rM: '%=', aN: '&=', oR: '|=', eO: '^=', ls: '<<', rs: '>>', lS: '<<=', rS: '>>=',
  eq: '==', ne: '!=', lt: '<', gt: '>', le: '<=', ge: '>=', ss: '<=>', nt: '!', aa: '&&', oo: '||',
  pp: '++', mm: '--', cm: ',', pm: '->*', pt: '->', cl: '()', ix: '[]', qu: '?',
};

const CXX_STD_SUBSTITUTIONS: Record<string, string> = {
  t: 'std', a: 'std::allocator', b: 'std::basic_string',
  s: 'std::string', i: 'std::istream', o: 'std::ostream', d: 'std::iostream',
};

/** A parsed name: its text, and what the encoding needs to know about its last part. */
interface CxxName {
  text: string;
  /** Ends in template arguments (so a function's first type is its return type). */
  template: boolean;
  /** A constructor, destructor or conversion operator (no return type even when templated). */
  special: boolean;
  /** cv-qualifiers of a member function (`K` in the nested name). */
  qualifiers: string;
  /** The final template arguments, which `T_`, `T0_`... in the function's types refer to. */
  args: string[];
}

class Itanium {
  private pos = 2;
  private readonly subs: string[] = [];
  private templateArgs: string[] = [];
  private depth = 0;
  constructor(private readonly s: string) {}

  demangle(): string {
    const out = this.encoding();
    // Clone suffixes such as `.cold` or `.llvm.123` are printed as they are.
    const rest = this.s.slice(this.pos);
    if (rest !== '' && !/^(\.[A-Za-z0-9_.]+)+$/.test(rest)) fail();
    return rest === '' ? out : `${out} (${rest})`;
  }

  private peek(offset = 0): string | undefined {
    return this.s[this.pos + offset];
  }

  private next(): string {
    const c = this.s[this.pos++];
    if (c === undefined) fail();
    return c;
  }

  private eat(text: string): boolean {
    if (!this.s.startsWith(text, this.pos)) return false;
    this.pos += text.length;
    return true;
  }

  private atEnd(): boolean {
    return this.pos >= this.s.length || this.peek() === 'E' || this.peek() === '.';
  }

  private encoding(): string {
    if (++this.depth > 200) fail();
    const special = this.specialName();
    if (special !== undefined) return special;
    const name = this.name();
    if (name.template) this.templateArgs = name.args;
    if (this.atEnd()) return name.text;
    const returnType = name.template && !name.special ? this.type() : undefined;
    const params: string[] = [];
    while (!this.atEnd()) params.push(this.type());
    const list = params.length === 1 && params[0] === 'void' ? '' : params.join(', ');
    const qualifiers = name.qualifiers ? ` ${name.qualifiers}` : '';
    this.depth--;
    return `${returnType !== undefined ? `${returnType} ` : ''}${name.text}(${list})${qualifiers}`;
  }

  private specialName(): string | undefined {
    const tables: Record<string, string> = { TV: 'vtable for ', TT: 'VTT for ', TI: 'typeinfo for ', TS: 'typeinfo name for ' };
    for (const [code, label] of Object.entries(tables)) if (this.eat(code)) return label + this.type();
    if (this.eat('GV')) return `guard variable for ${this.name().text}`;
    return undefined;
  }

  private name(): CxxName {
    if (this.peek() === 'N') return this.nestedName();
    if (this.peek() === 'Z') return this.localName();
    let text: string;
    let special = false;
    if (this.peek() === 'S' && this.peek(1) !== 't') {
      text = this.substitution();
    } else {
      const std = this.eat('St');
      const part = this.unqualifiedName('');
      text = std ? `std::${part.text}` : part.text;
      special = part.special;
      if (this.peek() === 'I') this.subs.push(text); // an unscoped template name
    }
    if (this.peek() !== 'I') return { text, template: false, special, qualifiers: '', args: [] };
    const args = this.templateArgList();
    text += args.text;
    return { text, template: true, special, qualifiers: '', args: args.list };
  }

  private nestedName(): CxxName {
    this.next(); // N
    let qualifiers = '';
    for (;;) {
      if (this.eat('r')) qualifiers += ' restrict';
      else if (this.eat('V')) qualifiers += ' volatile';
      else if (this.eat('K')) qualifiers += ' const';
      else break;
    }
    this.eat('R') || this.eat('O');
    let prefix = '';
    let template = false;
    let special = false;
    let args: string[] = [];
    while (!this.eat('E')) {
      if (this.peek() === 'S' && prefix === '') {
        if (this.eat('St')) {
          prefix = 'std';
          continue;
        }
        prefix = this.substitution();
        template = false;
        continue;
      } else if (this.peek() === 'I') {
        if (prefix === '') fail();
        const list = this.templateArgList();
        args = list.list;
        prefix += list.text;
        template = true;
      } else if (this.peek() === 'T') {
        prefix = this.templateParam();
        template = false;
      } else {
        const part = this.unqualifiedName(prefix);
        prefix = prefix ? `${prefix}::${part.text}` : part.text;
        template = false;
        special = part.special;
      }
      if (this.peek() !== 'E') this.subs.push(prefix);
    }
    return { text: prefix, template, special, qualifiers: qualifiers.trim(), args };
  }

  private localName(): CxxName {
    this.next(); // Z
    const outer = this.encoding();
    if (!this.eat('E')) fail();
    if (this.eat('s')) {
      this.discriminator();
      return { text: `${outer}::string literal`, template: false, special: false, qualifiers: '', args: [] };
    }
    const inner = this.name();
    this.discriminator();
    return { ...inner, text: `${outer}::${inner.text}` };
  }

  private discriminator(): void {
    if (this.eat('_')) {
      if (this.eat('_')) {
        this.number();
        if (!this.eat('_')) fail();
      } else this.number();
    }
  }

  /** A source name, operator, constructor or destructor; `enclosing` names ctors and dtors. */
  private unqualifiedName(enclosing: string): { text: string; special: boolean } {
    const c = this.peek();
    if (c !== undefined && c >= '0' && c <= '9') return { text: this.sourceName(), special: false };
    if (this.eat('L')) return { text: this.sourceName(), special: false }; // internal linkage
    const className = enclosing.replace(/<.*>$/, '').split('::').pop() ?? '';
    if (c === 'C' && /[1-5I]/.test(this.peek(1) ?? '')) {
      this.pos += 2;
      return { text: className, special: true };
    }
    if (c === 'D' && /[0-5]/.test(this.peek(1) ?? '')) {
      this.pos += 2;
      return { text: `~${className}`, special: true };
    }
    if (this.eat('cv')) return { text: `operator ${this.type()}`, special: true };
    if (this.eat('li')) return { text: `operator"" ${this.sourceName()}`, special: false };
    const code = this.s.slice(this.pos, this.pos + 2);
    const op = CXX_OPERATORS[code];
    if (op === undefined) fail();
    this.pos += 2;
    return { text: `operator${/^[a-z]/.test(op) ? ' ' : ''}${op}`, special: false };
  }

  private number(): number {
    const digits = /^\d+/.exec(this.s.slice(this.pos))?.[0];
    if (!digits) fail();
    this.pos += digits.length;
    return Number(digits);
  }

  private sourceName(): string {
    const len = this.number();
    if (this.pos + len > this.s.length) fail();
    const text = this.s.slice(this.pos, this.pos + len);
    this.pos += len;
    return text.startsWith('_GLOBAL__N') ? '(anonymous namespace)' : text;
  }

  private substitution(): string {
    if (!this.eat('S')) fail();
    const c = this.next();
    if (c in CXX_STD_SUBSTITUTIONS) return CXX_STD_SUBSTITUTIONS[c]!;
    let index = 0;
    if (c !== '_') {
      this.pos--;
      let n = 0;
      for (;;) {
        const d = this.next();
        if (d === '_') break;
        const v = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ'.indexOf(d);
        if (v < 0) fail();
        n = n * 36 + v;
      }
      index = n + 1;
    }
    const sub = this.subs[index];
    if (sub === undefined) fail();
    return sub;
  }

  private templateParam(): string {
    if (!this.eat('T')) fail();
    const index = this.eat('_') ? 0 : this.number() + 1;
    if (index > 0 && !this.eat('_')) fail();
    const arg = this.templateArgs[index];
    if (arg === undefined) fail();
    return arg;
  }

  private templateArgList(): { text: string; list: string[] } {
    if (!this.eat('I')) fail();
    const list: string[] = [];
    while (!this.eat('E')) list.push(this.templateArg());
    const joined = list.join(', ');
    return { text: `<${joined}${joined.endsWith('>') ? ' ' : ''}>`, list };
  }

  private templateArg(): string {
    if (this.peek() === 'L') return this.literal();
    if (this.eat('J')) {
      const pack: string[] = [];
      while (!this.eat('E')) pack.push(this.templateArg());
      return pack.join(', ');
    }
    if (this.eat('X')) fail(); // expressions: rare in symbol names
    return this.type();
  }

  private literal(): string {
    this.next(); // L
    if (this.eat('_Z')) {
      const text = this.encoding();
      if (!this.eat('E')) fail();
      return text;
    }
    const type = this.type();
    const negative = this.eat('n');
    const value = this.number();
    if (!this.eat('E')) fail();
    if (type === 'bool') return value ? 'true' : 'false';
    const suffix: Record<string, string> = { 'unsigned int': 'u', long: 'l', 'unsigned long': 'ul', 'long long': 'll', 'unsigned long long': 'ull' };
    if (type === 'int') return `${negative ? '-' : ''}${value}`;
    if (type in suffix) return `${negative ? '-' : ''}${value}${suffix[type]}`;
    return `(${type})${negative ? '-' : ''}${value}`;
  }

  private type(): string {
    if (++this.depth > 200) fail();
    const result = this.typeInner();
    this.depth--;
    return result;
  }

  private typeInner(): string {
    const c = this.peek();
    if (c === undefined) fail();
    if (c in CXX_BUILTIN_TYPES) {
      this.pos++;
      return CXX_BUILTIN_TYPES[c]!;
    }
    const add = (t: string): string => {
      this.subs.push(t);
      return t;
    };
    switch (c) {
      case 'P': case 'R': case 'O': {
        this.pos++;
        const marker = c === 'P' ? '*' : c === 'R' ? '&' : '&&';
        if (this.peek() === 'A') {
          const array = this.arrayParts();
          this.subs.push(`${array.element} [${array.size}]`);
          return add(`${array.element} (${marker}) [${array.size}]`);
        }
        if (this.peek() !== 'F') return add(`${this.type()}${marker}`);
        const fn = this.functionParts();
        this.subs.push(formatFunction(fn, ''));
        return add(formatFunction(fn, `(${marker})`));
      }
      case 'K': case 'V': case 'r': {
        let qualifiers = '';
        while (/[rVK]/.test(this.peek() ?? '')) {
          const q = this.next();
          qualifiers = `${q === 'K' ? ' const' : q === 'V' ? ' volatile' : ' restrict'}${qualifiers}`;
        }
        return add(`${this.type()}${qualifiers}`);
      }
      case 'F': return add(formatFunction(this.functionParts(), ''));
      case 'A': {
        const array = this.arrayParts();
        return add(`${array.element} [${array.size}]`);
      }
      case 'D': {
        const kind = this.peek(1) ?? '';
        if (kind in CXX_D_TYPES) {
          this.pos += 2;
          return CXX_D_TYPES[kind]!;
        }
        if (kind === 'p') {
          this.pos += 2;
          return this.type(); // a pack expansion prints as its (already listed) elements
        }
        return fail();
      }
      case 'T': {
        const param = this.templateParam();
        this.subs.push(param);
        if (this.peek() === 'I') {
          const args = this.templateArgList();
          return add(param + args.text);
        }
        return param;
      }
      case 'S': {
        if (this.peek(1) === 't') {
          return this.classType();
        }
        const sub = this.substitution();
        if (this.peek() === 'I') {
          const args = this.templateArgList();
          return add(sub + args.text);
        }
        return sub;
      }
      case 'u': {
        this.pos++;
        return add(this.sourceName());
      }
      default:
        return this.classType();
    }
  }

  /** A class or enum name used as a type: nested and local names become substitutions here. */
  private classType(): string {
    const bareSubstitution = this.peek() === 'S' && this.peek(1) !== 't' && this.peek(1) !== 'I';
    const name = this.name();
    if (!bareSubstitution || name.template) this.subs.push(name.text);
    return name.text;
  }

  private arrayParts(): { element: string; size: string } {
    if (!this.eat('A')) fail();
    const size = this.peek() === '_' ? '' : String(this.number());
    if (!this.eat('_')) fail();
    return { size, element: this.type() };
  }

  private functionParts(): { result: string; params: string[] } {
    if (!this.eat('F')) fail();
    this.eat('Y');
    const result = this.type();
    const params: string[] = [];
    while (!this.eat('E')) params.push(this.type());
    return { result, params };
  }
}

/** `int (char)`, or with a declarator `int (*)(char)`. */
function formatFunction(fn: { result: string; params: string[] }, declarator: string): string {
  const list = fn.params.length === 1 && fn.params[0] === 'void' ? '' : fn.params.join(', ');
  return `${fn.result} ${declarator}(${list})`;
}
