// The WebAssembly 2.0 core spec testsuite (all files but simd_*) on our engine, on both
// tiers (the same expectations: every tier must pass every command), one fresh namespace
// per script. (test/spec/native.test.ts checks the runner itself on Node's WebAssembly.)
import { sharedPath } from '../shared.js';
import { isSimdFile } from './runner.js';
import { specFileTests } from './per-file.js';

specFileTests(sharedPath('wasm-testsuite/core'), 'spec testsuite, core files', (n) => !isSimdFile(n), 90);
