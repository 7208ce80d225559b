export { unfreeze } from './freeze.js';
