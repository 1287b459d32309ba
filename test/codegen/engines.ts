// The engines a small module runs on in the JS tier's tests: the interpreter, the JS tier,
// and Node's own WebAssembly (the oracle) where the host has it. Each entry instantiates
// afresh, so a test gets its own memory.
import { createWebAssembly } from '../../src/index.js';

export type Engine<T> = [name: string, instantiate: () => T];

export function enginesFor<T>(bytes: Uint8Array<ArrayBuffer>): Engine<T>[] {
  const ours = (['interp', 'js'] as const).map((tier): Engine<T> => [tier, () => {
    const W = createWebAssembly({ tier });
    return new W.Instance(new W.Module(bytes), {}).exports as unknown as T;
  }]);
  const node: Engine<T>[] = typeof WebAssembly === 'object'
    ? [['node', () => new WebAssembly.Instance(new WebAssembly.Module(bytes)).exports as unknown as T]] : [];
  return [...ours, ...node];
}
