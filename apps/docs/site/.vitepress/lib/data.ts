// The Fashion-MNIST subset shipped with the site (cut at build time by scripts/data.mjs), parsed in
// the page by @dl/datasets' browser entry.
import { fashionMnistFromIdx, type RawImageDataset } from '@dl/datasets';

const cache = new Map<string, Promise<RawImageDataset>>();

async function bytes(file: string): Promise<Uint8Array> {
  const res = await fetch(`${import.meta.env.BASE_URL}data/${file}`);
  if (!res.ok) throw new Error(`could not load ${file}: HTTP ${res.status}`);
  return new Uint8Array(await res.arrayBuffer());
}

export function fashionMnist(split: 'train' | 'test'): Promise<RawImageDataset> {
  let p = cache.get(split);
  if (!p) {
    p = Promise.all([bytes(`fashion-mnist-${split}-images.idx`), bytes(`fashion-mnist-${split}-labels.idx`)]).then(([images, labels]) => fashionMnistFromIdx({ images, labels }));
    p.catch(() => cache.delete(split));
    cache.set(split, p);
  }
  return p;
}
