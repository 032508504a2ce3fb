import fc from 'fast-check';
import i18next from 'i18next';
import { describe, expect, it } from 'vitest';
import { seedPluralRules, simplePluralRules } from './plural-rules.ts';

describe('plural rules without Intl.PluralRules', () => {
  it.each(['vi', 'en'] as const)('%s: the same category as Intl for any number', (language) => {
    const intl = new Intl.PluralRules(language);
    const ours = simplePluralRules(language);
    expect(ours.resolvedOptions().pluralCategories).toEqual(intl.resolvedOptions().pluralCategories);
    const counts = fc.oneof(
      fc.integer({ min: -1_000_000, max: 1_000_000 }),
      fc.constantFrom(0, 1, -1, 2, 1.5, 0.5, 1.0001, 0.9999, 1e21),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }),
    );
    fc.assert(
      fc.property(counts, (count) => {
        expect(ours.select(count)).toBe(intl.select(count));
      }),
      { numRuns: 3000, seed: 20261201 },
    );
  });

  it('i18next uses them once seeded: the forms it picks are the same', async () => {
    const instance = i18next.createInstance();
    await instance.init({
      lng: 'en',
      resources: {
        en: { translation: { people_one: '{{count}} person', people_other: '{{count}} people' } },
        vi: { translation: { people_other: '{{count}} cán bộ' } },
      },
    });
    seedPluralRules(instance);
    const cache = (instance.services as unknown as { pluralResolver: { pluralRulesCache: Record<string, unknown> } })
      .pluralResolver.pluralRulesCache;
    expect(cache[JSON.stringify({ cleanedCode: 'en', type: 'cardinal' })]).toBeDefined();
    expect(instance.t('people', { count: 1 })).toBe('1 person');
    expect(instance.t('people', { count: 2 })).toBe('2 people');
    expect(instance.t('people', { count: 0 })).toBe('0 people');
    await instance.changeLanguage('vi');
    expect(instance.t('people', { count: 1 })).toBe('1 cán bộ');
    // The seeded rules are the ones answering (not rules i18next built itself).
    expect(instance.services.pluralResolver.getRule('en')).toBe(
      cache[JSON.stringify({ cleanedCode: 'en', type: 'cardinal' })],
    );
  });
});
