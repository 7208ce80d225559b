import type { tf } from '@dl/core';
import { pair, shapeError, show } from './checks.js';

/** PyTorch's `padding`: `'same'`, `'valid'`, `p`, `[ph, pw]`, or `[[top, bottom], [left, right]]`. */
export type Padding = 'same' | 'valid' | number | [number, number] | [[number, number], [number, number]];

export interface ParsedPadding {
  /** What TF.js ops take. */
  tf: 'same' | 'valid' | [[0, 0], [number, number], [number, number], [0, 0]];
  /** Explicit pads, or undefined for 'same'. */
  explicit?: [[number, number], [number, number]];
}

export function parsePadding(padding: unknown, where: string): ParsedPadding {
  if (padding === 'same') return { tf: 'same' };
  if (padding === 'valid' || padding === 0) return { tf: 'valid', explicit: [[0, 0], [0, 0]] };
  let pads: [[number, number], [number, number]];
  if (Array.isArray(padding) && padding.length === 2 && Array.isArray(padding[0]) && Array.isArray(padding[1])) {
    const [h, w] = [pair(padding[0], 'padding', where, 0), pair(padding[1], 'padding', where, 0)];
    pads = [h, w];
  } else if (typeof padding === 'number' || Array.isArray(padding)) {
    const [ph, pw] = pair(padding, 'padding', where, 0);
    pads = [[ph, ph], [pw, pw]];
  } else {
    throw new TypeError(`${where}: padding must be 'same', 'valid', an integer, [ph, pw] or [[top, bottom], [left, right]], got ${show(padding)}`);
  }
  return { tf: [[0, 0], pads[0], pads[1], [0, 0]], explicit: pads };
}

/** Throws when the (dilated) kernel does not fit in the (padded) input. */
export function checkKernelFits(x: tf.Tensor, kernel: [number, number], dilation: [number, number], padding: ParsedPadding, where: string, expected: string): void {
  if (padding.explicit === undefined) return;
  const [, h, w] = x.shape as number[];
  const eh = (kernel[0] - 1) * dilation[0] + 1;
  const ew = (kernel[1] - 1) * dilation[1] + 1;
  const ph = h! + padding.explicit[0][0] + padding.explicit[0][1];
  const pw = w! + padding.explicit[1][0] + padding.explicit[1][1];
  if (eh > ph || ew > pw) {
    shapeError(where, expected, x, `the ${eh}x${ew} kernel (dilation included) is larger than the ${ph}x${pw} padded input`);
  }
}
