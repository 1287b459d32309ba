// The SIMD files of the spec testsuite (simd_*) on our engine, on both tiers: every
// command must pass, like the core files (test/spec/spec.test.ts).
import { sharedPath } from '../shared.js';
import { isSimdFile } from './runner.js';
import { specFileTests } from './per-file.js';

specFileTests(sharedPath('wasm-testsuite/core'), 'spec testsuite, SIMD files', isSimdFile, 58);
