import * as tfl from '@tensorflow/tfjs-layers';

/** A small Keras-style functional model: conv (frozen) - BN (frozen) - relu - GAP - dense. */
export function smallLayersModel(seed = 1): tfl.LayersModel {
  const input = tfl.input({ shape: [6, 6, 1] });
  const conv = tfl.layers.conv2d({ filters: 4, kernelSize: 3, padding: 'same', name: 'conv', kernelInitializer: tfl.initializers.glorotUniform({ seed }), trainable: false });
  const bn = tfl.layers.batchNormalization({ name: 'bn', momentum: 0.9, epsilon: 1e-3, trainable: false });
  const act = tfl.layers.activation({ activation: 'relu', name: 'act' });
  const gap = tfl.layers.globalAveragePooling2d({ name: 'gap' });
  const fc = tfl.layers.dense({ units: 3, name: 'fc', kernelInitializer: tfl.initializers.glorotUniform({ seed: seed + 1 }) });
  const out = fc.apply(gap.apply(act.apply(bn.apply(conv.apply(input))))) as tfl.SymbolicTensor;
  return tfl.model({ inputs: input, outputs: out });
}

export function disposeModel(m: tfl.LayersModel): void {
  m.dispose();
}
