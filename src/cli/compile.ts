// `pulley compile`: a .wasm module to a .pulley file (compiled once, loaded without the compiler).

import { serializeModule } from '../format/pulley-file.js';
import { defaultOutput, loadCompiled, onePath, parseCommandArgs, readProgram, writeFileAtomic, type Command } from './common.js';
import { serveWorkerJob, withProgress } from './progress.js';

interface CompileJob {
  path: string;
  bytes: Uint8Array;
}

function compileToPulley(job: CompileJob): Uint8Array {
  return serializeModule(loadCompiled(job.path, job.bytes, 'wasm'));
}

export const compileCommand: Command = {
  name: 'compile',
  summary: 'compile a .wasm module into a .pulley file',
  usage: `Usage: pulley compile FILE.wasm [-o OUT.pulley]

Compiles the WebAssembly module FILE.wasm to Pulley bytecode and saves it as a .pulley
file (docs/PULLEY-FORMAT.md), which pulley run, pulley disas and pulley jsgen take like
the .wasm, without compiling it again. OUT is replaced atomically.

Options:
  -o OUT      the output file (default: FILE with the extension .pulley)

Examples:
  pulley compile fannkuch.wasm -o fannkuch.pulley
  pulley run fannkuch.pulley -- 7
`,
  async run(args) {
    const parsed = parseCommandArgs(this, args, { output: { type: 'string', short: 'o' } });
    if (!parsed) return;
    const path = onePath(this, parsed.positionals);
    const out = parsed.values.output ?? defaultOutput(path, '.pulley');
    const { bytes } = readProgram(path, ['wasm']);
    const job: CompileJob = { path, bytes };
    const pulley = await withProgress(`compiling ${path}`, () => compileToPulley(job), { url: new URL(import.meta.url), job: 'compile', data: job });
    writeFileAtomic(out, pulley);
  },
};

await serveWorkerJob('compile', compileToPulley);
