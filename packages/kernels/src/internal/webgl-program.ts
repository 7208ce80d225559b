// The fused optimizer steps for WebGL: a WebGL program has one output, so a step runs one program
// per output (update, m, v, ...), each recomputing the element's arithmetic: 3 programs for Adam
// where the composed ops run ~15. Hyper-parameters are uniforms, so the shaders compile once per
// structure and shape, not once per step. Nothing here imports the webgl backend: programs run
// through the backend object tfjs hands the kernel.
import type { KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

interface Program {
  variableNames: string[];
  outputShape: number[];
  userCode: string;
  customUniforms: { name: string; type: 'float' }[];
}
interface WebGLBackendLike {
  runWebGLProgram(program: Program, inputs: TensorInfo[], outputDtype: 'float32', customUniformValues?: number[][]): TensorInfo;
}
export type StepAttrs = Record<string, number | boolean>;
export interface WebglStepArgs {
  inputs: Record<string, TensorInfo | undefined>;
  backend: KernelBackend;
  attrs: StepAttrs;
}

/** One program per output; `body` computes every output into locals named in `outs`. */
export function runPrograms(args: WebglStepArgs, names: string[], uniforms: Record<string, number>, body: string, outs: string[]): TensorInfo[] {
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
export const prep = (coupledWd: boolean) => `  float g = getGradAtOutCoords() * dlSign;\n${coupledWd ? '  g = g + getParamAtOutCoords() * dlWd;\n' : ''}`;

export const common = (a: StepAttrs) => ({ dlSign: a.maximize === true ? -1 : 1, dlWd: a.weightDecay as number, dlNegLr: -(a.lr as number) });
