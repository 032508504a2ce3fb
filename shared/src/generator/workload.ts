import type { GeneratedDoc } from './actor.ts';
import { type GeneratedCity, generateCity } from './city.ts';
import { CityIndex } from './city-index.ts';
import { generateConversations } from './conversations.ts';
import { generateBulletins, generateUnitPages } from './directory.ts';
import { Random } from './prng.ts';
import { type GeneratedTask, generateTasks } from './tasks.ts';

/**
 * The whole generated city as documents: directory pages, bulletins, tasks and conversations,
 * streamed one document at a time so 20,000 tasks never sit in memory at once. Pure: no I/O,
 * time and randomness come from the options.
 */
export interface WorkloadOptions {
  readonly seed: number | string;
  readonly officials: number;
  readonly tasks: number;
  /** Defaults to a quarter of the tasks. */
  readonly conversations?: number;
  /** "Now" of the generated history, ms since the epoch. */
  readonly now: number;
}

/** 2026-01-15 09:00 in Ho Chi Minh City: the default "now" for seeds and benchmarks. */
export const DEFAULT_NOW = Date.UTC(2026, 0, 15, 2, 0, 0);

export function* generateWorkload(city: GeneratedCity, options: WorkloadOptions): Generator<GeneratedDoc> {
  const index = new CityIndex(city);
  const root = new Random(options.seed);
  yield* generateUnitPages(index, options.now);
  yield* generateBulletins(index, root.fork('bulletins'), options.now);
  const cases: GeneratedTask[] = [];
  const pickCases = root.fork('cases');
  for (const task of generateTasks(index, root.fork('tasks'), { tasks: options.tasks, now: options.now })) {
    if (pickCases.chance(0.05)) cases.push(task);
    yield task;
  }
  const conversations = options.conversations ?? Math.round(options.tasks / 4);
  yield* generateConversations(index, root.fork('conversations'), cases, { conversations, now: options.now });
}

/** The city and its documents from one set of options. */
export function generateCityWithWorkload(options: WorkloadOptions): {
  city: GeneratedCity;
  docs: Generator<GeneratedDoc>;
} {
  const city = generateCity({ seed: options.seed, officials: options.officials });
  return { city, docs: generateWorkload(city, options) };
}
