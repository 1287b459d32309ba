// The JS API's implementation limits (WebAssembly JS API spec, "Limits"): beyond them a
// module is still valid core wasm, but every JS engine refuses to compile it, as we do.

export const JS_API_LIMITS = {
  types: 1_000_000,
  functions: 1_000_000,
  imports: 100_000,
  exports: 100_000,
  globals: 1_000_000,
  dataSegments: 100_000,
  tables: 100_000,
  functionBodySize: 7_654_321,
  params: 1_000,
  results: 1_000,
  /** Parameters and declared locals together. */
  locals: 50_000,
} as const;

export type LimitName = keyof typeof JS_API_LIMITS;

/** The error reason for exceeding a limit, e.g. "too many params (implementation limit 1000)". */
export function limitReason(name: LimitName): string {
  const what = name === 'functionBodySize' ? 'function body too large' : `too many ${name.replace(/[A-Z]/g, (c) => ' ' + c.toLowerCase())}`;
  return `${what} (implementation limit ${JS_API_LIMITS[name]})`;
}
