import type { TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, type Geometry } from '../../internal/geometry.js';
import type { ConvGradAttrs } from '../../internal/kernel-types.js';

/** The convolution's geometry from the input gradient's filter and attributes. */
export function inputGradGeometry(filter: TensorInfo, attrs: ConvGradAttrs): Geometry {
  return convGeometry(attrs.inputShape!, filter.shape, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false);
}
