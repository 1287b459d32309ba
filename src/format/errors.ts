// The one error type of .pulley loading: the file is not one this loader reads (wrong
// magic or version), is damaged (truncated, checksum mismatch) or is inconsistent (a
// length, index or offset out of range). The message names the file, the section and
// the byte offset in the file.

export class PulleyFormatError extends Error {
  override readonly name = 'PulleyFormatError';

  constructor(
    /** What the file is called in messages, e.g. "sort.pulley" (default "module.pulley"). */
    readonly file: string,
    /** The section at fault, by name ("trap table"), or undefined for the header and framing. */
    readonly section: string | undefined,
    /** Byte offset in the file where the problem was found. */
    readonly offset: number,
    /** The problem alone, e.g. "entry 7 points past the bytecode". */
    readonly problem: string,
  ) {
    super(`${file}: ${section === undefined ? '' : `section '${section}' `}at offset 0x${offset.toString(16)}: ${problem}`);
  }
}
