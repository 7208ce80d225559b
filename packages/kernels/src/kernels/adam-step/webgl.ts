import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { type WebglStepArgs, common, prep, runPrograms } from '../../internal/webgl-program.js';
import { DlAdamStep } from '../../optimizer-step-names.js';

function adamWebgl({ inputs, backend, attrs: a }: WebglStepArgs): TensorInfo[] {
  const wd = (a.weightDecay as number) !== 0;
  const names = ['grad', 'm', 'v', ...(a.amsgrad ? ['vMax'] : []), ...(wd ? ['param'] : [])];
  const b1 = a.beta1 as number, b2 = a.beta2 as number;
  const uniforms = { ...common(a), dlB1: b1, dlOmB1: 1 - b1, dlB2: b2, dlOmB2: 1 - b2, dlEps: a.eps as number, dlBc1: a.biasCorrection1 as number, dlBc2: a.biasCorrection2Sqrt as number };
  const body = `${prep(wd && !a.decoupled)}
  float m = getMAtOutCoords() * dlB1 + g * dlOmB1;
  float v = getVAtOutCoords() * dlB2 + (g * g) * dlOmB2;
  float vh = ${a.amsgrad ? 'max(getVMaxAtOutCoords(), v)' : 'v'};
  float u = m / (sqrt(vh) / dlBc2 + dlEps) / dlBc1;
  ${wd && a.decoupled ? 'u = u + getParamAtOutCoords() * dlWd;' : ''}
  u = u * dlNegLr;`;
  return runPrograms({ inputs, backend, attrs: a }, names, uniforms, body, ['u', 'm', 'v', ...(a.amsgrad ? ['vh'] : [])]);
}

/** DlAdamStep for webgl: one program per output. */
export const adamStepWebgl: KernelConfig = { kernelName: DlAdamStep, backendName: 'webgl', kernelFunc: adamWebgl as unknown as KernelFunc };
