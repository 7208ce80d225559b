// The site's data: a small Fashion-MNIST subset cut at build time from the Debian data set
// (`/usr/share/datasets/fashion-mnist`, or $DL_FASHION_MNIST_DIR) by @dl/datasets, written as
// plain IDX files under site/public/data/ so the pages parse them with `fashionMnistFromIdx`.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadFashionMnistRaw } from '@dl/datasets/node';

const out = join(dirname(fileURLToPath(import.meta.url)), '../site/public/data');
/** Images per split: enough to train the page's CNN past 0.7, small enough to ship. */
export const SUBSET = { train: 2000, test: 500 };

function idx(dtypeCode, shape, bytes) {
  const header = new Uint8Array(4 + 4 * shape.length);
  const view = new DataView(header.buffer);
  view.setUint8(2, dtypeCode);
  view.setUint8(3, shape.length);
  shape.forEach((d, i) => view.setUint32(4 + 4 * i, d));
  const all = new Uint8Array(header.length + bytes.length);
  all.set(header);
  all.set(bytes, header.length);
  return all;
}

mkdirSync(out, { recursive: true });
for (const split of ['train', 'test']) {
  const raw = await loadFashionMnistRaw({ split, limit: SUBSET[split] });
  writeFileSync(join(out, `fashion-mnist-${split}-images.idx`), idx(0x08, [raw.count, raw.height, raw.width], raw.images));
  writeFileSync(join(out, `fashion-mnist-${split}-labels.idx`), idx(0x08, [raw.count], raw.labels));
}
console.log(`data: Fashion-MNIST ${SUBSET.train} train + ${SUBSET.test} test images -> site/public/data`);
