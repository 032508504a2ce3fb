import type { i18n } from 'i18next';

type Category = 'one' | 'other';

/**
 * Plural rules for the app's two languages, given to i18next in place of `Intl.PluralRules`:
 * building that object on the first count a screen shows blocked a slowed phone's main thread
 * ~80–110 ms (docs/design.md §19). Vietnamese has one form; English has "one" for 1. A count that
 * is not a whole number (none in the app) goes to Intl's own rule, so the answer is always Intl's.
 * `plural-rules.test.ts` checks them against Intl.
 */
class SimplePluralRules {
  #intl: Intl.PluralRules | undefined;

  constructor(readonly language: 'vi' | 'en') {}

  select(count: number): Category | Intl.LDMLPluralRule {
    if (!Number.isInteger(count)) {
      this.#intl ??= new Intl.PluralRules(this.language);
      return this.#intl.select(count);
    }
    return this.language === 'en' && Math.abs(count) === 1 ? 'one' : 'other';
  }

  resolvedOptions(): { locale: string; type: 'cardinal'; pluralCategories: Category[] } {
    return {
      locale: this.language,
      type: 'cardinal',
      pluralCategories: this.language === 'en' ? ['one', 'other'] : ['other'],
    };
  }
}

export function simplePluralRules(language: 'vi' | 'en'): Pick<Intl.PluralRules, 'select'> & {
  resolvedOptions(): { pluralCategories: string[] };
} {
  return new SimplePluralRules(language);
}

/**
 * Seeds i18next's cache of plural rules (its PluralResolver keeps one per language and type).
 * Where the cache is not what this expects (another i18next), nothing changes: i18next then
 * builds Intl's rules itself, which answer the same.
 */
export function seedPluralRules(instance: i18n): void {
  const resolver = (instance.services as { pluralResolver?: { pluralRulesCache?: Record<string, unknown> } })
    .pluralResolver;
  const cache = resolver?.pluralRulesCache;
  if (!cache || typeof cache !== 'object') return;
  for (const language of ['vi', 'en'] as const) {
    cache[JSON.stringify({ cleanedCode: language, type: 'cardinal' })] = simplePluralRules(language);
  }
}
