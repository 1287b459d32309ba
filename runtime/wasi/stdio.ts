// Default stdin/stdout/stderr: the process's own streams in Node, the console elsewhere.

import { WasiError, errnoOf } from './errors.js';
import { nodeFs } from './node-builtins.js';

export type InputSource = Uint8Array | string | ((maxBytes: number) => Uint8Array | null);
export type OutputSink = (bytes: Uint8Array) => void;

/** An output stream; flush() prints a trailing partial line where output is line-based. */
export interface Writer {
  write: OutputSink;
  flush(): void;
}

/** A reader over fixed bytes, a callback, or (default) the process's stdin. */
export function makeReader(source: InputSource | undefined): (max: number) => Uint8Array | null {
  if (typeof source === 'function') return source;
  if (source !== undefined) {
    let rest = typeof source === 'string' ? new TextEncoder().encode(source) : source;
    return (max) => {
      const chunk = rest.subarray(0, max);
      rest = rest.subarray(chunk.length);
      return chunk;
    };
  }
  const fs = nodeFs();
  if (!fs) return () => null;
  return (max) => {
    const buf = new Uint8Array(Math.max(1, max));
    try {
      return buf.subarray(0, fs.readSync(0, buf, 0, max, null));
    } catch (error) {
      if ((error as { code?: string }).code === 'EOF') return null;
      throw new WasiError(errnoOf(error), 'reading stdin');
    }
  };
}

/** A writer to `sink`, or (default) to the process's fd `hostFd` / the console. */
export function makeWriter(sink: OutputSink | undefined, hostFd: 1 | 2): Writer {
  const flush = () => {};
  if (sink) return { write: sink, flush };
  const fs = nodeFs();
  if (fs) {
    const write = (bytes: Uint8Array) => {
      for (let at = 0; at < bytes.length;) {
        try {
          at += fs.writeSync(hostFd, bytes, at, bytes.length - at);
        } catch (error) {
          // A non-blocking pipe that is full: try again.
          if ((error as { code?: string }).code !== 'EAGAIN') throw new WasiError(errnoOf(error), 'writing output');
        }
      }
    };
    return { write, flush };
  }
  return consoleWriter(hostFd === 1 ? console.log : console.error);
}

/** Line-buffers text onto a console method (engines with no file descriptors). */
function consoleWriter(print: (line: string) => void): Writer {
  const decoder = new TextDecoder();
  let pending = '';
  return {
    write(bytes) {
      pending += decoder.decode(bytes, { stream: true });
      const lines = pending.split('\n');
      pending = lines.pop()!;
      for (const line of lines) print(line);
    },
    flush() {
      pending += decoder.decode();
      if (pending !== '') print(pending);
      pending = '';
    },
  };
}
