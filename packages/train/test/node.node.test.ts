import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { loadCheckpoint } from '@dl/core/node';
import { checkpoint, fileStore, fit, learningCurves, progress } from '../src/node.js';
import { mlp, sgdFor, toyData } from './support.js';

describe('@dl/train/node', () => {
  it('writes checkpoint files atomically, curve files, and a progress line per epoch; resumes from a file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'dl-train-'));
    const data = toyData(24);
    const model = mlp();
    const optimizer = sgdFor(model, 0.05);
    const stream = new PassThrough() as unknown as NodeJS.WriteStream;
    let text = '';
    (stream as unknown as PassThrough).on('data', (d) => (text += String(d)));
    const ckpt = checkpoint({ dir: join(dir, 'ckpt'), keepLast: 1 });
    const curves = learningCurves({ jsonl: join(dir, 'curves.jsonl'), csv: join(dir, 'curves.csv') });
    const r = await fit({ model, optimizer, data, epochs: 3, batchSize: 8, rng: 0, callbacks: [progress({ stream, bar: false }), curves, ckpt] });
    expect((await readdir(join(dir, 'ckpt'))).sort()).toEqual(['epoch-0003.dlckpt', 'last.dlckpt']);
    expect(ckpt.locations.get('last')).toBe(join(dir, 'ckpt', 'last.dlckpt'));
    expect((await readFile(join(dir, 'curves.jsonl'), 'utf8')).trim().split('\n')).toHaveLength(3);
    expect((await readFile(join(dir, 'curves.csv'), 'utf8')).split('\n')[0]).toMatch(/^epoch,loss,accuracy/);
    expect(text).toMatch(/epoch 3\/3 \| loss \d\.\d{4} \| acc \d\.\d{4} \| lr 5\.00e-2 \| \d+ samples\/s/);
    expect(text.trim().split("\n")).toHaveLength(3);
    const file = await loadCheckpoint(join(dir, 'ckpt', 'last.dlckpt'));
    const more = await fit({ model, optimizer, data, epochs: 4, batchSize: 8, rng: 0, resume: file });
    expect(more.history.epochs.map((e) => e.epoch)).toEqual([1, 2, 3, 4]);
    expect(more.history.epochs[2]!.loss).toBe(r.history.epochs[2]!.loss);
    expect(() => fileStore('')).toThrow(/fileStore: dir must be a non-empty path/);
    tf.dispose([data.x, data.y]);
    model.dispose();
    optimizer.dispose();
  });
});
