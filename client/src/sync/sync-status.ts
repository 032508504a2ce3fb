export type Connectivity = 'offline' | 'connecting' | 'syncing' | 'synced' | 'signed_out';

/** What the global sync indicator shows; produced by the sync client, never guessed. */
export interface SyncStatus {
  readonly connectivity: Connectivity;
  /** Local changes not yet acknowledged as stored by the server. */
  readonly pending: number;
  readonly lastSyncedAt: number | null;
  /** The last write the server refused, with its reason, for the user to see. */
  readonly refusal: { readonly docId: string; readonly message: string } | null;
}

export const INITIAL_STATUS: SyncStatus = { connectivity: 'offline', pending: 0, lastSyncedAt: null, refusal: null };
