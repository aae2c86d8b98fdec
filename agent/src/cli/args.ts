/**
 * The command line of one sub-command, parsed the same way by each: a malformed line prints the
 * problem and the usage on stderr (exit 2), `--help` prints the usage on stdout (exit 0).
 */
import { parseArgs, type ParseArgsConfig } from 'node:util';

export interface CliIo {
  out?: (line: string) => void;
  err?: (line: string) => void;
}

export type Parsed<T extends ParseArgsConfig> = ReturnType<typeof parseArgs<T>>;

/** The parsed line, or the exit code to return at once. */
export function parseCommand<T extends ParseArgsConfig>(
  config: T,
  usage: string,
  io: Required<CliIo>,
): Parsed<T> | number {
  let parsed: Parsed<T>;
  try {
    parsed = parseArgs(config);
  } catch (e) {
    io.err(`${(e as Error).message}\n${usage}`);
    return 2;
  }
  if ((parsed.values as Record<string, unknown>).help === true) {
    io.out(usage);
    return 0;
  }
  return parsed;
}
