export { saveLayersModel } from './node/save-layers-model.js';
export { loadLayersModelFiles } from './node/load-layers-model-files.js';
