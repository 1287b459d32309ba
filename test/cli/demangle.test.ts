// The backtrace demangler against llvm-cxxfilt where it is installed, and hand-worked
// names (Rust legacy, which llvm-cxxfilt leaves with its hash and escapes).

import { spawnSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';
import { demangle } from '../../src/cli/demangle.js';

/** Mangled names of every shape the demangler claims: Itanium C++ and Rust v0. */
const ORACLE_NAMES = [
  '_ZNSt6vectorIiSaIiEE9push_backERKi', '_ZN3foo3barIiEEvT_', '_ZNK3Foo3getEv', '_ZN3FooC2Ev',
  '_ZplRK1AS1_', '_Z1fPFviEPFvvES_', '_ZN5Outer5InnerD1Ev', '_ZZ4mainE5count', '_Z3maxIiET_S0_S0_',
  '_ZNSt3__112basic_stringIcNS_11char_traitsIcEENS_9allocatorIcEEE6appendEPKcm', '_ZTV3Foo',
  '_ZN12_GLOBAL__N_13fooEv', '_ZdlPv', '_Znwm', '_ZNKSt3__16vectorIiNS_9allocatorIiEEE4sizeEv', '_Z1gA10_i',
  '_Z1hRA10_i', '_ZN1A1fIiEEvT_S1_', '_ZNSt3__14pairIiiEC2ERKS1_', '_Z1fN1a1bES0_', '_Z5emptyv',
  '_ZN9__gnu_cxx13new_allocatorIcE8allocateEmPKv', '_Z1fIJidEEvDpT_', '_ZL3barv', '_ZN3FooC1ERKS_',
  '_ZNK1A1gEv.cold', '_Z1kILi3EEvv', '_ZN1N1fEPKcz',
  '_RNvCs15kBYyAo9fc_7mycrate7example', '_RINvNtC3std3mem8align_ofdE',
  '_RNvMsr_NtCs3ssYzQotkvD_3std4pathNtB5_7PathBuf3new', '_RNCNvCs1234_7mycrate4main0B3_',
  '_RINvCsabc_5hello3fooKj2a_EB2_', '_RNvXs_NtCsabc_4core3fmtNtB4_5ErrorNtB4_7Display3fmt',
  '_RNvYNtCs1_1a1SNtB4_1T1f', '_RINvCs1_1a1fRShEB2_', '_RINvCs1_1a1fTlmEEB2_',
];

const cxxfilt = spawnSync('llvm-cxxfilt', ORACLE_NAMES, { encoding: 'utf8' });
const haveOracle = cxxfilt.status === 0;
if (!haveOracle) console.warn('skipping the llvm-cxxfilt comparison: llvm-cxxfilt is not installed');

describe('demangle', () => {
  it.skipIf(!haveOracle)('agrees with llvm-cxxfilt on C++ and Rust v0 names', () => {
    const expected = cxxfilt.stdout.trimEnd().split('\n');
    expect(expected.length).toBe(ORACLE_NAMES.length);
    // Every name here is one llvm-cxxfilt understands (else the case would test nothing).
    ORACLE_NAMES.forEach((n, i) => expect(expected[i], n).not.toBe(n));
    expect(ORACLE_NAMES.map(demangle)).toEqual(expected);
  });

  it('reads Rust legacy names, dropping the hash and undoing the escapes', () => {
    expect(demangle('_ZN4core3fmt5write17h0123456789abcdefE')).toBe('core::fmt::write');
    expect(demangle('_ZN4core3ptr85drop_in_place$LT$std..rt..lang_start$LT$$LP$$RP$$GT$..$u7b$$u7b$closure$u7d$$u7d$$GT$17h0123456789abcdefE'))
      .toBe('core::ptr::drop_in_place<std::rt::lang_start<()>::{{closure}}>');
    expect(demangle('_ZN3std2rt10lang_start28_$u7b$$u7b$closure$u7d$$u7d$17h2e8d9f1b3c0a4d5eE'))
      .toBe('std::rt::lang_start::{{closure}}');
    // Without the hash part it is a C++ name.
    expect(demangle('_ZN4core3fmt5writeE')).toBe('core::fmt::write');
  });

  it('handles the names C toolchains put in wasm', () => {
    expect(demangle('__ZN3foo3barEv')).toBe('foo::bar()'); // an extra underscore, as on Darwin-style symbols
    expect(demangle('main')).toBe('main');
    expect(demangle('__original_main')).toBe('__original_main');
    expect(demangle('func12')).toBe('func12');
  });

  it('returns anything malformed unchanged, quickly', () => {
    for (const bad of ['_Z', '_ZN3foo', '_ZN99fooE', '_R', '_RNvC3foo', '_ZS9_', '_RB_', '_ZN3fooIT5_EEv', '_Zqq']) {
      expect(demangle(bad)).toBe(bad);
    }
    // Back-references that point at themselves must not loop.
    expect(demangle('_RNvB0_3foo')).toBe('_RNvB0_3foo');
    const deep = '_Z1f' + 'P'.repeat(5000) + 'i';
    expect(demangle(deep)).toBe(deep);
  });
});
