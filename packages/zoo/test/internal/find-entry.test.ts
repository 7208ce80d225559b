import { describe, expect, it } from 'vitest';
import { findEntry } from '../../src/internal/find-entry.js';

describe('findEntry', () => {
  it('finds an entry by exact name, else lists the names and the closest', () => {
    expect(findEntry('mnist-cnn', 'f').name).toBe('mnist-cnn');
    expect(() => findEntry('fashion-5-8', 'f')).toThrow("f: no pretrained model named 'fashion-5-8' (did you mean 'fashion-5-9'?); the zoo has 'fashion-cnn', 'mnist-cnn', 'fashion-0-4', 'fashion-5-9', 'autoencoder-encoder', 'contrastive-encoder'");
    expect(() => findEntry(undefined, 'f')).toThrow(new TypeError("f: the model name must be a string, got undefined (models: fashion-cnn, mnist-cnn, fashion-0-4, fashion-5-9, autoencoder-encoder, contrastive-encoder)"));
  });
});
