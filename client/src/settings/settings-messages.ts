import i18next from 'i18next';

/**
 * Settings' lines while what they say is still being read (docs/design.md §6): each line holds its
 * place from the first paint, so nothing below it moves when the figure arrives.
 */
const vi = {
  counting: 'Đang đếm dữ liệu trên máy…',
  measuring: 'Đang đo dung lượng đã dùng…',
  askingPersist: 'Đang hỏi trình duyệt có giữ dữ liệu lâu dài không…',
  filesCounting: 'Đang tính dung lượng tệp trên máy…',
};
const en: typeof vi = {
  counting: 'Counting what this device holds…',
  measuring: 'Measuring the storage used…',
  askingPersist: 'Asking the browser whether it keeps this data…',
  filesCounting: 'Counting the files on this device…',
};

export function addSettingsMessages(): void {
  i18next.addResourceBundle('vi', 'translation', { settingsWait: vi }, true, false);
  i18next.addResourceBundle('en', 'translation', { settingsWait: en }, true, false);
}
