export { writeFileAtomic } from './write-file-atomic.js';
export { saveCheckpoint, loadCheckpoint } from './checkpoint-file.js';
