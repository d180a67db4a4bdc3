import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { AFTER_HOVER_MS, countdown } from '../../src/renderer/app/countdown';

describe('notification countdown', () => {
  beforeEach(() => vi.useFakeTimers());
  afterEach(() => vi.useRealTimers());

  it('runs its time, not counting pauses, and goes on with what was left', () => {
    const done = vi.fn();
    const c = countdown(5000, done);
    c.run();
    vi.advanceTimersByTime(3000);
    c.pause();
    vi.advanceTimersByTime(60_000);
    expect(done).not.toHaveBeenCalled();
    c.run();
    vi.advanceTimersByTime(1999);
    expect(done).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(done).toHaveBeenCalledTimes(1);
    c.run();
    vi.advanceTimersByTime(10_000);
    expect(done).toHaveBeenCalledTimes(1);
  });

  it('leaves a moment to read after the pointer leaves, and stops for good', () => {
    const done = vi.fn();
    const c = countdown(2000, done);
    c.run();
    c.run();
    vi.advanceTimersByTime(1900);
    c.pause();
    c.run();
    vi.advanceTimersByTime(AFTER_HOVER_MS - 1);
    expect(done).not.toHaveBeenCalled();
    vi.advanceTimersByTime(1);
    expect(done).toHaveBeenCalledTimes(1);
    const stopped = countdown(1000, done);
    stopped.run();
    stopped.stop();
    stopped.run();
    vi.advanceTimersByTime(5000);
    expect(done).toHaveBeenCalledTimes(1);
  });
});
