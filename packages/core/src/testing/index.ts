export { expectNoLeak } from './expect-no-leak.js';
export { expectTensorsClose } from './expect-tensors-close.js';
export type { CloseOptions } from './expect-tensors-close.js';
export { describeBackends, detectBackends, setTestBackends, testBackends } from './describe-backends.js';
