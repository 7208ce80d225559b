// Geometries shared by the depthwise gradient tests (filter [kh, kw, inC, multiplier]).
type Pad = 'valid' | 'same' | [[number, number], [number, number], [number, number], [number, number]];

export interface DepthwiseCase {
  name: string;
  x: [number, number, number, number];
  filter: [number, number, number, number];
  strides: number | [number, number];
  pad: Pad;
  dilations?: number | [number, number];
}

export const depthwiseCases: DepthwiseCase[] = [
  { name: '3x3 same stride 1, multiplier 1, batch 2', x: [2, 6, 5, 4], filter: [3, 3, 4, 1], strides: 1, pad: 'same' },
  { name: '3x3 valid stride 2, multiplier 2, odd sizes', x: [1, 7, 9, 3], filter: [3, 3, 3, 2], strides: 2, pad: 'valid' },
  { name: '5x3 same strides [1, 2], multiplier 3', x: [3, 5, 6, 2], filter: [5, 3, 2, 3], strides: [1, 2], pad: 'same' },
  { name: 'explicit pad, multiplier 1', x: [2, 5, 5, 5], filter: [2, 2, 5, 1], strides: 1, pad: [[0, 0], [1, 0], [0, 2], [0, 0]] },
  { name: 'dilation 2 same, multiplier 2', x: [2, 7, 7, 3], filter: [3, 3, 3, 2], strides: 1, pad: 'same', dilations: 2 },
];
