// The fused optimizer steps for WebGL, registered on first use (see fused.ts). A WebGL program
// has one output, so a step runs one program per output (update, m, v, ...), each recomputing the
// element's arithmetic: 3 programs for Adam where the composed ops run ~15. Hyper-parameters are
// uniforms, so the shaders compile once per structure and shape, not once per step.
import { tf } from '@dl/core';

interface Program {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms: { name: string; type: 'float' }[];
}
interface WebGLBackendLike {
  runWebGLProgram(program: Program, inputs: tf.TensorInfo[], outputDtype: 'float32', customUniformValues?: number[][]): tf.TensorInfo;
}
type Attrs = Record<string, number | boolean>;
interface Args {
  inputs: Record<string, tf.TensorInfo | undefined>;
  backend: tf.KernelBackend;
  attrs: Attrs;
}

/** One program per output; `body` computes every output into locals named in `outs`. */
function runPrograms(args: Args, names: string[], uniforms: Record<string, number>, body: string, outs: string[]): tf.TensorInfo[] {
  const infos = names.map((n) => args.inputs[n]!);
  const shape = infos[0]!.shape.slice();
  const u = Object.keys(uniforms);
  const backend = args.backend as unknown as WebGLBackendLike;
  return outs.map((out) =>
    backend.runWebGLProgram(
      {
        variableNames: names,
        outputShape: shape,
        userCode: `void main() {\n${body}\n  setOutput(${out});\n}`,
        customUniforms: u.map((name) => ({ name, type: 'float' })),
      },
      infos,
      'float32',
      u.map((k) => [uniforms[k]!]),
    ),
  );
}

/** `g`: the gradient negated for maximize, plus coupled decay. Uniforms dlSign, dlWd. */
const prep = (coupledWd: boolean) => `  float g = getGradAtOutCoords() * dlSign;\n${coupledWd ? '  g = g + getParamAtOutCoords() * dlWd;\n' : ''}`;

const common = (a: Attrs) => ({ dlSign: a.maximize === true ? -1 : 1, dlWd: a.weightDecay as number, dlNegLr: -(a.lr as number) });

function adam({ inputs, backend, attrs: a }: Args): tf.TensorInfo[] {
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

function sgd({ inputs, backend, attrs: a }: Args): tf.TensorInfo[] {
  const wd = (a.weightDecay as number) !== 0;
  const hasBuf = (a.momentum as number) > 0;
  const readBuf = hasBuf && a.first !== true;
  const names = ['grad', ...(readBuf ? ['buf'] : []), ...(wd ? ['param'] : [])];
  const uniforms = { ...common(a), dlMom: a.momentum as number, dlDamp1: 1 - (a.dampening as number) };
  const body = `${prep(wd)}
  float b = ${hasBuf ? (readBuf ? 'getBufAtOutCoords() * dlMom + g * dlDamp1' : 'g') : '0.0'};
  float u = (${hasBuf ? (a.nesterov ? 'g + b * dlMom' : 'b') : 'g'}) * dlNegLr;`;
  return runPrograms({ inputs, backend, attrs: a }, names, uniforms, body, hasBuf ? ['u', 'b'] : ['u']);
}

function rmsprop({ inputs, backend, attrs: a }: Args): tf.TensorInfo[] {
  const wd = (a.weightDecay as number) !== 0;
  const hasBuf = (a.momentum as number) > 0;
  const readBuf = hasBuf && a.first !== true;
  const names = ['grad', 'squareAvg', ...(a.centered ? ['gradAvg'] : []), ...(readBuf ? ['buf'] : []), ...(wd ? ['param'] : [])];
  const al = a.alpha as number;
  const uniforms = { ...common(a), dlAl: al, dlOmAl: 1 - al, dlEps: a.eps as number, dlMom: a.momentum as number };
  const body = `${prep(wd)}
  float sq = getSquareAvgAtOutCoords() * dlAl + (g * g) * dlOmAl;
  float ga = ${a.centered ? 'getGradAvgAtOutCoords() * dlAl + g * dlOmAl' : '0.0'};
  float v = ${a.centered ? 'sq - ga * ga' : 'sq'};
  float r = g / (sqrt(v) + dlEps);
  float b = ${readBuf ? 'getBufAtOutCoords() * dlMom + r' : 'r'};
  float u = ${hasBuf ? 'b' : 'r'} * dlNegLr;`;
  return runPrograms({ inputs, backend, attrs: a }, names, uniforms, body, ['u', 'sq', ...(a.centered ? ['ga'] : []), ...(hasBuf ? ['b'] : [])]);
}

function adagrad({ inputs, backend, attrs: a }: Args): tf.TensorInfo[] {
  const wd = (a.weightDecay as number) !== 0;
  const names = ['grad', 'sum', ...(wd ? ['param'] : [])];
  const body = `${prep(wd)}
  float s = getSumAtOutCoords() + g * g;
  float u = g / (sqrt(s) + dlEps) * dlNegLr;`;
  return runPrograms({ inputs, backend, attrs: a }, names, { ...common(a), dlEps: a.eps as number }, body, ['u', 's']);
}

const KERNELS: [string, (args: Args) => tf.TensorInfo[]][] = [
  ['DlAdamStep', adam],
  ['DlSgdStep', sgd],
  ['DlRmspropStep', rmsprop],
  ['DlAdagradStep', adagrad],
];

let registered = false;

/** Registers the WebGL steps once (they only run when the webgl backend is active). */
export function registerWebglKernels(): void {
  if (registered) return;
  registered = true;
  for (const [kernelName, fn] of KERNELS) {
    if (tf.getKernel(kernelName, 'webgl') === undefined) tf.registerKernel({ kernelName, backendName: 'webgl', kernelFunc: fn as unknown as tf.KernelFunc });
  }
}
