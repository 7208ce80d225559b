import { backend_util } from '@tensorflow/tfjs-core';

/** NHWC convolution/pooling geometry, flattened to plain numbers for the loops. */
export interface Geometry {
  n: number;
  h: number;
  w: number;
  c: number;
  oh: number;
  ow: number;
  oc: number;
  kh: number;
  kw: number;
  sh: number;
  sw: number;
  dh: number;
  dw: number;
  top: number;
  left: number;
}

type Pair = number | [number, number];
type Pad = 'valid' | 'same' | number | backend_util.ExplicitPadding;
type Rounding = 'floor' | 'round' | 'ceil' | undefined;

function fromInfo(info: backend_util.Conv2DInfo): Geometry {
  return {
    n: info.batchSize,
    h: info.inHeight,
    w: info.inWidth,
    c: info.inChannels,
    oh: info.outHeight,
    ow: info.outWidth,
    oc: info.outChannels,
    kh: info.filterHeight,
    kw: info.filterWidth,
    sh: info.strideHeight,
    sw: info.strideWidth,
    dh: info.dilationHeight,
    dw: info.dilationWidth,
    top: info.padInfo.top,
    left: info.padInfo.left,
  };
}

export function convGeometry(
  xShape: number[],
  filterShape: number[],
  strides: Pair,
  dilations: Pair | undefined,
  pad: Pad,
  dimRoundingMode: Rounding,
  depthwise: boolean,
): Geometry {
  const info = backend_util.computeConv2DInfo(
    xShape as [number, number, number, number],
    filterShape as [number, number, number, number],
    strides,
    dilations ?? 1,
    pad,
    dimRoundingMode,
    depthwise,
    'channelsLast',
  );
  return fromInfo(info);
}

export function poolGeometry(xShape: number[], filterSize: Pair, strides: Pair, pad: Pad, dimRoundingMode: Rounding): Geometry {
  const info = backend_util.computePool2DInfo(
    xShape as [number, number, number, number],
    filterSize,
    strides,
    1,
    pad,
    dimRoundingMode,
  );
  return fromInfo(info);
}

export function isChannelsFirst(dataFormat: string | undefined): boolean {
  return dataFormat === 'NCHW' || dataFormat === 'channelsFirst';
}
