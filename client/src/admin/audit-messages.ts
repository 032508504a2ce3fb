import i18next from 'i18next';

const vi = {
  title: 'Nhật ký hệ thống',
  retention: 'Nhật ký được lưu {{days}} ngày; dòng cũ hơn được xóa tự động.',
  offline: 'Cần kết nối mạng để xem nhật ký hệ thống.',
  person: 'Người thực hiện (tên đăng nhập)',
  unit: 'Đơn vị',
  anyUnit: 'Mọi đơn vị',
  doc: 'Mã dữ liệu (ví dụ task/…)',
  action: 'Loại thao tác',
  from: 'Từ ngày',
  to: 'Đến ngày',
  search: 'Lọc',
  showFilter: 'Bộ lọc',
  hideFilter: 'Ẩn bộ lọc',
  more: 'Xem thêm',
  loading: 'Đang tải…',
  empty: 'Không có dòng nhật ký nào khớp bộ lọc.',
  failed: 'Không tải được nhật ký: {{reason}}',
  exportCsv: 'Xuất CSV',
  exporting: 'Đang xuất {{count}} dòng…',
  exportCapped: 'Chỉ xuất {{count}} dòng mới nhất; hãy thu hẹp bộ lọc.',
  system: 'Hệ thống',
  triedAccount: 'Tài khoản bị thử',
  shown: 'Đang hiện {{count}} dòng',
  families: {
    all: 'Tất cả',
    'session.': 'Đăng nhập, đăng xuất',
    'session.refused': 'Đăng nhập sai',
    'task.': 'Giao việc, tiến độ, gia hạn',
    'dossier.': 'Văn bản: trình, duyệt, ký, phát hành',
    'write.refused': 'Thao tác bị từ chối',
    'admin.': 'Thao tác quản trị',
    'api.': 'Hệ thống tích hợp',
    'audit.': 'Xem nhật ký',
  },
  columns: {
    at: 'Thời gian',
    person: 'Người thực hiện',
    unit: 'Đơn vị',
    action: 'Thao tác',
    doc: 'Dữ liệu',
    detail: 'Chi tiết',
  },
};

const en: typeof vi = {
  title: 'Audit log',
  retention: 'The log is kept for {{days}} days; older lines are deleted automatically.',
  offline: 'The audit log needs a network connection.',
  person: 'Person (username)',
  unit: 'Unit',
  anyUnit: 'Any unit',
  doc: 'Data id (e.g. task/…)',
  action: 'Kind of action',
  from: 'From',
  to: 'To',
  search: 'Filter',
  showFilter: 'Filters',
  hideFilter: 'Hide filters',
  more: 'Show more',
  loading: 'Loading…',
  empty: 'No log lines match the filter.',
  failed: 'Could not load the log: {{reason}}',
  exportCsv: 'Export CSV',
  exporting: 'Exporting {{count}} lines…',
  exportCapped: 'Only the newest {{count}} lines were exported; narrow the filter.',
  system: 'System',
  triedAccount: 'Account tried',
  shown: 'Showing {{count}} lines',
  families: {
    all: 'All',
    'session.': 'Sign-ins and sign-outs',
    'session.refused': 'Failed sign-ins',
    'task.': 'Assignments, progress, extensions',
    'dossier.': 'Documents: submit, approve, sign, issue',
    'write.refused': 'Refused changes',
    'admin.': 'Administration',
    'api.': 'Integration API',
    'audit.': 'Log views',
  },
  columns: { at: 'Time', person: 'Person', unit: 'Unit', action: 'Action', doc: 'Data', detail: 'Detail' },
};

export const ACTION_FAMILIES = Object.keys(vi.families).filter((k) => k !== 'all');

/** The audit viewer's words, under `audit.*`, added with the console's chunk. */
export function addAuditMessages(): void {
  i18next.addResourceBundle('vi', 'translation', { audit: vi }, true, false);
  i18next.addResourceBundle('en', 'translation', { audit: en }, true, false);
}
