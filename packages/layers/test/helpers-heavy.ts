// Heavy stochastic and gradient checks run on cpu and wasm only: Dawn's WebGPU on SwiftShader
// (and WebGL in Chromium) pay a readback per finite-difference step, seconds per check.
export const heavyOnGpu = (backend: string): boolean => backend !== 'cpu' && backend !== 'wasm';
