import { afterEach, describe, expect, it, vi } from 'vitest';
import { afterFirstScreen, firstScreenShown } from './first-screen.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('afterFirstScreen', () => {
  it('does not wait when the app opened on another page than the inbox', async () => {
    await expect(afterFirstScreen('/tasks/new')).resolves.toBeUndefined();
  });

  it('waits at most a second for the inbox', async () => {
    vi.useFakeTimers();
    let done = false;
    void afterFirstScreen('/').then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('starts the rest once the inbox has rendered, and at once afterwards', async () => {
    let done = false;
    void afterFirstScreen('/').then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    firstScreenShown();
    await Promise.resolve();
    expect(done).toBe(true);
    await expect(afterFirstScreen('/')).resolves.toBeUndefined();
  });
});
