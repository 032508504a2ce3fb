import { foldVietnamese } from '../text/fold.ts';
import { phoneDigits, queryTerms, splitWords } from './query-terms.ts';

/**
 * An in-memory word index for the directory (docs/design.md §6): every official of the city is
 * found per keystroke, typed with or without diacritics (đ → d), words in any order, each word
 * possibly unfinished. DOM-free, so the same code runs in the browser, the relay and the bench.
 *
 * Entries are indexed in the order given, and results keep that order within a tier: the
 * caller sorts entries the way a list should read (leaders first, then by name). Within a tier,
 * entries whose context (position, unit) holds more of the typed words come first: "pho chu tich
 * ben thanh" lists the deputies of Phường Bến Thành before a deputy elsewhere named Thành.
 */
export interface SearchEntry {
  /** Texts whose words are searched: name, position, unit name... */
  readonly texts: readonly string[];
  /** A text that, typed in full, puts the entry in the first tier (a person's full name). */
  readonly exact?: string;
  /** Phone numbers, searched by their leading digits with or without spaces. */
  readonly phones?: readonly string[];
  /** Texts searched like `texts` whose matches rank higher: what the entry *is* (position, unit). */
  readonly context?: readonly string[];
}

/** How a result matched, best first. */
const TIER = { exact: 0, words: 1, prefixes: 2 } as const;

export interface SearchResult {
  /** Indices of the matching entries, best tier first, entry order within a tier. */
  readonly indices: Int32Array;
  /** How many results are in the first tiers (exact, whole words) — for tests and UI hints. */
  readonly exactCount: number;
  readonly wordCount: number;
}

const EMPTY: SearchResult = { indices: new Int32Array(0), exactCount: 0, wordCount: 0 };

export class SearchIndex {
  /** The distinct folded words, sorted, so that every word with a given prefix is one range. */
  readonly #words: string[];
  /** Postings of word i: entry indices `#postings[#offsets[i] .. #offsets[i + 1]]`. */
  readonly #offsets: Int32Array;
  readonly #postings: Int32Array;
  readonly #exact: (string | undefined)[];
  readonly #size: number;
  // Scratch arrays reused by every query: how many terms an entry has matched, and how well.
  readonly #matched: Uint8Array;
  readonly #whole: Uint16Array;
  readonly #seen: Uint32Array;
  /** Per entry: how many typed words it matched in its context, and the term last counted there. */
  readonly #context: Uint8Array;
  readonly #contextSeen: Uint32Array;
  #generation = 0;

  constructor(entries: readonly SearchEntry[]) {
    this.#size = entries.length;
    const folded = new Map<string, string[]>();
    const wordsOf = (text: string): string[] => {
      let words = folded.get(text);
      if (!words) {
        words = splitWords(foldVietnamese(text));
        // Names repeat (positions, units): folding each once keeps building fast.
        if (folded.size < 100_000) folded.set(text, words);
      }
      return words;
    };
    // A posting is `entry * 2 + 1` where the word is in the entry's context, `entry * 2` otherwise.
    const postings = new Map<string, number[]>();
    this.#exact = new Array(entries.length);
    entries.forEach((entry, index) => {
      const mine = new Map<string, number>();
      for (const text of entry.texts) for (const word of wordsOf(text)) if (!mine.has(word)) mine.set(word, 0);
      for (const text of entry.context ?? []) for (const word of wordsOf(text)) mine.set(word, 1);
      for (const phone of entry.phones ?? []) {
        const digits = phoneDigits(phone);
        if (digits && !mine.has(digits)) mine.set(digits, 0);
      }
      for (const [word, context] of mine) {
        const code = index * 2 + context;
        const list = postings.get(word);
        if (list) list.push(code);
        else postings.set(word, [code]);
      }
      if (entry.exact !== undefined) this.#exact[index] = wordsOf(entry.exact).join(' ');
    });
    this.#words = [...postings.keys()].sort();
    this.#offsets = new Int32Array(this.#words.length + 1);
    let total = 0;
    this.#words.forEach((word, i) => {
      this.#offsets[i] = total;
      total += (postings.get(word) as number[]).length;
    });
    this.#offsets[this.#words.length] = total;
    this.#postings = new Int32Array(total);
    this.#words.forEach((word, i) => {
      this.#postings.set(postings.get(word) as number[], this.#offsets[i] as number);
    });
    this.#matched = new Uint8Array(entries.length);
    this.#whole = new Uint16Array(entries.length);
    this.#seen = new Uint32Array(entries.length);
    this.#context = new Uint8Array(entries.length);
    this.#contextSeen = new Uint32Array(entries.length);
  }

  /** Every entry having, for each typed word, a word that starts with it (each typed word counted once). */
  search(query: string): SearchResult {
    const terms = queryTerms(query);
    if (terms.length === 0 || terms.length > 200) return EMPTY;
    const matched = this.#matched;
    const whole = this.#whole;
    const context = this.#context;
    matched.fill(0);
    whole.fill(0);
    context.fill(0);
    for (let t = 0; t < terms.length; t++) {
      const term = terms[t] as string;
      const generation = ++this.#generation;
      let lo = lowerBound(this.#words, term);
      // The whole word, when present, sorts first among the words it prefixes.
      let isWhole = this.#words[lo] === term;
      for (; lo < this.#words.length && (this.#words[lo] as string).startsWith(term); lo++, isWhole = false) {
        const end = this.#offsets[lo + 1] as number;
        for (let k = this.#offsets[lo] as number; k < end; k++) {
          const code = this.#postings[k] as number;
          const entry = code >>> 1;
          if (this.#seen[entry] !== generation) {
            if (matched[entry] !== t) continue;
            this.#seen[entry] = generation;
            matched[entry] = t + 1;
            if (isWhole) whole[entry] = (whole[entry] as number) + 1;
          }
          // The term counts once per entry in its context, whichever of its words matched there.
          if ((code & 1) === 1 && this.#contextSeen[entry] !== generation) {
            this.#contextSeen[entry] = generation;
            context[entry] = (context[entry] as number) + 1;
          }
        }
      }
    }
    return this.#rank(splitWords(foldVietnamese(query)).join(' '), terms.length);
  }

  #rank(typed: string, count: number): SearchResult {
    // Two passes over typed arrays instead of growing lists: no garbage per keystroke. Buckets:
    // tier first, then more context words first (count - hits), entry order within a bucket.
    const span = count + 1;
    const sizes = new Int32Array(3 * span);
    const tiers = [0, 0, 0];
    for (let i = 0; i < this.#size; i++) {
      if (this.#matched[i] !== count) continue;
      const tier = this.#exact[i] === typed ? TIER.exact : this.#whole[i] === count ? TIER.words : TIER.prefixes;
      const bucket = tier * span + (count - Math.min(count, this.#context[i] as number));
      this.#matched[i] = 255;
      this.#whole[i] = bucket;
      sizes[bucket] = (sizes[bucket] as number) + 1;
      tiers[tier] = (tiers[tier] as number) + 1;
    }
    const next = new Int32Array(3 * span);
    let total = 0;
    for (let b = 0; b < sizes.length; b++) {
      next[b] = total;
      total += sizes[b] as number;
    }
    const indices = new Int32Array(total);
    for (let i = 0; i < this.#size; i++) {
      if (this.#matched[i] !== 255) continue;
      const bucket = this.#whole[i] as number;
      indices[next[bucket] as number] = i;
      next[bucket] = (next[bucket] as number) + 1;
    }
    return { indices, exactCount: tiers[0] as number, wordCount: tiers[1] as number };
  }
}

function lowerBound(words: readonly string[], term: string): number {
  let lo = 0;
  let hi = words.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if ((words[mid] as string) < term) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
