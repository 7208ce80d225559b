import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type WebglStepArgs, common, prep, runPrograms } from '../../internal/webgl-program.js';
import { DlAdagradStep } from '../../optimizer-step-names.js';

function adagradWebgl({ inputs, backend, attrs: a }: WebglStepArgs): TensorInfo[] {
  const wd = (a.weightDecay as number) !== 0;
  const names = ['grad', 'sum', ...(wd ? ['param'] : [])];
  const body = `${prep(wd)}
  float s = getSumAtOutCoords() + g * g;
  float u = g / (sqrt(s) + dlEps) * dlNegLr;`;
  return runPrograms({ inputs, backend, attrs: a }, names, { ...common(a), dlEps: a.eps as number }, body, ['u', 's']);
}

/** DlAdagradStep for webgl: one program per output. */
export const adagradStepWebgl: KernelConfig = { kernelName: DlAdagradStep, backendName: 'webgl', kernelFunc: adagradWebgl as unknown as KernelFunc };
