import i18next from 'i18next';

const vi = {
  title: 'Khóa API cho hệ thống tích hợp',
  intro:
    'Hệ thống quản lý văn bản và điều hành dùng khóa API để giao việc, vào sổ văn bản đến và theo dõi tiến độ, nhân danh người đứng tên khóa và theo đúng quyền của người đó.',
  docs: 'Tài liệu API (OpenAPI)',
  offline: 'Cần kết nối mạng để quản lý khóa API.',
  loading: 'Đang tải…',
  failed: 'Không tải được danh sách khóa: {{reason}}',
  empty: 'Chưa có khóa API nào.',
  columns: {
    name: 'Tên khóa',
    acting: 'Người đứng tên',
    scopes: 'Quyền',
    units: 'Đơn vị',
    created: 'Tạo lúc',
    lastUsed: 'Dùng lần cuối',
    state: 'Tình trạng',
  },
  never: 'Chưa dùng',
  unknownPerson: 'Không rõ ({{id}})',
  state: {
    active: 'Đang dùng',
    revoked: 'Đã thu hồi lúc {{time}}',
    acting_disabled: 'Tài khoản người đứng tên đã bị khóa: khóa bị từ chối',
  },
  scopes: {
    'directives:create': 'Giao việc (tạo chỉ đạo)',
    'documents:register': 'Vào sổ văn bản đến',
    'tasks:read': 'Xem tiến độ nhiệm vụ',
  },
  create: 'Tạo khóa mới',
  name: 'Tên khóa (hệ thống nào dùng)',
  acting: 'Người đứng tên (tên đăng nhập)',
  actingHint:
    'Mọi thứ khóa tạo ra được ghi nhân danh người này, như thể họ tự làm trên ứng dụng: ví dụ văn thư Văn phòng UBND nhập chỉ đạo từ cấp trên. Người này phải thuộc một trong các đơn vị của khóa.',
  scopesLabel: 'Quyền của khóa',
  unitsLabel: 'Đơn vị khóa được dùng cho',
  findUnit: 'Tìm đơn vị',
  chosenUnits: 'Đã chọn {{count}} đơn vị',
  submit: 'Tạo khóa',
  creating: 'Đang tạo…',
  cancel: 'Hủy',
  errors: {
    name: 'Hãy đặt tên cho khóa.',
    acting: 'Hãy nhập tên đăng nhập của người đứng tên.',
    scopes: 'Hãy chọn ít nhất một quyền.',
    units: 'Hãy chọn ít nhất một đơn vị.',
  },
  createFailed: 'Không tạo được khóa: {{reason}}',
  created: 'Đã tạo khóa “{{name}}”',
  onceOnly: 'Khóa này chỉ hiển thị một lần',
  onceOnlyHint:
    'Hãy chép khóa vào cấu hình của hệ thống tích hợp ngay bây giờ. Máy chủ chỉ giữ mã băm của khóa: không ai xem lại được; nếu mất, hãy thu hồi và tạo khóa mới.',
  tokenLabel: 'Khóa API',
  copy: 'Chép khóa',
  copied: 'Đã chép khóa.',
  copyFailed: 'Không chép được; hãy chọn khóa và chép bằng tay.',
  done: 'Tôi đã lưu khóa',
  revoke: 'Thu hồi',
  revoking: 'Đang thu hồi…',
  revokeConfirm:
    'Thu hồi khóa “{{name}}”? Hệ thống đang dùng khóa này sẽ bị từ chối ngay từ yêu cầu tiếp theo, và không thể dùng lại khóa.',
  revokeFailed: 'Không thu hồi được khóa: {{reason}}',
};

const en: typeof vi = {
  title: 'API tokens for integrated systems',
  intro:
    'The document and task management system uses API tokens to assign directives, register incoming documents and follow progress, in the name of the token’s acting person and with exactly that person’s rights.',
  docs: 'API documentation (OpenAPI)',
  offline: 'Managing API tokens needs a network connection.',
  loading: 'Loading…',
  failed: 'Could not load the tokens: {{reason}}',
  empty: 'No API tokens yet.',
  columns: {
    name: 'Token name',
    acting: 'Acting person',
    scopes: 'Rights',
    units: 'Units',
    created: 'Created',
    lastUsed: 'Last used',
    state: 'State',
  },
  never: 'Never',
  unknownPerson: 'Unknown ({{id}})',
  state: {
    active: 'In use',
    revoked: 'Revoked at {{time}}',
    acting_disabled: 'The acting person’s account is disabled: the token is refused',
  },
  scopes: {
    'directives:create': 'Assign directives',
    'documents:register': 'Register incoming documents',
    'tasks:read': 'Read task progress',
  },
  create: 'New token',
  name: 'Token name (which system uses it)',
  acting: 'Acting person (username)',
  actingHint:
    'Everything the token creates is written in this person’s name, as if they did it in the app: e.g. the City Office clerk who enters directives from above. The person must belong to one of the token’s units.',
  scopesLabel: 'Rights of the token',
  unitsLabel: 'Units the token may act for',
  findUnit: 'Find a unit',
  chosenUnits: '{{count}} units chosen',
  submit: 'Create token',
  creating: 'Creating…',
  cancel: 'Cancel',
  errors: {
    name: 'Give the token a name.',
    acting: 'Enter the acting person’s username.',
    scopes: 'Choose at least one right.',
    units: 'Choose at least one unit.',
  },
  createFailed: 'Could not create the token: {{reason}}',
  created: 'Token “{{name}}” created',
  onceOnly: 'This token is shown only once',
  onceOnlyHint:
    'Copy it into the integrated system’s configuration now. The server keeps only its hash: nobody can see it again; if it is lost, revoke it and create a new one.',
  tokenLabel: 'API token',
  copy: 'Copy token',
  copied: 'Token copied.',
  copyFailed: 'Could not copy; select the token and copy it by hand.',
  done: 'I have saved the token',
  revoke: 'Revoke',
  revoking: 'Revoking…',
  revokeConfirm:
    'Revoke the token “{{name}}”? The system using it is refused from its next request on, and the token cannot be used again.',
  revokeFailed: 'Could not revoke the token: {{reason}}',
};

/** The API tokens panel's words, under `apiTokens.*`, added with the console's chunk. */
export function addApiTokenMessages(): void {
  i18next.addResourceBundle('vi', 'translation', { apiTokens: vi }, true, false);
  i18next.addResourceBundle('en', 'translation', { apiTokens: en }, true, false);
}
