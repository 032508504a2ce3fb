/**
 * What each audit action means, in the reader's language (the raw code stays beside it: it is
 * what the API filters by). An action not listed shows its code.
 */
const VI: Record<string, string> = {
  'session.start': 'Đăng nhập',
  'session.refused': 'Đăng nhập sai',
  'session.second_factor_refused': 'Mã xác thực hai bước sai',
  'session.revoke': 'Đăng xuất một thiết bị',
  'password.change': 'Đổi mật khẩu',
  'password.change_refused': 'Đổi mật khẩu không thành',
  'totp.enable': 'Bật đăng nhập hai bước',
  'totp.disable': 'Tắt đăng nhập hai bước',
  'recovery.use': 'Dùng mã khôi phục',
  'recovery.regenerate': 'Tạo lại mã khôi phục',
  'task.assign': 'Giao việc',
  'task.deadline': 'Đổi hạn xử lý',
  'task.recipients': 'Đổi nơi nhận',
  'task.status.read': 'Đã xem việc',
  'task.status.in_progress': 'Bắt đầu thực hiện',
  'task.status.reported': 'Báo cáo kết quả',
  'task.status.completed': 'Xác nhận hoàn thành',
  'task.extension.request': 'Xin gia hạn',
  'task.extension.approved': 'Đồng ý gia hạn',
  'task.extension.rejected': 'Từ chối gia hạn',
  'write.refused': 'Thao tác bị từ chối',
  'dossier.register_request': 'Vào sổ văn bản',
  'dossier.register': 'Cấp số văn bản',
  'dossier.instruct': 'Ý kiến chỉ đạo',
  'dossier.information': 'Văn bản để biết',
  'dossier.submit': 'Trình duyệt văn bản',
  'dossier.approve': 'Duyệt văn bản',
  'dossier.sign': 'Ký văn bản',
  'dossier.return': 'Trả lại văn bản',
  'dossier.forward': 'Chuyển người duyệt',
  'dossier.issue': 'Phát hành văn bản',
  'dossier.edit': 'Sửa văn bản',
  'unit.create': 'Tạo trang danh bạ',
  'unit.facts': 'Sửa thông tin đơn vị',
  'unit.person': 'Sửa danh bạ cán bộ',
  'unit.division': 'Sửa phòng, ban',
  'unit.admin': 'Đổi người cập nhật danh bạ',
  'unit.role': 'Đổi vai trò trong đơn vị',
  'unit.key': 'Khóa ký số',
  'conv.create': 'Tạo cuộc trao đổi',
  'conv.members': 'Đổi thành viên trao đổi',
  'bulletin.publish': 'Đăng thông báo',
  'admin.account.create': 'Tạo tài khoản',
  'admin.account.import': 'Nhập tài khoản từ CSV',
  'admin.account.disable': 'Khóa tài khoản',
  'admin.account.enable': 'Mở khóa tài khoản',
  'admin.password.reset': 'Đặt lại mật khẩu',
  'admin.two_step.reset': 'Đặt lại đăng nhập hai bước',
  'admin.roles.set': 'Đổi vai trò',
  'admin.session.revoke': 'Đăng xuất thiết bị của người khác',
  'admin.unit.create': 'Tạo đơn vị',
  'admin.unit.rename': 'Đổi tên đơn vị',
  'admin.unit.merge': 'Sáp nhập đơn vị',
  'admin.division.create': 'Tạo phòng, ban',
  'admin.division.rename': 'Đổi tên phòng, ban',
  'admin.api_token.create': 'Tạo khóa API',
  'admin.api_token.revoke': 'Thu hồi khóa API',
  'audit.view': 'Xem nhật ký',
  'audit.purge': 'Xóa nhật ký quá hạn lưu',
};

const EN: Record<string, string> = {
  'session.start': 'Signed in',
  'session.refused': 'Failed sign-in',
  'session.second_factor_refused': 'Wrong two-step code',
  'session.revoke': 'Signed a device out',
  'password.change': 'Changed password',
  'totp.enable': 'Turned two-step sign-in on',
  'totp.disable': 'Turned two-step sign-in off',
  'recovery.use': 'Used a recovery code',
  'task.assign': 'Assigned a task',
  'task.deadline': 'Changed a deadline',
  'task.recipients': 'Changed recipients',
  'task.extension.request': 'Asked for an extension',
  'task.extension.approved': 'Approved an extension',
  'task.extension.rejected': 'Refused an extension',
  'write.refused': 'Refused change',
  'admin.account.create': 'Created an account',
  'admin.account.import': 'Imported accounts (CSV)',
  'admin.account.disable': 'Locked an account',
  'admin.account.enable': 'Unlocked an account',
  'admin.password.reset': 'Reset a password',
  'admin.two_step.reset': 'Reset two-step sign-in',
  'admin.roles.set': 'Changed roles',
  'admin.unit.merge': 'Merged a unit',
  'audit.view': 'Read the audit log',
  'audit.purge': 'Deleted expired log lines',
};

/** The action's name for a reader, or null when only its code is known. */
export function actionLabel(action: string, language: string): string | null {
  const table = language.startsWith('en') ? EN : VI;
  if (table[action]) return table[action] as string;
  if (action.startsWith('api.')) return language.startsWith('en') ? 'Integration API' : 'Hệ thống tích hợp';
  return null;
}

/** A detail cut to `max` characters for the table; the CSV keeps it whole. */
export function shortDetail(detail: string, max = 160): string {
  return detail.length > max ? `${detail.slice(0, max - 1)}…` : detail;
}
