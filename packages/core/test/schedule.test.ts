import { describe, expect, it } from 'vitest';
import { scheduleValue } from '@dl/core';

describe('scheduleValue', () => {
  it('returns numbers as they are and evaluates schedules at the step', () => {
    expect(scheduleValue(0.1, 5)).toBe(0.1);
    expect(scheduleValue((t) => 1 / (t + 1), 3)).toBe(0.25);
  });

  it('names the option when a schedule returns something that is not a number', () => {
    expect(() => scheduleValue(() => Number.NaN, 2, 'sgd: lr')).toThrow(/sgd: lr must be a number or a schedule returning numbers, got NaN at step 2/);
    expect(() => scheduleValue('x' as never, 0, 'adam: lr')).toThrow(/adam: lr must be a number/);
  });
});
