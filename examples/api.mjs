// The README's API example, runnable: `npm run build`, then `node examples/api.mjs`.
// Runs a WASI command (examples/hello.wasm, or the .wasm named on the command line, with
// the rest as its arguments) on the JS tier, then calls add() of examples/add.wasm from a
// .pulley image.
import { readFileSync } from 'node:fs';
import { createWebAssembly } from 'pulley-js';
import { Wasi } from 'pulley-js/runtime';

const [program = new URL('hello.wasm', import.meta.url), ...args] = process.argv.slice(2);
const WebAssembly = createWebAssembly({ tier: 'js' }); // or 'interp'; { fuel: N } bounds a guest
const wasi = new Wasi({ args: ['prog', ...args] });
const { instance } = await WebAssembly.instantiate(readFileSync(program), wasi.imports);
const exitCode = wasi.start(instance);

const pulley = new WebAssembly.Module(readFileSync(new URL('add.wasm', import.meta.url))).serialize(); // a .pulley file
const again = WebAssembly.Module.deserialize(pulley); // checked, fast to load
const { add } = new WebAssembly.Instance(again).exports;
console.log(`add(2, -3) = ${add(2, -3)}; exit code ${exitCode}`);
