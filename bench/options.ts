// Command-line options of `npm run bench`.

import type { SizeName } from './programs.js';

export interface BenchOptions {
  programs?: string[];
  /** Engines named with --engines (otherwise: all, less the slow ones in --quick). */
  engines?: string[];
  size: SizeName;
  reps: number;
  maxSeconds: number;
  quick: boolean;
  jitless: boolean;
  /** Skip the start-up figures. */
  noStartup: boolean;
  /** Each engine on each program in a fresh node process (--one-process: all in this one). */
  freshProcesses: boolean;
  /** Where to write the JSON and SVG; --no-write writes nothing. */
  outDir?: string;
  write: boolean;
  /** Re-print the tables and rewrite the SVG of an existing results JSON; run nothing. */
  render?: string;
  /** Internal: this process is a child (--jitless, or one fresh measurement); write measurements as JSON here. */
  childOut?: string;
}

export const USAGE = `usage: npm run bench -- [options]
  --quick              small sizes, 2 warm runs, fast engines only (the interpreter only if named)
  --jitless            also run every engine that can in a \`node --jitless\` child (small size unless --size)
  --programs a,b       only these programs (default: all of the shared bench folder)
  --engines x,y        only these engines: interp, js, aot, native, wasm2js, polywasm
  --size small|default program size (default: default; small with --quick)
  --reps N             at least N warm runs (default 5; 2 with --quick)
  --max-time S         stop adding warm runs after S seconds (default 3; 0.5 with --quick)
  --no-startup         skip the start-up figures
  --one-process        measure everything in this process (default: a fresh node per engine and program)
  --out DIR            write results there (default bench/results)
  --no-write           print only
  --render FILE.json   print the tables of an earlier run and rewrite its .svg`;

export function parseOptions(argv: readonly string[]): BenchOptions {
  const o: BenchOptions = { size: 'default', reps: 5, maxSeconds: 3, quick: false, jitless: false, noStartup: false, freshProcesses: true, write: true };
  let size: SizeName | undefined, reps: number | undefined, maxSeconds: number | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    const value = () => {
      const v = argv[++i];
      if (v === undefined || v.startsWith('--')) throw new Error(`bench: ${arg} needs a value\n${USAGE}`);
      return v;
    };
    const number = () => {
      const v = Number(value());
      if (!(v > 0)) throw new Error(`bench: ${arg} needs a positive number\n${USAGE}`);
      return v;
    };
    switch (arg) {
      case '--quick': o.quick = true; break;
      case '--jitless': o.jitless = true; break;
      case '--programs': o.programs = value().split(',').filter(Boolean); break;
      case '--engines': o.engines = value().split(',').filter(Boolean); break;
      case '--size': {
        const v = value();
        if (v !== 'small' && v !== 'default') throw new Error(`bench: --size must be small or default, not "${v}"`);
        size = v;
        break;
      }
      case '--reps': reps = Math.ceil(number()); break;
      case '--max-time': maxSeconds = number(); break;
      case '--no-startup': o.noStartup = true; break;
      case '--one-process': o.freshProcesses = false; break;
      case '--out': o.outDir = value(); break;
      case '--no-write': o.write = false; break;
      case '--render': o.render = value(); break;
      case '--child-out': o.childOut = value(); break;
      case '--help': case '-h': throw new Error(USAGE);
      default: throw new Error(`bench: unknown option "${arg}"\n${USAGE}`);
    }
  }
  o.size = size ?? (o.quick ? 'small' : 'default');
  o.reps = reps ?? (o.quick ? 2 : 5);
  o.maxSeconds = maxSeconds ?? (o.quick ? 0.5 : 3);
  return o;
}
