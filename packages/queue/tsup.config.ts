import { dlTsupConfig } from '../../tooling/tsup-config.js';

// One entry, `./node`: BullMQ and ioredis need Node's sockets, so there is no browser build.
export default dlTsupConfig({ entry: { node: 'src/node.ts' }, platform: 'node', external: [/^@tensorflow\//, /^@dl\//, /^node:/, 'bullmq', 'ioredis'] });
