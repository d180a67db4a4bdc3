import { describe, expect, it } from 'vitest';
import { estimateRate, pushSample, type RateSample } from '../../src/core/jobs';

describe('job rate and ETA', () => {
  it('is unknown until two samples span time and progress', () => {
    expect(estimateRate([], 10)).toEqual({ rate: null, etaSeconds: null });
    expect(estimateRate([{ t: 0, done: 0 }], 10)).toEqual({ rate: null, etaSeconds: null });
    expect(estimateRate([{ t: 0, done: 0 }, { t: 1000, done: 0 }], 10).rate).toBeNull();
  });

  it('measures items per second and the time left', () => {
    let s: RateSample[] = [];
    for (let i = 0; i <= 10; i++) s = pushSample(s, { t: i * 1000, done: i * 5 });
    const e = estimateRate(s, 100);
    expect(e.rate).toBeCloseTo(5);
    expect(e.etaSeconds).toBeCloseTo(10);
  });

  it('forgets samples older than the window so the rate follows a slowdown', () => {
    let s: RateSample[] = [];
    for (let i = 0; i <= 20; i++) s = pushSample(s, { t: i * 1000, done: i * 10 }, 5000);
    for (let i = 21; i <= 40; i++) s = pushSample(s, { t: i * 1000, done: 200 + (i - 20) }, 5000);
    expect(estimateRate(s, 1000).rate).toBeCloseTo(1, 0);
  });
});
