import * as Plot from '@observablehq/plot';
import { parseHTML } from 'linkedom';
import { titlePanel } from './chart.js';
import type { Chart } from './chart.js';

const SVG_NS = 'http://www.w3.org/2000/svg';
// The plot's own size: its group is placed in the figure's, not sized.
const SIZING = new Set(['width', 'height', 'viewBox', 'xmlns']);

/**
 * A chart as a standalone SVG document (Node): every panel drawn by Observable Plot on linkedom's
 * DOM, then each plot's children moved into a group at its place (title across the top, panels
 * side by side beneath) of one `<svg>` with the SVG namespace and a white background.
 */
export function chartSvg(chart: Chart): string {
  const document = parseHTML('<!DOCTYPE html><html><head></head><body></body></html>').document as unknown as Document;
  const draw = (options: Plot.PlotOptions) => Plot.plot({ ...options, figure: false, document }) as SVGSVGElement;
  const size = (plot: SVGSVGElement, name: 'width' | 'height') => Number(plot.getAttribute(name));
  const panels = chart.panels.map(draw);
  const width = Math.max(1, panels.reduce((s, p) => s + size(p, 'width'), 0));
  const title = chart.title !== undefined ? draw(titlePanel(chart.title, width)) : undefined;
  const top = title ? size(title, 'height') : 0;
  const height = top + Math.max(1, ...panels.map((p) => size(p, 'height')));
  const svg = document.createElementNS(SVG_NS, 'svg');
  for (const [name, value] of [['xmlns', SVG_NS], ['width', width], ['height', height], ['viewBox', `0 0 ${width} ${height}`]] as const) svg.setAttribute(name, String(value));
  const background = document.createElementNS(SVG_NS, 'rect');
  for (const [name, value] of [['width', '100%'], ['height', '100%'], ['fill', 'white']] as const) background.setAttribute(name, value);
  svg.append(background);
  let styled = false; // Plot's stylesheet is the same in every plot: keep the first
  const place = (plot: SVGSVGElement, x: number, y: number) => {
    const g = document.createElementNS(SVG_NS, 'g');
    for (const name of plot.getAttributeNames()) if (!SIZING.has(name)) g.setAttribute(name, plot.getAttribute(name)!);
    g.setAttribute('transform', `translate(${x},${y})`);
    for (const child of Array.from(plot.childNodes)) {
      const style = child.nodeName.toLowerCase() === 'style';
      if (style && styled) continue;
      styled ||= style;
      g.append(child);
    }
    svg.append(g);
  };
  if (title) place(title, 0, 0);
  let x = 0;
  for (const p of panels) {
    place(p, x, top);
    x += size(p, 'width');
  }
  return `${svg.outerHTML}\n`;
}
