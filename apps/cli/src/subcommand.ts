import { tf } from '@dl/core';
import { USAGE } from './args.js';

/**
 * Splits a subcommand's own flags (`--name value` or `--name=value`) from dl-train's training flags.
 * A dl-train flag the subcommand sets itself (`notHere`) is refused by name, saying `why`.
 */
export function splitFlags(command: string, argv: readonly string[], own: readonly string[], notHere: readonly string[], why: string): { own: Record<string, string>; rest: string[] } {
  const found: Record<string, string> = {};
  const rest: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    const m = /^--([a-z-]+)(?:=(.*))?$/.exec(token);
    if (m && own.includes(m[1]!)) {
      const value = m[2] ?? argv[++i];
      if (value === undefined || value.startsWith('--')) throw new TypeError(`dl-train ${command}: --${m[1]} needs a value`);
      found[m[1]!] = value;
      continue;
    }
    if (m && notHere.includes(m[1]!)) throw new RangeError(`dl-train ${command}: --${m[1]} does not apply (${why}; see dl-train ${command} --help)`);
    rest.push(token);
  }
  return { own: found, rest };
}

/** Whether the training flags name `--out` (else the subcommand picks its own default folder). */
export const outGiven = (rest: readonly string[]) => rest.some((token) => token === '--out' || token.startsWith('--out='));

/**
 * Runs a measuring subcommand: a bad flag exits 2 with its usage, `--help` prints it; `body` runs
 * with a list where it puts the tensors it loads (freed at the end, whatever happens), and an error
 * in it exits 1 with its message. Resolves to the exit code.
 */
export async function runSubcommand<A extends { help: boolean }>(
  command: string,
  usage: string,
  parse: (argv: string[]) => A,
  argv: string[],
  out: NodeJS.WriteStream,
  body: (args: A, owned: tf.Tensor[]) => Promise<number>,
): Promise<number> {
  let args: A;
  try {
    args = parse(argv);
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n\n${usage}`);
    return 2;
  }
  if (args.help) {
    out.write(`${usage}\n${USAGE}`);
    return 0;
  }
  const owned: tf.Tensor[] = [];
  try {
    return await body(args, owned);
  } catch (error) {
    process.stderr.write(`dl-train ${command}: ${(error as Error).message}\n`);
    return 1;
  } finally {
    tf.dispose(owned);
  }
}
