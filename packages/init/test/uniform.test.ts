import { describe, expect, it } from 'vitest';
import { describeBackends } from '@dl/core/testing';
import { uniform } from '../src/index.js';
import { sampleTests, seedTests } from './helpers.js';

describeBackends('uniform', () => {
  sampleTests('uniform', uniform);
  seedTests('uniform', uniform, [1000], { a: -2, b: 2 });
});

describe('uniform options', () => {
  it('throws when a > b', () => {
    expect(() => uniform([3], { a: 1, b: 0 })).toThrow(/uniform: a must be <= b, got a 1, b 0/);
    expect(() => uniform([3], { b: Number.NaN })).toThrow(/uniform: b must be a finite number/);
  });
});
