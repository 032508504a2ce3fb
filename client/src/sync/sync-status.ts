export type Connectivity = 'offline' | 'connecting' | 'syncing' | 'synced' | 'signed_out';

/** What the global sync indicator shows; produced by the sync client, never guessed. */
export interface SyncStatus {
  readonly connectivity: Connectivity;
  /** Local changes not yet acknowledged as stored by the server. */
  readonly pending: number;
  readonly lastSyncedAt: number | null;
  /** The last write the server refused, with its reason, for the user to see. */
  readonly refusal: { readonly docId: string; readonly message: string } | null;
  /**
   * The server could not take a change just now (its disk is full, it is overloaded, the change
   * took too long): the change stays on this device and is sent again by itself.
   */
  readonly delayed: DelayReason | null;
  /**
   * While the docs a manifest listed are arriving: how many have, of how many. Null otherwise.
   * A new device's first sync shows it, so an empty inbox never reads as "no work" meanwhile.
   */
  readonly progress: { readonly received: number; readonly total: number } | null;
}

export type DelayReason = 'storage_failed' | 'rate_limited' | 'timeout' | 'awaiting_key';

export const INITIAL_STATUS: SyncStatus = {
  connectivity: 'offline',
  pending: 0,
  lastSyncedAt: null,
  refusal: null,
  delayed: null,
  progress: null,
};
