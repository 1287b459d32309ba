// Loading never trusts the file: truncation at every byte, random bit flips (the checksum
// catches them), flips and truncations with the checksum recomputed (structural checks
// catch them or the module still validates), wrong magic and versions, and a table of
// targeted inconsistencies with the message each must give. Nothing but
// PulleyFormatError may come out of deserializeModule.
import { describe, it, expect } from 'vitest';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sharedPath } from '../shared.js';
import { compileModule } from '../../src/compiler/compile.js';
import type { CompiledModule } from '../../src/compiler/module.js';
import { decodeAll } from '../../src/isa/decode.js';
import { PulleyFormatError } from '../../src/format/errors.js';
import { HEADER, SectionId } from '../../src/format/layout.js';
import { deserializeModule, fileChecksum, serializeModule } from '../../src/format/pulley-file.js';

const specDir = sharedPath('wasm-testsuite/core');

/** The error deserializeModule throws (undefined if it loads); anything but PulleyFormatError fails the test. */
function loadError(bytes: Uint8Array): PulleyFormatError | undefined {
  try {
    deserializeModule(bytes, { fileName: 'm.pulley' });
    return undefined;
  } catch (e) {
    if (e instanceof PulleyFormatError) return e;
    throw new Error(`not a PulleyFormatError: ${String(e)}`, { cause: e });
  }
}

/** A copy with the payload length and checksum made to match the (edited) contents. */
function resealed(bytes: Uint8Array): Uint8Array {
  const copy = bytes.slice();
  const view = new DataView(copy.buffer);
  view.setUint32(HEADER.payloadLength, copy.length - HEADER.size, true);
  view.setUint32(HEADER.checksum, fileChecksum(copy), true);
  return copy;
}

/** Deterministic PRNG (mulberry32) so failures reproduce. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Each section's [start, end) of payload in the file, by walking the framing. */
function sectionRanges(bytes: Uint8Array): Map<number, { idAt: number; start: number; end: number }> {
  const view = new DataView(bytes.buffer, bytes.byteOffset);
  const ranges = new Map<number, { idAt: number; start: number; end: number }>();
  for (let p = HEADER.size; p < bytes.length;) {
    const length = view.getUint32(p + 1, true);
    ranges.set(bytes[p]!, { idAt: p, start: p + 5, end: p + 5 + length });
    p += 5 + length;
  }
  return ranges;
}

// global.0.wasm (1.4 KB): imported and defined globals, functions, a table, a memory,
// exports, element and data segments, traps.
describe.skipIf(!specDir)('hostile .pulley files', () => {
  const compiled = specDir ? compileModule(new Uint8Array(readFileSync(join(specDir, 'global.0.wasm')))) : undefined!;
  const good = specDir ? serializeModule(compiled) : new Uint8Array(0);

  it('the unharmed file loads', () => {
    expect(loadError(good)).toBeUndefined();
  });

  it('truncated at every byte: an error naming the truncation', () => {
    for (let n = 0; n < good.length; n++) {
      const e = loadError(good.subarray(0, n));
      expect(e?.message, `length ${n}`).toMatch(/^m\.pulley: .*truncated/);
    }
  });

  it('truncated at every byte with the header resealed: structural errors only', () => {
    for (let n = HEADER.size; n < good.length; n++) {
      expect(loadError(resealed(good.subarray(0, n))), `length ${n}`).toBeInstanceOf(PulleyFormatError);
    }
  });

  it('one flipped bit anywhere: the checksum (or the header check before it) catches it', () => {
    const rnd = random(1);
    for (let k = 0; k < 3000; k++) {
      const bytes = good.slice();
      const at = Math.floor(rnd() * bytes.length);
      bytes[at]! ^= 1 << Math.floor(rnd() * 8);
      const e = loadError(bytes);
      expect(e, `flip at ${at}`).toBeInstanceOf(PulleyFormatError);
      if (at >= HEADER.size) expect(e!.message).toContain('checksum mismatch');
    }
  });

  it('flips and byte changes with the checksum recomputed: PulleyFormatError or a module that validates', () => {
    const rnd = random(2);
    let rejected = 0;
    const trials = 3000;
    for (let k = 0; k < trials; k++) {
      const bytes = good.slice();
      const at = HEADER.size + Math.floor(rnd() * (bytes.length - HEADER.size));
      if (k % 2 === 0) bytes[at]! ^= 1 << Math.floor(rnd() * 8);
      else bytes[at] = Math.floor(rnd() * 256);
      if (loadError(resealed(bytes))) rejected++;
    }
    console.log(`recomputed-checksum corruptions: ${rejected}/${trials} rejected by structural checks, the rest still load`);
    // Many bytes are free (names, wasm offsets, data, immediates, register numbers); the
    // framing, counts, indices and opcodes are not.
    expect(rejected).toBeGreaterThan(trials / 10);
  });

  it.each([
    ['wrong magic', 0, 0x01, /m\.pulley: at offset 0x0: not a \.pulley file/],
    ['format version 2', HEADER.formatVersion, 2, /format version 2; this loader reads version 1/],
    ['Pulley 36', HEADER.pulleyVersion, 36, /bytecode for Pulley 36; this runtime runs Pulley 35/],
    ['another pulley-js release', HEADER.pulleyJsVersion + 2, 9, /written by pulley-js 0\.9\.0; pulley-js 0\.1\.0 loads only its own files/],
    ['unknown flag', HEADER.flags, 0x80, /unknown flags 0x80/],
  ] as const)('%s is refused', (_what, at, value, message) => {
    const bytes = good.slice();
    bytes[at] = value;
    expect(loadError(resealed(bytes))?.message).toMatch(message);
  });

  it('a file whose checksum field is wrong names the mismatch', () => {
    const bytes = good.slice();
    bytes[HEADER.checksum]! ^= 0x10;
    expect(loadError(bytes)?.message).toMatch(/^m\.pulley: at offset 0x18: checksum mismatch/);
  });

  it('trailing bytes, unknown, repeated and missing sections are refused', () => {
    const ranges = sectionRanges(good);
    const trailing = new Uint8Array(good.length + 1);
    trailing.set(good);
    expect(loadError(trailing)?.message).toMatch(/1 unexpected bytes after the payload/);

    const unknown = good.slice();
    unknown[ranges.get(SectionId.Types)!.idAt] = 0x40;
    expect(loadError(resealed(unknown))?.message).toMatch(/at offset 0x1c: unknown section id 64/);

    const repeated = good.slice();
    repeated[ranges.get(SectionId.Imports)!.idAt] = SectionId.Types;
    expect(loadError(resealed(repeated))?.message).toMatch(/section 'types' out of order or repeated/);

    const last = ranges.get(SectionId.SourceMap)!;
    expect(loadError(resealed(good.subarray(0, last.idAt)))?.message).toMatch(/section 'source map' is missing/);
  });

  /** Serializes a copy of the module changed by `edit` (the writer does not check, the loader must). */
  const edited = (edit: (c: CompiledModule & Record<string, unknown>) => Partial<CompiledModule>): Uint8Array =>
    serializeModule({ ...compiled, ...edit({ ...compiled }) });

  const firstBranch = (code: Uint8Array) => {
    const instr = decodeAll(code).find((i) => i.op.operands.some((o) => o.type === 'PcRelOffset'))!;
    return instr.offset + instr.op.operands.find((o) => o.type === 'PcRelOffset')!.offset;
  };

  const cases: [string, () => Uint8Array, RegExp][] = [
    ['a trap pc past the bytecode', () => edited((c) => ({ traps: { pcs: Uint32Array.of(c.code.length + 4), values: Uint32Array.of(1) } })),
      /^m\.pulley: section 'trap table' at offset 0x[0-9a-f]+: entry 0 points past the bytecode/],
    ['a trap pc on an instruction that is not a trap', () => edited(() => ({ traps: { pcs: Uint32Array.of(0), values: Uint32Array.of(1) } })),
      /section 'trap table' .*entry 0 \(pc 0x0\) is not a trap instruction/],
    ['a trap pc repeated', () => edited((c) => ({ traps: { pcs: Uint32Array.of(4, 4), values: Uint32Array.of(1, 1) } })),
      /section 'trap table' .*entry 1 is out of order/],
    ['a source-map pc past the bytecode', () => edited((c) => ({ sourceMap: { pcs: Uint32Array.of(c.code.length), values: Uint32Array.of(0) } })),
      /section 'source map' .*entry 0 points past the bytecode/],
    ['a function past the bytecode', () => edited((c) => ({ functions: c.functions.map((f) => ({ ...f, offset: c.code.length })) })),
      /section 'function table' .*entry 0 .* is not inside the \d+ bytes of bytecode/],
    ['an array trampoline inside an instruction', () => edited((c) => ({ arrayTrampolines: c.arrayTrampolines.map((t) => t + 1) })),
      /section 'trampolines' .*array trampoline of function 0 \(pc 0x[0-9a-f]+\) is not an instruction/],
    ['an unknown opcode', () => edited((c) => { const code = c.code.slice(); code[0] = 0xff; return { code }; }),
      /section 'bytecode' at offset 0x[0-9a-f]+: function \d+ at pc 0x0: unknown opcode 0xff/],
    ['a branch into the middle of an instruction', () => edited((c) => {
      const code = c.code.slice();
      code[firstBranch(code)]! += 1;
      return { code };
    }), /section 'bytecode' .*branch target 0x[0-9a-f]+ is not an instruction/],
    ['a type whose canonical signature does not match', () => edited((c) => ({ signatures: c.signatures.map(() => 'i32->i32') })),
      /section 'types' .*canonical signature 'i32->i32' does not match its type/],
    ['a vmctx shape that is not the module\'s', () => edited((c) => ({ vmctxShape: { ...c.vmctxShape, functions: c.vmctxShape.functions + 1 } })),
      /section 'vmctx shape' .*functions is \d+, the module declares \d+/],
    ['a function type index out of range', () => edited((c) => ({ module: { ...c.module, funcTypeIndices: c.module.funcTypeIndices.map(() => 99) } })),
      /section 'functions' .*function type index 99 is out of range/],
    ['an export of a function that does not exist', () => edited((c) => ({ module: { ...c.module, exports: c.module.exports.map((e) => ({ ...e, kind: 'func' as const, index: 77 })) } })),
      /the module's declarations are invalid: unknown function 77/],
    ['an element naming a function that does not exist', () => edited((c) => ({ module: { ...c.module, elements: c.module.elements.map((e) => ({ ...e, funcIndices: [1000] })) } })),
      /section 'elements' .*element function index 1000 is out of range/],
  ];
  it.each(cases)('%s is refused with a message saying so', (_what, make, message) => {
    expect(loadError(make())?.message).toMatch(message);
  });
});
