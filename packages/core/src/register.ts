// tfjs-core's public entry registers no gradients and no chained ops (x.add(y)).
// These deep modules are bundled into @dl/core's dist (see tsup.config.ts), as
// @tensorflow/tfjs does: in Node they only exist as extensionless ESM. Their
// state (engine, kernel and gradient registries, the Tensor class) lives on
// globalThis, so the bundled copy and the app's tfjs-core share it.
import '@tensorflow/tfjs-core/dist/register_all_gradients';
import '@tensorflow/tfjs-core/dist/public/chained_ops/register_all_chained_ops';
