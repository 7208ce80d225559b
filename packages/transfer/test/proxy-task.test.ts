import { describe, expect, it } from 'vitest';
import { Rng, tf } from '@dl/core';
import { describeBackends } from '@dl/core/testing';
import { ProxyTask, simclrTask } from '../src/index.js';
import { images, tinyEncoder, tinyProjection } from './proxy-support.js';

const shift = (x: tf.Tensor4D, rng: Rng) => tf.add(x, rng.next());

describeBackends('ProxyTask', () => {
  it("owns the encoder and head as children ('encoder.*', 'head.*'), trains them together and disposes them", () => {
    const before = tf.memory().numTensors;
    const task = simclrTask(tinyEncoder(), tinyProjection(), { views: shift });
    expect(task).toBeInstanceOf(ProxyTask);
    expect(Object.keys(task.parameters())).toEqual(['encoder.1.kernel', 'encoder.1.bias', 'head.0.kernel', 'head.0.bias']);
    expect(task.children()).toEqual({ encoder: task.encoder, head: task.head });
    task.eval();
    expect(task.encoder.training).toBe(false);
    task.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('draws its views from its own seeded generator when called without rng (reproducible), from rng when given', async () => {
    const x = images(3);
    const [a, b] = [simclrTask(tinyEncoder(), tinyProjection(), { views: shift, seed: 5 }), simclrTask(tinyEncoder(), tinyProjection(), { views: shift, seed: 5 })];
    const [ya, yb] = [a.apply(x), b.apply(x)];
    expect(Array.from(await ya.data())).toEqual(Array.from(await yb.data()));
    const [r1, r2] = [a.apply(x, { rng: new Rng(9) }), b.apply(x, { rng: new Rng(9) })];
    expect(Array.from(await r1.data())).toEqual(Array.from(await r2.data()));
    expect(Array.from(await r1.data())).not.toEqual(Array.from(await ya.data()));
    tf.dispose([x, ya, yb, r1, r2]);
    a.dispose();
    b.dispose();
  });

  it('refuses images that are not [N, H, W, C], naming the shape', () => {
    const task = simclrTask(tinyEncoder(), tinyProjection(), { views: shift });
    const x = tf.ones([2, 16]);
    const before = tf.memory().numTensors;
    expect(() => task.apply(x)).toThrow(/simclr: images must be \[N, H, W, C\], got shape \[2, 16\]/);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
    task.dispose();
  });
});

describe('ProxyTask: the tasks check encoder and head before anything is made', () => {
  it('names the argument', () => {
    const enc = tinyEncoder();
    const before = tf.memory().numTensors;
    expect(() => simclrTask({} as never, tinyProjection(), { views: shift })).toThrow(/simclrTask: encoder must be a @dl\/layers Module/);
    expect(() => simclrTask(enc, 3 as never, { views: shift })).toThrow(/simclrTask: projection must be a @dl\/layers Module, got 3/);
    expect(() => simclrTask(enc, enc, { views: shift })).toThrow(/simclrTask: encoder and projection must be different modules/);
    expect(tf.memory().numTensors - before).toBe(2); // the tinyProjection() made for the first call, nothing else
    enc.dispose();
  });
});
