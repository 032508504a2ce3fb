import type { ErrorCode } from '@thongsuot/shared';

/** What the relay says of a write it refuses for now: each is retryable, the device keeps the write. */
export const RESTARTING = 'Máy chủ đang khởi động lại; thay đổi vẫn được giữ trên thiết bị và sẽ tự gửi lại.';
export const STORAGE_FAILED = 'Máy chủ chưa lưu được thay đổi; thay đổi sẽ được tự động gửi lại.';
/** Another node committed to the doc meanwhile, even after checking again (copy-basis.ts). */
export const CHANGED_ELSEWHERE = 'Dữ liệu vừa được thay đổi trên máy chủ khác; thay đổi sẽ được kiểm tra và gửi lại.';

export const refused = (code: ErrorCode, message: string) => ({ ok: false, code, message }) as const;
