import { expect, it } from 'vitest';
import { tf } from '@dl/core';
import { Optimizer, adam, adamw, sgd } from '@dl/optim';
import { cosineAnnealing } from '@dl/schedulers';
import { fit } from '@dl/train';
import {
  backboneFinetuning, featureExtractor, fineTune, freeze, layerDecayGroups, lrSliceGroups, selectParameters, trainableParameters,
} from '../src/index.js';
import { bnMlp, images, smallCnn } from './support.js';

// The README's snippets, on small models and data.

it('README: freeze, then an optimizer over the trainable parameters, then fit', async () => {
  const model = smallCnn();
  const data = images(16);
  freeze(model, 8, { bnPolicy: 'eval' });
  const optimizer = new Optimizer(sgd({ lr: 0.01, momentum: 0.9 }), trainableParameters(model));
  await fit({ model, optimizer, data, epochs: 5 });
  expect(Object.keys(optimizer.variables)).toEqual(['10.kernel', '10.bias', '13.kernel', '13.bias']);
  expect(selectParameters(model, 2)).toEqual(['0.kernel', '0.bias', '1.gamma', '1.beta']);
  expect(selectParameters(model, ['0.kernel', '13'])).toEqual(['0.kernel', '13.kernel', '13.bias']);
  expect(selectParameters(model, /\.gamma$/)).toEqual(['1.gamma', '5.gamma']);
  optimizer.dispose();
  model.dispose();
  tf.dispose([data.x, data.y]);
});

it('README: layer decay through a cosine schedule, fastai slices', () => {
  const model = bnMlp();
  const optimizer = new Optimizer(adamw({ lr: 1e-3 }), trainableParameters(model), { groups: layerDecayGroups(model) });
  optimizer.setSchedule(cosineAnnealing({ lr: 1e-3, tMax: 5, etaMin: 1e-4 }));
  expect(optimizer.getLearningRate('layer_0_decay')).toBeCloseTo(1e-3 * 0.75 ** 2, 15);
  const groups = lrSliceGroups(model, { lo: 1e-5, hi: 1e-3 });
  const sliced = new Optimizer(adam({ lr: 1e-3 }), trainableParameters(model), { groups });
  expect(sliced.groupNames.map((g) => +sliced.getLearningRate(g).toPrecision(12))).toEqual([1e-5, 1e-5, 1e-4, 1e-4, 1e-3, 1e-3]);
  optimizer.dispose();
  sliced.dispose();
  model.dispose();
});

it('README: cached CNN codes, fineTune, backboneFinetuning', async () => {
  const model = smallCnn();
  const images8 = images(24);
  const codes = featureExtractor(model, { upTo: 9 });
  const features = await codes.cached(images8.x, { batchSize: 512 });
  expect(features.shape).toEqual([24, 32]);
  codes.dispose();
  const data = images8;
  const { optimizer, unfrozen } = await fineTune({ model, data, validation: 0.25, epochs: 3, batchSize: 8, rng: 0 });
  expect(unfrozen.history.epochs.length).toBe(3);
  expect(unfrozen.history.epochs[0]!.valAccuracy).toBeDefined();
  optimizer.dispose();
  const backboneDepth = 12;
  freeze(model, backboneDepth, { bnPolicy: 'train' });
  const opt = new Optimizer(sgd({ lr: 1e-2, momentum: 0.9 }), trainableParameters(model));
  await fit({ model, optimizer: opt, data, epochs: 7, callbacks: [backboneFinetuning({ unfreezeAtEpoch: 5 })] });
  expect(opt.getLearningRate('backbone')).toBeCloseTo(2e-3, 15);
  opt.dispose();
  model.dispose();
  tf.dispose([data.x, data.y]);
});
