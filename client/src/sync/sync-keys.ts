/**
 * Where the sync cursor is kept (`meta`). It is saved only once every doc of a manifest is
 * stored, so its presence means this device has completed a sync at least once.
 */
export const CURSOR_KEY = 'syncCursor';
