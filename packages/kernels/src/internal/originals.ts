import type { KernelConfig, KernelFunc, NamedAttrMap, NamedTensorInfoMap, KernelBackend, TensorInfo } from '@tensorflow/tfjs-core';

/** Stock kernels replaced by registerTrainingKernels, keyed `backend/name`, for fallbacks and restoring. */
export const originals = new Map<string, KernelConfig>();

export function originalKey(kernelName: string, backendName: string): string {
  return `${backendName}/${kernelName}`;
}

/** Runs the stock kernel for a case ours does not handle (NCHW), or explains why there is none. */
export function runOriginal(
  kernelName: string,
  backendName: string,
  args: { inputs: NamedTensorInfoMap; backend: KernelBackend; attrs?: NamedAttrMap },
  why: string,
): TensorInfo {
  const config = originals.get(originalKey(kernelName, backendName));
  if (config == null) throw new Error(`@dl/kernels: ${kernelName} on '${backendName}' does not support ${why}`);
  return (config.kernelFunc as KernelFunc)(args) as TensorInfo;
}

export function hasOriginal(kernelName: string, backendName: string): boolean {
  return originals.has(originalKey(kernelName, backendName));
}

/**
 * `config` with a setupFunc that runs the stock kernel's: wasm kernels bind their C++ entry
 * point in setupFunc when the backend starts, and only registered configs are set up, so a
 * replacement that falls back to the stock kernel must set it up in its place.
 */
export function withStockSetup(config: KernelConfig): KernelConfig {
  return {
    ...config,
    setupFunc: (backend) => originals.get(originalKey(config.kernelName, config.backendName))?.setupFunc?.(backend),
  };
}
