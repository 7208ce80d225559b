import { PassThrough } from 'node:stream';

/** A stream that collects what dl-train writes to it. */
export function capture(): { stream: NodeJS.WriteStream; text: () => string } {
  const stream = new PassThrough() as unknown as NodeJS.WriteStream;
  let text = '';
  (stream as unknown as PassThrough).on('data', (d) => (text += String(d)));
  return { stream, text: () => text };
}

/** Runs `fn` with stderr collected: its exit code and what it wrote there. */
export async function stderrOf(fn: () => Promise<number>): Promise<{ code: number; errors: string }> {
  const errors: string[] = [];
  const write = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((s: string) => (errors.push(String(s)), true)) as typeof process.stderr.write;
  try {
    return { code: await fn(), errors: errors.join('') };
  } finally {
    process.stderr.write = write;
  }
}
