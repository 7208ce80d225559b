import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { tf } from '@dl/core';
import * as tfl from '@tensorflow/tfjs-layers';

/** Reads a `model.json` and its weight files from disk and loads them with plain `tf.loadLayersModel` (no network, no tfjs-node). */
export async function loadLayersModelFiles(modelJsonPath: string): Promise<tfl.LayersModel> {
  if (typeof modelJsonPath !== 'string' || modelJsonPath === '') throw new TypeError(`loadLayersModelFiles: expects the path of a model.json, got ${String(modelJsonPath)}`);
  const json = JSON.parse(new TextDecoder().decode(await readFile(modelJsonPath))) as {
    modelTopology?: object;
    format?: string;
    weightsManifest?: { paths: string[]; weights: tf.io.WeightsManifestEntry[] }[];
  };
  if (json.format === 'graph-model') {
    throw new TypeError(`loadLayersModelFiles: ${modelJsonPath} is a graph model: a frozen inference graph cannot be fine-tuned; use the Keras/LayersModel form`);
  }
  if (json.modelTopology === undefined) throw new TypeError(`loadLayersModelFiles: ${modelJsonPath} has no modelTopology`);
  const manifest = json.weightsManifest ?? [];
  const parts: Uint8Array[] = [];
  for (const group of manifest) for (const p of group.paths) parts.push(new Uint8Array(await readFile(join(dirname(modelJsonPath), p))));
  const total = parts.reduce((s, p) => s + p.byteLength, 0);
  const weightData = new Uint8Array(total);
  let at = 0;
  for (const p of parts) {
    weightData.set(p, at);
    at += p.byteLength;
  }
  return tfl.loadLayersModel(tf.io.fromMemory({ modelTopology: json.modelTopology, weightSpecs: manifest.flatMap((g) => g.weights), weightData: weightData.buffer }));
}
