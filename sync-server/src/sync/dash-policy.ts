import { DOC_LAYOUTS, type Principal, readDashboard, unitPrincipal } from '@thongsuot/shared';
import type * as Y from 'yjs';
import type { DocPolicy } from './doc-policies.ts';

/** What the relay keeps of a unit's figures doc: whose it is. */
interface DashHead {
  readonly unitId: string;
}

const WRITTEN_BY_RELAY = 'Số liệu tổng hợp do máy chủ tính và ghi; không ai sửa được.';

/**
 * A unit's figures (`dash/<unitId>`, docs/design.md §14): read by the unit's members — exactly who
 * may read the tasks it counts as the issuer side or recipient — and written by the relay alone
 * (DashboardService through DocShard.publishDash). Every person's write is refused.
 */
export const dashPolicy: DocPolicy<DashHead> = {
  layout: DOC_LAYOUTS.dash ?? { roots: {} },
  project(doc: Y.Doc) {
    const dash = readDashboard(doc);
    return dash ? { unitId: dash.unitId } : null;
  },
  mayWrite: () => false,
  check: () => ({ ok: false, code: 'forbidden', message: WRITTEN_BY_RELAY }),
  matchesId: (head, id) => head.unitId === id,
  projection: (head) => ({ readers: [unitPrincipal(head.unitId)] as Principal[] }),
  audit: () => [],
};
