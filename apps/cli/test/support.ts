import { PassThrough } from 'node:stream';
import { XMLValidator } from 'fast-xml-parser';
import { DOMParser } from 'linkedom';

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

/** What a chart SVG draws, read back by parsing it (`readSvg`). */
export interface SvgFacts {
  /** The root element, an `<svg>` in the SVG namespace. */
  root: Element;
  /** Every text of the document, one per line. */
  text: string;
  /** The `d` of every path Plot's line marks drew with two or more finite points: the series (the legend's samples are rules). */
  series: string[];
  /** How many circles Plot's dot marks drew outside the legend. */
  dots: number;
}

/** Parses `svg` as a standalone SVG document: well-formed XML (strictly), its root `<svg xmlns="http://www.w3.org/2000/svg">`, and no Plot warning drawn. */
export function readSvg(svg: string): SvgFacts {
  const valid = XMLValidator.validate(svg);
  if (valid !== true) throw new Error(`not well-formed XML: ${valid.err.msg} at line ${valid.err.line}, column ${valid.err.col}`);
  const root = new DOMParser().parseFromString(svg, 'image/svg+xml').documentElement as unknown as Element;
  if (root.localName !== 'svg' || root.getAttribute('xmlns') !== 'http://www.w3.org/2000/svg') throw new Error(`not an SVG document: <${root.localName} xmlns="${root.getAttribute('xmlns')}">`);
  const all = (selector: string) => Array.from(root.querySelectorAll(selector));
  const warned = all('text').find((t) => t.textContent?.includes('\u26a0'));
  if (warned) throw new Error(`Plot drew a warning: ${warned.textContent}`);
  const drawn = (d: string) => /^M-?[\d.]+,-?[\d.]+(L-?[\d.]+,-?[\d.]+)+$/.test(d);
  return {
    root,
    text: all('text').map((t) => t.textContent).join('\n'),
    series: all('g[aria-label="line"] path').map((p) => p.getAttribute('d') ?? '').filter(drawn),
    dots: all('g[aria-label="dot"] circle').filter((c) => c.closest('g[aria-label="legend"]') === null).length,
  };
}
