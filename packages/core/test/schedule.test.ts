import { describe, expect, it } from 'vitest';
import { scaleSchedule, scheduleValue, shiftSchedule, withScaled } from '@dl/core';
import type { ScalableSchedule } from '@dl/core';

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

describe('scaleSchedule', () => {
  it('multiplies numbers and plain schedules, and leaves factor 1 alone', () => {
    expect(scaleSchedule(0.1, 0.5)).toBe(0.05);
    const s = (t: number) => 1 / (t + 1);
    expect(scaleSchedule(s, 1)).toBe(s);
    const half = scaleSchedule(s, 0.5) as ScalableSchedule;
    expect(half(1)).toBe(0.25);
    // scaling a scaled schedule composes the factors
    expect((scaleSchedule(half, 4) as ScalableSchedule)(1)).toBe(1);
  });

  it("uses a schedule's own scaled() when it has one (absolute floors stay absolute)", () => {
    const make = (lr: number): ScalableSchedule => withScaled((t) => 0.001 + (lr - 0.001) / (t + 1), (f) => make(lr * f));
    const s = make(0.1);
    expect((scaleSchedule(s, 0.1) as ScalableSchedule)(0)).toBeCloseTo(0.01, 15);
    expect((scaleSchedule(s, 0.1) as ScalableSchedule)(1e9)).toBeCloseTo(0.001, 8);
  });

  it('rejects factors that are not finite and positive', () => {
    expect(() => scaleSchedule(0.1, -1)).toThrow(/scaleSchedule: factor must be a finite number >= 0, got -1/);
    expect(scaleSchedule(0.1, 0)).toBe(0); // a group at lr 0 stays there
    expect(() => scaleSchedule(0.1, Number.NaN)).toThrow(/factor must be/);
  });
});

describe('shiftSchedule', () => {
  it('starts a schedule later and keeps it scalable', () => {
    const s = (t: number) => t;
    const shifted = shiftSchedule(s, 3) as ScalableSchedule;
    expect([3, 4, 10].map(shifted)).toEqual([0, 1, 7]);
    expect((scaleSchedule(shifted, 2) as ScalableSchedule)(5)).toBe(4);
    expect(shiftSchedule(0.1, 3)).toBe(0.1);
    expect(() => shiftSchedule(s, 1.5)).toThrow(/offset must be an integer/);
  });
});
