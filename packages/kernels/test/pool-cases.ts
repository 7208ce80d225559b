// Geometries shared by the pooling gradient tests.
export interface PoolCase {
  name: string;
  x: [number, number, number, number];
  filterSize: number | [number, number];
  strides: number | [number, number];
  pad: 'valid' | 'same' | number;
}

export const poolCases: PoolCase[] = [
  { name: '2x2 stride 2 valid, batch 2', x: [2, 6, 6, 3], filterSize: 2, strides: 2, pad: 'valid' },
  { name: '2x2 stride 2 valid, odd sizes (a row and a column left out)', x: [2, 7, 5, 3], filterSize: 2, strides: 2, pad: 'valid' },
  { name: '3x3 stride 2 same, odd sizes', x: [1, 7, 5, 4], filterSize: 3, strides: 2, pad: 'same' },
  { name: '3x3 stride 1 same (overlapping windows)', x: [2, 5, 6, 2], filterSize: 3, strides: 1, pad: 'same' },
  { name: '[3, 2] strides [1, 2] valid, batch 3', x: [3, 6, 7, 5], filterSize: [3, 2], strides: [1, 2], pad: 'valid' },
  { name: 'numeric pad 1, 3x3 stride 2', x: [2, 7, 7, 3], filterSize: 3, strides: 2, pad: 1 },
];
