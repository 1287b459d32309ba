// Differential test of the function validator against V8 on random function bodies.
import { describe, expect, it } from 'vitest';
import { WasmCompileError } from '../../src/wasm/errors.js';
import { validateModule } from '../../src/wasm/validate.js';
import { randomModule, seededRandom } from './random-code.js';

describe('random function bodies', () => {
  it('are valid for us exactly when V8 says so', () => {
    const random = seededRandom(2024);
    const problems: string[] = [];
    let valid = 0;
    const trials = 3000;
    for (let i = 0; i < trials; i++) {
      const bytes = randomModule(random);
      let error: unknown;
      try {
        validateModule(bytes);
      } catch (e) {
        error = e;
      }
      const v8 = WebAssembly.validate(bytes);
      if (v8) valid++;
      if (error !== undefined && !(error instanceof WasmCompileError)) problems.push(`crash: ${String(error)}`);
      else if (v8 !== (error === undefined)) {
        problems.push(`${Buffer.from(bytes).toString('hex')}: V8 ${v8 ? 'accepts' : 'rejects'}, we ${error ? `reject (${(error as Error).message})` : 'accept'}`);
      }
    }
    console.log(`random bodies: ${trials} modules, ${valid} valid, ${problems.length} disagreements`);
    expect(valid).toBeGreaterThan(trials / 20);
    expect(problems).toEqual([]);
  });
});
