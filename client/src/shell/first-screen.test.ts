import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FirstScreen } from './first-screen.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('afterFirstScreen', () => {
  // A fresh start for each test, so no test depends on another having run.
  let screen: FirstScreen;
  beforeEach(() => {
    screen = new FirstScreen();
  });

  it('does not wait when the app opened on another page than the inbox', async () => {
    await expect(screen.after('/tasks/new')).resolves.toBeUndefined();
  });

  it('waits at most a second for the inbox', async () => {
    vi.useFakeTimers();
    let done = false;
    void screen.after('/').then(() => {
      done = true;
    });
    await vi.advanceTimersByTimeAsync(999);
    expect(done).toBe(false);
    await vi.advanceTimersByTimeAsync(1);
    expect(done).toBe(true);
  });

  it('starts the rest once the inbox has rendered, and at once afterwards', async () => {
    let done = false;
    void screen.after('/').then(() => {
      done = true;
    });
    await Promise.resolve();
    expect(done).toBe(false);
    screen.shown();
    await Promise.resolve();
    expect(done).toBe(true);
    await expect(screen.after('/')).resolves.toBeUndefined();
  });
});
