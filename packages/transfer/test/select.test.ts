import { describe, expect, it } from 'vitest';
import { tf } from '@dl/core';
import { expectNoLeak } from '@dl/core/testing';
import { dense, relu, sequential } from '@dl/layers';
import { parameterBlocks, selectParameters } from '../src/index.js';
import { bnMlp, smallCnn } from './support.js';

describe('selectParameters', () => {
  it('by depth, path, nested path, parameter name, RegExp and predicate', () => {
    const m = smallCnn();
    expect(selectParameters(m, 2)).toEqual(['0.kernel', '0.bias', '1.gamma', '1.beta']);
    expect(selectParameters(m, '4')).toEqual(['4.kernel', '4.bias']);
    expect(selectParameters(m, ['0.kernel', '13'])).toEqual(['0.kernel', '13.kernel', '13.bias']);
    expect(selectParameters(m, /\.gamma$/)).toEqual(['1.gamma', '5.gamma']);
    expect(selectParameters(m, (n) => n.endsWith('bias') && n.startsWith('1'))).toEqual(['10.bias', '13.bias']);
    const nested = sequential(sequential(dense(2, 3, { seed: 0 }), relu), dense(3, 1, { seed: 1 }));
    expect(selectParameters(nested, '0.0')).toEqual(['0.0.kernel', '0.0.bias']);
    expect(selectParameters(nested, 1)).toEqual(['0.0.kernel', '0.0.bias']);
    m.dispose();
    nested.dispose();
  });

  it('an unknown name lists the three closest; depth out of range; an empty selection; a bad kind; all before any tensor is made', () => {
    const m = smallCnn();
    expectNoLeak(() => {
      expect(() => selectParameters(m, '0.kernal')).toThrow("selectParameters: no layer or parameter named '0.kernal'; the closest are '0.kernel', '4.kernel', '10.kernel'");
      expect(() => selectParameters(m, ['4', '14'])).toThrow(RangeError);
      expect(() => selectParameters(m, 0)).toThrow('selectParameters: a depth must be an integer in [1, 14] (the model\'s top-level units), got 0');
      expect(() => selectParameters(m, 2.5)).toThrow(/a depth must be an integer in \[1, 14\]/);
      expect(() => selectParameters(m, /nothing/)).toThrow('selectParameters: /nothing/ selects no parameter');
      expect(() => selectParameters(m, { a: 1 } as never)).toThrow(TypeError);
      expect(() => selectParameters({} as never, 1)).toThrow('selectParameters: model must be a @dl/layers Module');
    });
    m.dispose();
  });
});

describe('parameterBlocks', () => {
  it("default 'children': each child with parameters, a batch norm joining the layer before (dl-train's cnn: [0, 1] [4, 5] [10] [13])", () => {
    const m = smallCnn();
    expect(parameterBlocks(m).map((b) => [...new Set(b.map((n) => n.split('.')[0]))])).toEqual([['0', '1'], ['4', '5'], ['10'], ['13']]);
    const mlp = bnMlp();
    expect(parameterBlocks(mlp)).toEqual([['0.kernel', '0.bias', '1.gamma', '1.beta'], ['3.kernel', '3.bias'], ['5.kernel', '5.bias']]);
    m.dispose();
    mlp.dispose();
  });

  it("a RegExp groups by the first match (timm's group_matcher), unmatched names are the head, last", () => {
    const m = smallCnn();
    const blocks = parameterBlocks(m, { blocks: /^(0|1|4|5)\./ });
    expect(blocks).toEqual([['0.kernel', '0.bias'], ['1.gamma', '1.beta'], ['4.kernel', '4.bias'], ['5.gamma', '5.beta'], ['10.kernel', '10.bias', '13.kernel', '13.bias']]);
    m.dispose();
  });

  it('explicit blocks: every parameter in exactly one', () => {
    const m = bnMlp();
    expect(parameterBlocks(m, { blocks: [2, ['3', '5']] })).toEqual([['0.kernel', '0.bias', '1.gamma', '1.beta'], ['3.kernel', '3.bias', '5.kernel', '5.bias']]);
    expect(() => parameterBlocks(m, { blocks: [2, '3'] })).toThrow("parameterBlocks: blocks leave out '5.kernel', '5.bias'; every parameter must be in one block");
    expect(() => parameterBlocks(m, { blocks: [2, 1] })).toThrow("parameterBlocks: '0.kernel' is in blocks[0] and blocks[1]");
    expect(() => parameterBlocks(m, { blocks: 'layers' as never })).toThrow(TypeError);
    m.dispose();
  });
});

void tf;
