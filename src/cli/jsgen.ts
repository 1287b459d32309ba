// `pulley jsgen`: a .wasm or .pulley to one ES module holding the module and its code
// translated to JS (codegen/aot.ts), for hosts with neither WebAssembly nor eval.

import { basename } from 'node:path';
import { generateAotModule } from '../../codegen/aot.js';
import { defaultOutput, loadCompiled, onePath, parseCommandArgs, readProgram, writeFileAtomic, type Command } from './common.js';
import { serveWorkerJob, withProgress } from './progress.js';

interface JsgenJob {
  path: string;
  bytes: Uint8Array;
  kind: 'wasm' | 'pulley';
  runtime: string | undefined;
}

function translate(job: JsgenJob): string {
  const compiled = loadCompiled(job.path, job.bytes, job.kind);
  return generateAotModule(compiled, { sourceName: basename(job.path), runtimeSpecifier: job.runtime });
}

export const jsgenCommand: Command = {
  name: 'jsgen',
  summary: 'translate a .wasm or .pulley into a JS module that runs without WebAssembly or eval',
  usage: `Usage: pulley jsgen FILE [-o OUT.mjs] [--runtime SPECIFIER]

Compiles FILE (a .wasm module, or a .pulley file from pulley compile) and translates its
bytecode to JS: OUT is one ES module with the module's .pulley bytes and the generated
functions, importing only the pulley-js runtime. Load it with

  import load from './OUT.mjs';
  const instance = new WebAssembly.Instance(load(), imports);

where WebAssembly is the namespace load() makes (or pass one from createWebAssembly).
pulley run runs OUT directly. OUT is replaced atomically.

Options:
  -o OUT                 the output file (default: FILE with the extension .mjs)
  --runtime SPECIFIER    where OUT imports the runtime from (default: pulley-js)

Examples:
  pulley jsgen fannkuch.wasm -o fannkuch.mjs
  pulley run fannkuch.mjs -- 7
  node --jitless app.mjs        # an app importing fannkuch.mjs: no WebAssembly needed
`,
  async run(args) {
    const parsed = parseCommandArgs(this, args, { output: { type: 'string', short: 'o' }, runtime: { type: 'string' } });
    if (!parsed) return;
    const path = onePath(this, parsed.positionals);
    const out = parsed.values.output ?? defaultOutput(path, '.mjs');
    const { bytes, kind } = readProgram(path, ['wasm', 'pulley']);
    const job: JsgenJob = { path, bytes, kind: kind as 'wasm' | 'pulley', runtime: parsed.values.runtime };
    const text = await withProgress(`translating ${path} to JS`, () => translate(job), { url: new URL(import.meta.url), job: 'jsgen', data: job });
    writeFileAtomic(out, text);
  },
};

await serveWorkerJob('jsgen', translate);
