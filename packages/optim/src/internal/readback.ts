// Reading a value back inside a synchronous transformation `update`, where `dataSync` is the
// only way. tfjs-backend-webgpu reads synchronously by drawing the buffer into an
// OffscreenCanvas: Node (Dawn) has none, and there readSync throws a bare "ReferenceError:
// OffscreenCanvas is not defined" for any tensor that lives on the GPU (small results computed
// on the CPU read fine, so the failure would depend on the gradients' size); in headless
// Chromium (SwiftShader) the readback loses the GPU device, taking WebGL down with it. So
// WebGPU counts as having no synchronous readback, wherever it runs.
import { tf } from '@dl/core';

/** Whether `dataSync` can be used on the current backend. */
export function hasSyncReadback(): boolean {
  return tf.getBackend() !== 'webgpu';
}

/** Throws, naming `where` and what needs it, unless the current backend reads back synchronously. */
export function checkSyncReadback(where: string, what: string, instead: string): void {
  if (!hasSyncReadback()) {
    throw new Error(
      `${where}: ${what} reads a value back synchronously (dataSync), which the ${tf.getBackend()} backend cannot do reliably ` +
        `(tfjs-backend-webgpu reads through an OffscreenCanvas, which Node lacks and which can lose the device in a browser); ${instead}`,
    );
  }
}
