// Checks the shared Pulley vectors: `npm run vectors -- DIR [--tier interp|js] [--isa-only]`.
// For every case of every *.jsonl.gz in DIR: the checked decoder accepts `code`, the
// disassembly equals `disas` line for line, assembling that disassembly gives `code`
// back, and (unless --isa-only) running it gives the expected state.
// Prints the first few failures and a final line `N passed, M failed`; exits 1 on failures.

import { pathToFileURL } from 'node:url';
import { parseArgs } from 'node:util';
import { assemble } from '../src/isa/asm.js';
import { bytesFromHex, decodeAll } from '../src/isa/decode.js';
import { disassembleLines } from '../src/isa/disas.js';
import { runVectorCase, type VectorCase as ExecCase } from '../runtime/testing/vector-case.js';
import { readVectorCases, type VectorCase } from './vector-files.js';

export type Tier = 'interp' | 'js';

export interface CheckOptions {
  /** Execute the case on this tier; undefined checks the ISA tools only. */
  tier?: Tier;
}

/** Everything wrong with one case (empty when it passes). */
export function checkCase(c: VectorCase, options: CheckOptions = {}): string[] {
  const problems = checkIsa(c);
  if (options.tier !== undefined && problems.length === 0) problems.push(...checkExecution(c, options.tier));
  return problems;
}

/** Decode (checked), disassembly equal to Pulley's, assembly back to the same bytes. */
export function checkIsa(c: VectorCase): string[] {
  let code: Uint8Array;
  try {
    code = bytesFromHex(c.code);
    decodeAll(code);
  } catch (e) {
    return [`decode: ${(e as Error).message}`];
  }
  const problems: string[] = [];
  const lines = disassembleLines(code);
  const count = Math.max(lines.length, c.disas.length);
  for (let i = 0; i < count; i++) {
    if (lines[i] !== c.disas[i]) {
      problems.push(`disas line ${i + 1}: expected ${JSON.stringify(c.disas[i])}, got ${JSON.stringify(lines[i])}`);
      break;
    }
  }
  try {
    const back = Buffer.from(assemble(c.disas.join('\n'))).toString('hex');
    if (back !== c.code.toLowerCase()) problems.push(`asm: expected ${c.code}, got ${back}`);
  } catch (e) {
    problems.push(`asm: ${(e as Error).message}`);
  }
  return problems;
}

/** The one place execution is checked: the runtime's vector runner for the chosen tier. */
function checkExecution(c: VectorCase, tier: Tier): string[] {
  if (tier === 'js') return ['exec: the js tier is not wired into the vectors tool yet'];
  return runVectorCase(c as unknown as ExecCase, { tier }).problems.map((p) => `exec (${tier}): ${p}`);
}

const USAGE = 'usage: npm run vectors -- DIR [--tier interp|js] [--isa-only] [--examples N]';

function main(argv: string[]): number {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv, allowPositionals: true, strict: true,
      options: { tier: { type: 'string' }, 'isa-only': { type: 'boolean' }, examples: { type: 'string' } },
    });
  } catch (e) {
    console.error(`vectors: ${(e as Error).message.split('\n')[0]}\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  const tier = values.tier ?? 'interp';
  const examples = Number(values.examples ?? 5);
  if (positionals.length !== 1 || (tier !== 'interp' && tier !== 'js') || !(examples >= 0)) {
    console.error(USAGE);
    return 2;
  }
  let cases;
  try {
    cases = readVectorCases(positionals[0]!);
  } catch (e) {
    console.error(`vectors: ${(e as Error).message}`);
    return 2;
  }
  let passed = 0;
  let failed = 0;
  for (const { file, line, case: c } of cases) {
    const problems = checkCase(c, { tier: values['isa-only'] ? undefined : tier });
    if (problems.length === 0) {
      passed++;
      continue;
    }
    if (failed++ < examples) console.log(`FAIL ${c.name} (${file}:${line})\n  ${problems.slice(0, 5).join('\n  ')}`);
  }
  console.log(`${passed} passed, ${failed} failed`);
  return failed === 0 ? 0 : 1;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  process.exitCode = main(process.argv.slice(2));
}
