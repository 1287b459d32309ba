// The `pulley` CLI as a user runs it: node dist/src/cli.js (npm test builds dist/ first).

import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { readVectorCases } from '../../tools/vector-files.js';
import { sharedPath } from '../shared.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const cli = join(root, 'dist/src/cli.js');
const built = existsSync(cli);
if (!built) console.warn(`skipping CLI tests: ${cli} is not built (npm test builds it)`);

function pulley(args: string[], input?: string) {
  const r = spawnSync(process.execPath, [cli, ...args], { encoding: 'utf8', input });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const work = mkdtempSync(join(tmpdir(), 'pulley-cli-'));
const vectorsDir = sharedPath('pulley-vectors');
// A case with a br_table32 and one with long instructions, straight from Pulley.
const sample = vectorsDir
  ? readVectorCases(vectorsDir).map((c) => c.case).filter((c) => c.disas.some((l) => l.includes('br_table32')))[0]!
  : undefined;

describe.skipIf(!built)('pulley CLI', () => {
  it('ops lists all 529 ops, as text and as JSON', () => {
    const text = pulley(['ops']);
    expect(text.status).toBe(0);
    const lines = text.stdout.trimEnd().split('\n');
    expect(lines.length).toBe(529);
    expect(lines[8]).toMatch(/^08\s+2\s+xjump reg:XReg$/);
    const json = JSON.parse(pulley(['ops', '--json']).stdout);
    expect(json.length).toBe(529);
    expect(json.find((o: { mnemonic: string }) => o.mnemonic === 'trap')).toMatchObject({ encoding: 'db 00 00', size: 3 });
  });

  it.skipIf(!sample)('disas prints what Pulley prints, from raw bytes and from hex', () => {
    const raw = join(work, 'sample.pulley');
    writeFileSync(raw, Buffer.from(sample!.code, 'hex'));
    const hex = join(work, 'sample.hex');
    writeFileSync(hex, sample!.code.replace(/(..)/g, '$1 ') + '\n');
    expect(pulley(['disas', raw]).stdout).toBe(sample!.disas.join('\n') + '\n');
    expect(pulley(['disas', '--hex', hex]).stdout).toBe(sample!.disas.join('\n') + '\n');
    expect(pulley(['disas', '--hex', '-'], sample!.code).stdout).toBe(sample!.disas.join('\n') + '\n');
  });

  it.skipIf(!sample)('asm turns the disassembly back into the bytes', () => {
    const src = join(work, 'sample.pasm');
    writeFileSync(src, sample!.disas.join('\n') + '\n');
    const out = join(work, 'sample.out');
    const r = pulley(['asm', src, '-o', out]);
    expect(r.stderr).toBe('');
    expect(r.status).toBe(0);
    expect(readFileSync(out).toString('hex')).toBe(sample!.code);
    pulley(['asm', src, '-o', out, '--hex']);
    expect(readFileSync(out, 'utf8')).toBe(sample!.code + '\n');
  });

  it('--help for the CLI and for each command', () => {
    const top = pulley(['--help']);
    expect(top.status).toBe(0);
    expect(top.stdout).toMatch(/Usage: pulley COMMAND/);
    for (const command of ['ops', 'disas', 'asm']) {
      const r = pulley([command, '--help']);
      expect(r.status, command).toBe(0);
      expect(r.stdout, command).toMatch(new RegExp(`^Usage: pulley ${command}[\\s\\S]*Examples:`));
    }
  });

  const badBytes = join(work, 'bad.pulley');
  writeFileSync(badBytes, Buffer.from([0x00, 0xdb, 0x40, 0x01]));
  const badText = join(work, 'bad.pasm');
  writeFileSync(badText, 'ret\nxconst8 x1, 999\n');
  const BAD: readonly [string, string[], RegExp][] = [
    ['no command', [], /Usage/],
    ['unknown command', ['frob'], /^pulley: unknown command 'frob'/],
    ['unknown flag', ['ops', '--frob'], /^pulley: ops: Unknown option '--frob'/],
    ['stray argument', ['ops', 'extra'], /^pulley: ops: unexpected argument 'extra'/],
    ['missing file argument', ['disas'], /^pulley: disas: expected one input FILE, got 0/],
    ['unreadable file', ['disas', join(work, 'missing.pulley')], /^pulley: cannot read .*missing\.pulley: no such file or directory$/],
    ['bad bytecode', ['disas', badBytes], /^pulley: .*bad\.pulley: offset 0x1: unknown extended opcode 0x0140$/],
    ['bad hex', ['disas', '--hex', badText], /^pulley: .*bad\.pasm: .* is not a hex digit$/],
    ['bad assembly', ['asm', badText, '-o', join(work, 'never.out')], /^pulley: .*bad\.pasm: line 2: xconst8: operand imm/],
    ['asm without -o', ['asm', badText], /^pulley: asm: missing -o OUT/],
    ['-o without a value', ['asm', badText, '-o'], /^pulley: asm: Option '-o, --output <value>' argument missing/],
  ];
  for (const [what, args, message] of BAD) {
    it(`bad arguments and input: ${what} -> one line on stderr, exit 2`, () => {
      const r = pulley(args);
      expect(r.status).toBe(2);
      expect(r.stdout).toBe('');
      if (args.length > 0) {
        expect(r.stderr.split('\n')).toHaveLength(2); // one line and its newline
        expect(r.stderr).not.toMatch(/\n\s+at /);
      }
      expect(r.stderr.trimEnd()).toMatch(message);
    });
  }

  it('a failed asm leaves an existing output file untouched and no temporary files', () => {
    const dir = mkdtempSync(join(tmpdir(), 'pulley-atomic-'));
    const out = join(dir, 'keep.out');
    writeFileSync(out, 'previous');
    expect(pulley(['asm', badText, '-o', out]).status).toBe(2);
    expect(readFileSync(out, 'utf8')).toBe('previous');
    expect(pulley(['asm', '-', '-o', join(dir, 'no-such-dir', 'x.out')], 'ret\n').stderr).toMatch(/^pulley: cannot write .*x\.out/);
    expect(readdirSync(dir)).toEqual(['keep.out']);
  });
});
