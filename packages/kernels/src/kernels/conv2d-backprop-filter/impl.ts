import type { TensorInfo } from '@tensorflow/tfjs-core';
import { convGeometry, type Geometry } from '../../internal/geometry.js';
import type { ConvGradAttrs } from '../../internal/kernel-types.js';

/** The convolution's geometry from the filter gradient's inputs. */
export function filterGradGeometry(x: TensorInfo, attrs: ConvGradAttrs): Geometry {
  return convGeometry(x.shape, attrs.filterShape!, attrs.strides, attrs.dilations, attrs.pad, attrs.dimRoundingMode, false);
}
