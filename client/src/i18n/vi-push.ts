/**
 * Vietnamese strings of "Reminders when the app is closed" in Settings (docs/design.md §16),
 * under `settings.push`. Loaded with that code, not with the first screen (i18n/push-messages.ts).
 */
export const viPush = {
  title: 'Nhắc việc khi ứng dụng đóng',
  checking: 'Đang kiểm tra thiết bị này…',
  on: 'Trên thiết bị này, nhắc việc sẽ đổ chuông cả khi ứng dụng đã đóng.',
  onDetail:
    'Máy chủ chỉ gửi một tín hiệu đánh thức không kèm nội dung, qua dịch vụ thông báo của trình duyệt; nội dung lời nhắc lấy từ chính thiết bị này.',
  openOnly: 'Nhắc việc chỉ đổ chuông khi ứng dụng đang mở; nhắc bị lỡ sẽ đổ khi mở lại.',
  reasons: {
    off: 'Chưa bật cho thiết bị này.',
    unsupported:
      'Trình duyệt này không nhận được thông báo đẩy (Web Push). Trên iPhone, iPad: thêm ứng dụng vào Màn hình chính rồi mở từ đó.',
    blocked: 'Thông báo của ứng dụng đang bị chặn trong cài đặt của trình duyệt.',
    pushServiceUnreachable:
      'Không kết nối được dịch vụ thông báo của trình duyệt — mạng nơi bạn làm việc có thể đang chặn dịch vụ này.',
    serverOff: 'Máy chủ của thành phố không bật thông báo đẩy.',
    serverUnreachable: 'Chưa kiểm tra được vì không kết nối được máy chủ.',
    relayRefused: 'Máy chủ không nhận đăng ký nhận thông báo của trình duyệt này.',
  },
  turnOn: 'Bật nhắc việc khi đóng ứng dụng',
  retry: 'Thử lại',
  turningOn: 'Đang bật…',
  turnOff: 'Tắt',
  dueNotice: 'Bạn có nhắc việc đến hạn',
};
