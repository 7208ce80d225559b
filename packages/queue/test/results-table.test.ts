import { describe, expect, it } from 'vitest';
import type { TrialRecord } from '@dl/train';
import { resultsTable } from '../src/node.js';

const trials: TrialRecord<{ lr: number; opt: string }>[] = [
  { index: 0, retry: 0, params: { lr: 3, opt: 'sgd' }, score: Number.NaN, diverged: true, outcome: { score: Number.NaN }, status: 'diverged', epochs: 2, worker: 'a' },
  { index: 0, retry: 1, params: { lr: 1, opt: 'sgd' }, score: 0.25, diverged: false, outcome: { score: 0.25 }, status: 'done', epochs: 9, worker: 'b' },
  { index: 1, retry: 0, params: { lr: 0.1, opt: 'a,"b"' }, score: 0.5, diverged: false, outcome: { score: 0.5 }, status: 'stopped', epochs: 1, worker: 'a' },
];

describe('resultsTable', () => {
  it('gives trial, parameters, best metric, epochs, worker and status as rows, JSON and CSV', () => {
    const t = resultsTable(trials, { metric: 'valLoss' });
    expect(t.rows[1]).toEqual({ trial: '0:1', lr: 1, opt: 'sgd', valLoss: 0.25, epochs: 9, worker: 'b', status: 'done' });
    expect(t.rows[0]!.valLoss).toBeNull();
    expect(JSON.parse(t.json)).toEqual(t.rows);
    expect(t.csv.split('\n')).toEqual(['trial,lr,opt,valLoss,epochs,worker,status', '0:0,3,sgd,,2,a,diverged', '0:1,1,sgd,0.25,9,b,done', '1:0,0.1,"a,""b""",0.5,1,a,stopped', '']);
    expect(() => resultsTable('x' as never)).toThrow(/resultsTable: trials must be search's trials array/);
  });
});
