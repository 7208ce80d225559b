const { useBackend, tf } = require('@dl/core');
useBackend('wasm').then(async () => { console.log('cjs threads', require('@tensorflow/tfjs-backend-wasm').getThreadsCount(), (await tf.ones([2]).sum().data())[0]); });
