/**
 * A device as a person recognises it in their list of signed-in devices, from the browser's
 * User-Agent, in Vietnamese: "Chrome trên Android", "Safari trên iPhone", "Cốc Cốc trên Windows".
 * Only a description: the header is whatever the client sends, so nothing is decided by it.
 */
export function describeDevice(userAgent: string): string {
  const ua = userAgent;
  const browser = browserOf(ua);
  const system = systemOf(ua);
  if (!browser && !system) return 'Thiết bị không rõ';
  if (!browser) return `Trình duyệt trên ${system}`;
  if (!system) return browser;
  return `${browser} trên ${system}`;
}

function browserOf(ua: string): string | null {
  // Order matters: most browsers also say "Chrome" and "Safari".
  if (/coc_coc_browser/i.test(ua)) return 'Cốc Cốc';
  if (/Zalo/i.test(ua)) return 'Zalo';
  if (/Edg(e|A|iOS)?\//.test(ua)) return 'Edge';
  if (/OPR\/|Opera/.test(ua)) return 'Opera';
  if (/SamsungBrowser\//.test(ua)) return 'Samsung Internet';
  if (/Firefox\/|FxiOS\//.test(ua)) return 'Firefox';
  if (/Chrome\/|CriOS\/|Chromium\//.test(ua)) return 'Chrome';
  if (/Safari\//.test(ua) && /Version\//.test(ua)) return 'Safari';
  if (/^node|undici|axios|curl|python|okhttp/i.test(ua)) return 'Ứng dụng khác';
  return null;
}

function systemOf(ua: string): string | null {
  if (/iPhone/.test(ua)) return 'iPhone';
  if (/iPad/.test(ua)) return 'iPad';
  if (/Android/.test(ua)) return 'Android';
  if (/Windows/.test(ua)) return 'Windows';
  if (/CrOS/.test(ua)) return 'ChromeOS';
  if (/Mac OS X|Macintosh/.test(ua)) return 'máy Mac';
  if (/Linux/.test(ua)) return 'Linux';
  return null;
}
