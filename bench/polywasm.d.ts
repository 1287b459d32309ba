// polywasm ships no types: the part of its API the bench uses (the JS API's Module and Instance).
declare module 'polywasm' {
  export const WebAssembly: {
    Module: new (bytes: Uint8Array) => object;
    Instance: new (module: object, imports: object) => { readonly exports: Record<string, unknown> };
  };
}
