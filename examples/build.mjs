// Writes the two example modules byte by byte (no toolchain needed): add.wasm exports
// add(i32, i32) -> i32; hello.wasm is a WASI command that prints a line with fd_write.
// Run `node examples/build.mjs` to make them again.
import { writeFileSync } from 'node:fs';

const leb = (n) => { const out = []; do { let b = n & 0x7f; n >>>= 7; if (n) b |= 0x80; out.push(b); } while (n); return out; };
const str = (s) => [...leb(s.length), ...Buffer.from(s)];
const section = (id, body) => [id, ...leb(body.length), ...body];
const vec = (items) => [...leb(items.length), ...items.flat()];
const I32 = 0x7f;
const header = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];
const body = (code) => { const b = [0x00, ...code, 0x0b]; return [...leb(b.length), ...b]; }; // no locals

const add = [
  ...header,
  ...section(1, vec([[0x60, 2, I32, I32, 1, I32]])),
  ...section(3, vec([[0]])),
  ...section(7, vec([[...str('add'), 0x00, 0]])),
  ...section(10, vec([body([0x20, 0, 0x20, 1, 0x6a])])), // local.get 0, local.get 1, i32.add
];

const text = 'hello from pulley-js\n';
// Memory: an iovec at 0 (pointer 16, length), the count written at 8, the text at 16.
const data = [16, 0, 0, 0, text.length, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, ...Buffer.from(text)];
const hello = [
  ...header,
  ...section(1, vec([[0x60, 4, I32, I32, I32, I32, 1, I32], [0x60, 0, 0]])),
  ...section(2, vec([[...str('wasi_snapshot_preview1'), ...str('fd_write'), 0x00, 0]])),
  ...section(3, vec([[1]])),
  ...section(5, vec([[0x00, 1]])),
  ...section(7, vec([[...str('memory'), 0x02, 0], [...str('_start'), 0x00, 1]])),
  // fd_write(1, iovs = 0, 1 iovec, nwritten at 8), result dropped
  ...section(10, vec([body([0x41, 1, 0x41, 0, 0x41, 1, 0x41, 8, 0x10, 0, 0x1a])])),
  ...section(11, vec([[0x00, 0x41, 0, 0x0b, ...leb(data.length), ...data]])),
];

const here = new URL('.', import.meta.url);
writeFileSync(new URL('add.wasm', here), Uint8Array.from(add));
writeFileSync(new URL('hello.wasm', here), Uint8Array.from(hello));
