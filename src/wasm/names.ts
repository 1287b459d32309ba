// The `name` custom section (module, function and local names). Custom sections are not
// validated, so a malformed name section yields undefined instead of an error.

import { Reader } from './reader.js';
import type { NameSection, WasmModule } from './types.js';

function nameMap(r: Reader): Map<number, string> {
  const map = new Map<number, string>();
  for (let n = r.count(); n > 0; n--) {
    const index = r.u32();
    map.set(index, r.name());
  }
  return map;
}

export function parseNameSection(payload: Uint8Array): NameSection | undefined {
  const r = new Reader(payload);
  const names: NameSection = { functions: new Map(), locals: new Map() };
  try {
    while (!r.atEnd) {
      const id = r.u8();
      const size = r.u32();
      const end = r.pos + size;
      if (end > payload.length) return undefined;
      const sub = new Reader(payload, r.pos, end);
      if (id === 0) names.module = sub.name();
      else if (id === 1) names.functions = nameMap(sub);
      else if (id === 2) {
        for (let n = sub.count(); n > 0; n--) {
          const func = sub.u32();
          names.locals.set(func, nameMap(sub));
        }
      }
      r.pos = end;
    }
  } catch {
    return undefined;
  }
  return names;
}

const cache = new WeakMap<WasmModule, NameSection | undefined>();

/** The module's `name` section, parsed on first use (undefined if absent or malformed). */
export function moduleNames(m: WasmModule): NameSection | undefined {
  if (!cache.has(m)) {
    const section = m.customs.find((c) => c.name === 'name');
    cache.set(m, section && parseNameSection(section.bytes));
  }
  return cache.get(m);
}
