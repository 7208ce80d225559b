import { writeFileAtomic } from '@dl/core/node';
import { join } from 'node:path';
import { mkdir } from 'node:fs/promises';
import type { LayersModelModule } from '../tfjs/layers-model-module.js';
import { toArtifacts } from '../tfjs/to-artifacts.js';
import type { ToArtifactsOptions } from '../tfjs/to-artifacts.js';

/**
 * Writes `model.json` and `group1-shard1of1.bin` into `dir` (each atomically; `quantize` as
 * `toArtifacts`), the layout
 * `tf.loadLayersModel('file://…/model.json')` and `loadLayersModelFiles` read.
 */
export async function saveLayersModel(m: LayersModelModule, dir: string, options: ToArtifactsOptions = {}): Promise<{ bytes: number; files: string[] }> {
  if (typeof dir !== 'string' || dir === '') throw new TypeError(`saveLayersModel: dir must be a folder path, got ${String(dir)}`);
  const a = await toArtifacts(m, options);
  const data = a.weightData;
  const bytes = data === undefined ? new Uint8Array(0) : new Uint8Array(Array.isArray(data) ? await new Blob(data).arrayBuffer() : data);
  const json = {
    modelTopology: a.modelTopology,
    format: a.format ?? 'layers-model',
    generatedBy: a.generatedBy,
    convertedBy: a.convertedBy ?? null,
    weightsManifest: [{ paths: ['group1-shard1of1.bin'], weights: a.weightSpecs ?? [] }],
  };
  await mkdir(dir, { recursive: true });
  const files = [join(dir, 'group1-shard1of1.bin'), join(dir, 'model.json')];
  await writeFileAtomic(files[0]!, bytes);
  await writeFileAtomic(files[1]!, new TextEncoder().encode(JSON.stringify(json)));
  return { bytes: bytes.byteLength, files };
}
