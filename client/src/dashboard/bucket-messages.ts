import i18next from 'i18next';

/**
 * The words of the four buckets and their companions, under `dash.*`: shared by the dashboard and
 * the task page's figures of one directive, added with whichever chunk loads first.
 */
const vi = {
  bucket: {
    on_time: 'Hoàn thành đúng hạn',
    late: 'Hoàn thành quá hạn',
    open: 'Đang thực hiện trong hạn',
    overdue: 'Quá hạn chưa hoàn thành',
  },
  share: '{{rate}} tổng số',
  onTime: 'Tỉ lệ đúng hạn',
  onTimeHint: 'Đúng hạn ÷ (đúng hạn + hoàn thành quá hạn + đang quá hạn); việc còn trong hạn chưa tính.',
  notDecided: 'Chưa có việc nào đến hạn',
  ages: { title: 'Quá hạn theo số ngày', d1_7: '1–7 ngày', d8_30: '8–30 ngày', d31: 'Trên 30 ngày' },
  extensions: 'Đề nghị gia hạn chờ quyết định',
  directive: {
    title: 'Số liệu của chỉ đạo',
    hint: 'Tính trên thiết bị này từ nội dung chỉ đạo đang có trên máy, lúc {{time}}.',
    total: '{{count}} nơi nhận',
  },
};

const en: typeof vi = {
  bucket: {
    on_time: 'Done on time',
    late: 'Done late',
    open: 'In progress, within deadline',
    overdue: 'Overdue, not done',
  },
  share: '{{rate}} of all',
  onTime: 'On-time rate',
  onTimeHint: 'On time ÷ (on time + done late + overdue); work still within its deadline is not counted.',
  notDecided: 'Nothing has fallen due yet',
  ages: { title: 'Overdue by days late', d1_7: '1–7 days', d8_30: '8–30 days', d31: 'Over 30 days' },
  extensions: 'Extension requests awaiting a decision',
  directive: {
    title: 'Figures of this directive',
    hint: 'Computed on this device from the directive as it is here, at {{time}}.',
    total: '{{count}} recipients',
  },
};

export function addBucketMessages(): void {
  i18next.addResourceBundle('vi', 'translation', { dash: vi }, true, false);
  i18next.addResourceBundle('en', 'translation', { dash: en }, true, false);
}
