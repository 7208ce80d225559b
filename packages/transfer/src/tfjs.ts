export { fromLayersModel } from './tfjs/from-layers-model.js';
export type { FromLayersModelOptions } from './tfjs/from-layers-model.js';
export { LayersModelModule, TfjsLayerModule } from './tfjs/layers-model-module.js';
export { toArtifacts } from './tfjs/to-artifacts.js';
export type { ToArtifactsOptions } from './tfjs/to-artifacts.js';
export type { Quantize } from './tfjs/quantize.js';
export { splitLayersModel } from './tfjs/split-layers-model.js';
