import { type AwarenessEntry, readAwarenessPayload, writeAwarenessPayload } from '@thongsuot/shared';

const MAX_STATE_CHARS = 4096;

export type AwarenessVerdict =
  | { readonly ok: true; readonly payload: Uint8Array }
  | { readonly ok: false; readonly message: string };

/**
 * Restricts awareness to the sender's own client id (docs/design.md §4): a connection's first
 * awareness update for a doc claims one client id, which no other connection may use for that
 * doc; every later update must carry exactly that id. Shared by every connection of the node.
 */
export class AwarenessGuard {
  /** docId -> clientId -> connection id. */
  readonly #claims = new Map<string, Map<number, string>>();
  /** connection id -> docId -> { clientId, clock }. */
  readonly #own = new Map<string, Map<string, { clientId: number; clock: number }>>();

  check(connectionId: string, docId: string, payload: Uint8Array): AwarenessVerdict {
    let entries: AwarenessEntry[];
    try {
      entries = readAwarenessPayload(payload, 1);
    } catch (error) {
      return { ok: false, message: `Cập nhật trạng thái hiện diện không đúng định dạng (${String(error)}).` };
    }
    const entry = entries[0];
    if (!entry)
      return { ok: false, message: 'Cập nhật trạng thái hiện diện phải chứa đúng một trạng thái, là của chính bạn.' };
    if (entry.stateJson.length > MAX_STATE_CHARS) return { ok: false, message: 'Trạng thái hiện diện quá lớn.' };
    const mine = this.#own.get(connectionId)?.get(docId);
    if (mine && mine.clientId !== entry.clientId) {
      return { ok: false, message: 'Trạng thái hiện diện chỉ được mô tả máy khách của chính bạn.' };
    }
    const holder = this.#claims.get(docId)?.get(entry.clientId);
    if (holder !== undefined && holder !== connectionId) {
      return { ok: false, message: 'Mã máy khách này thuộc về một kết nối khác.' };
    }
    if (!mine) {
      let claims = this.#claims.get(docId);
      if (!claims) {
        claims = new Map();
        this.#claims.set(docId, claims);
      }
      claims.set(entry.clientId, connectionId);
      let own = this.#own.get(connectionId);
      if (!own) {
        own = new Map();
        this.#own.set(connectionId, own);
      }
      own.set(docId, { clientId: entry.clientId, clock: entry.clock });
    } else {
      mine.clock = Math.max(mine.clock, entry.clock);
    }
    return { ok: true, payload };
  }

  /** Releases the connection's claim on a doc (or all docs) and returns the "gone" updates to relay. */
  release(connectionId: string, docId?: string): { docId: string; payload: Uint8Array }[] {
    const own = this.#own.get(connectionId);
    if (!own) return [];
    const gone: { docId: string; payload: Uint8Array }[] = [];
    for (const [id, claim] of own) {
      if (docId !== undefined && id !== docId) continue;
      own.delete(id);
      const claims = this.#claims.get(id);
      claims?.delete(claim.clientId);
      if (claims?.size === 0) this.#claims.delete(id);
      gone.push({
        docId: id,
        payload: writeAwarenessPayload([{ clientId: claim.clientId, clock: claim.clock + 1, stateJson: 'null' }]),
      });
    }
    if (own.size === 0) this.#own.delete(connectionId);
    return gone;
  }
}
