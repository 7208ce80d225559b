import { optimizerStepKernelNames } from '@dl/kernels';
import { fusedEnabled, hasFusedKernel, setFusedEnabled } from './internal/fused.js';

/** The fused optimizer step kernels @dl/optim uses when the backend has them (from @dl/kernels). */
export const FUSED_KERNEL_NAMES: readonly string[] = optimizerStepKernelNames;

/**
 * Turns the fused optimizer kernels on (the default) or off, for every optimizer of this
 * package; off, each step runs the composed tfjs-core ops. Returns the previous setting.
 * Both paths give the same numbers; this exists for tests and benchmarks.
 */
export function setFusedKernels(enabled: boolean): boolean {
  if (typeof enabled !== 'boolean') throw new TypeError(`setFusedKernels: enabled must be a boolean, got ${String(enabled)}`);
  const previous = fusedEnabled();
  setFusedEnabled(enabled);
  return previous;
}

/** The fused kernels the current backend has: all four on cpu and webgl, SGD's and Adam's on wasm, none on webgpu or when turned off. */
export function fusedKernels(): string[] {
  return FUSED_KERNEL_NAMES.filter((k) => hasFusedKernel(k));
}
