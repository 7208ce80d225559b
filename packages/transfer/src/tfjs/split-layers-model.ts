import * as tfl from '@tensorflow/tfjs-layers';
import { LayersModelModule } from './layers-model-module.js';
import { featureView, layerAt } from './surgery.js';

interface NodeInternals {
  inputTensors: tfl.SymbolicTensor[];
  outputTensors: tfl.SymbolicTensor[];
}

/**
 * Cuts a TF.js model after layer `at`: `backbone` (input → `at`) and `tail` (`at`'s output → the
 * model's output), both sharing the model's layers and variables. The fast path for fine-tuning
 * the last blocks: cache the backbone's features once (`featureExtractor(...).cached`), then
 * train the tail on them. Every path after `at` must start from `at`'s output (a residual
 * branch from before the cut is refused).
 */
export function splitLayersModel(m: LayersModelModule, at: string | number): { backbone: LayersModelModule; tail: LayersModelModule } {
  const where = 'splitLayersModel';
  if (!(m instanceof LayersModelModule)) throw new TypeError(`${where}: expects a module from fromLayersModel`);
  const cut = layerAt(m, at, where, 'at');
  const layers = m.model.layers;
  // node 0 is the layer's call in the original model (a split adds more nodes to shared layers)
  const start = cut.getOutputAt(0);
  if (Array.isArray(start)) throw new RangeError(`${where}: layer '${cut.name}' has ${start.length} outputs; cut at a single-output layer`);
  if (m.model.outputs.length !== 1) throw new RangeError(`${where}: the model has ${m.model.outputs.length} outputs; @dl/transfer wraps single-output models`);
  const input = tfl.input({ shape: start.shape.slice(1) as number[], name: `${cut.name}_features` });
  const map = new Map<tfl.SymbolicTensor, tfl.SymbolicTensor>([[start, input]]);
  for (const layer of layers.slice(layers.indexOf(cut) + 1)) {
    const node = (layer as unknown as { inboundNodes: NodeInternals[] }).inboundNodes[0];
    const ins = node?.inputTensors ?? [];
    const mapped = ins.map((t) => map.get(t));
    if (mapped.every((t) => t === undefined)) continue; // a branch that does not follow the cut
    if (mapped.some((t) => t === undefined)) {
      throw new RangeError(`${where}: layer '${layer.name}' takes an input from before '${cut.name}'; cut after the branch joins`);
    }
    const out = layer.apply(mapped.length === 1 ? mapped[0]! : (mapped as tfl.SymbolicTensor[])) as tfl.SymbolicTensor;
    map.set(node!.outputTensors[0]!, out);
  }
  const end = map.get(m.model.outputs[0]!);
  if (end === undefined) throw new RangeError(`${where}: the model's output does not depend on '${cut.name}'`);
  const tail = new LayersModelModule(tfl.model({ inputs: input, outputs: end }));
  tail.train(m.training);
  return { backbone: featureView(m, cut.name, where), tail };
}
