// Geometries shared by the Conv2D gradient tests: strides, padding kinds,
// dilations, batch sizes, channel counts around the 4-wide unrolling, odd sizes.
type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];

export interface ConvCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
  dilations?: number | [number, number];
}

export const convCases: ConvCase[] = [
  { name: '3x3 valid stride 1, batch 2', x: [2, 5, 6, 3], filter: [3, 3, 3, 4], strides: 1, pad: 'valid' },
  { name: '3x2 same stride 2, odd sizes', x: [1, 7, 5, 6], filter: [3, 2, 6, 5], strides: 2, pad: 'same' },
  { name: 'explicit pad, strides [2, 1]', x: [2, 6, 5, 2], filter: [2, 3, 2, 3], strides: [2, 1], pad: [[0, 0], [1, 2], [2, 0], [0, 0]] },
  { name: '5x5 same, 1 input channel (MNIST first layer)', x: [3, 6, 6, 1], filter: [5, 5, 1, 8], strides: 1, pad: 'same' },
  { name: 'valid stride 3 leaving rows unused', x: [1, 8, 7, 5], filter: [2, 2, 5, 9], strides: 3, pad: 'valid' },
  { name: 'dilation 2 same', x: [2, 7, 6, 4], filter: [3, 3, 4, 3], strides: 1, pad: 'same', dilations: 2 },
  { name: 'dilations [2, 1] valid, batch 3', x: [3, 9, 8, 3], filter: [2, 3, 3, 2], strides: 1, pad: 'valid', dilations: [2, 1] },
  { name: '1x1 conv, batch 4', x: [4, 3, 3, 8], filter: [1, 1, 8, 16], strides: 1, pad: 'valid' },
  { name: '3x3 same, RGB to 37 channels (16-wide and 4-wide blocks and a tail)', x: [2, 7, 8, 3], filter: [3, 3, 3, 37], strides: 1, pad: 'same' },
  { name: '3x3 stride 2 same, 1 channel to 32', x: [2, 9, 9, 1], filter: [3, 3, 1, 32], strides: 2, pad: 'same' },
  { name: '3x3 same, 1 channel to 16, dilation 2', x: [2, 9, 8, 1], filter: [3, 3, 1, 16], strides: 1, pad: 'same', dilations: 2 },
];
