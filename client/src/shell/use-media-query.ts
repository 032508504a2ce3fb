import { useCallback, useSyncExternalStore } from 'react';

/** Wide enough for a table of many columns beside the side bar (styles.css starts it at 760 px). */
export const WIDE_SCREEN = '(min-width: 960px)';

function subscribe(query: string, onChange: () => void): () => void {
  if (typeof window === 'undefined' || !window.matchMedia) return () => {};
  const list = window.matchMedia(query);
  list.addEventListener('change', onChange);
  return () => list.removeEventListener('change', onChange);
}

/** Whether the media query matches now; follows a rotated phone or a resized window. */
export function useMediaQuery(query: string): boolean {
  const onQuery = useCallback((onChange: () => void) => subscribe(query, onChange), [query]);
  return useSyncExternalStore(
    onQuery,
    () => typeof window !== 'undefined' && window.matchMedia !== undefined && window.matchMedia(query).matches,
    () => false,
  );
}
