import type { Random } from './prng.ts';

/** Plausible Vietnamese administrative text for generated directives, reports and messages. */
const ACTIONS = [
  'Báo cáo kết quả triển khai',
  'Triển khai thực hiện',
  'Rà soát, tổng hợp',
  'Kiểm tra, xử lý',
  'Tham mưu đề xuất giải pháp về',
  'Tăng cường',
  'Đẩy nhanh tiến độ',
  'Chấn chỉnh',
  'Tổ chức thực hiện kế hoạch về',
  'Đánh giá tình hình',
];

const TOPICS = [
  'công tác phòng, chống ngập úng mùa mưa',
  'chuyển đổi số trong cơ quan nhà nước',
  'giải ngân vốn đầu tư công năm 2026',
  'cải cách thủ tục hành chính',
  'phòng cháy, chữa cháy tại khu dân cư',
  'trật tự đô thị, lòng lề đường',
  'an toàn thực phẩm dịp Tết Nguyên đán',
  'tiêm chủng mở rộng',
  'chỉnh trang đô thị, cải tạo kênh rạch',
  'thu ngân sách nhà nước',
  'sắp xếp trụ sở làm việc sau hợp nhất',
  'quản lý đất đai, xây dựng',
  'thu gom, xử lý rác thải sinh hoạt',
  'phòng, chống dịch sốt xuất huyết',
  'an sinh xã hội cho hộ nghèo, cận nghèo',
  'tuyển sinh đầu cấp năm học mới',
  'giải quyết phản ánh, kiến nghị của người dân',
  'bảo đảm trật tự an toàn giao thông',
  'cấp giấy chứng nhận quyền sử dụng đất',
  'triển khai Nghị quyết số 57-NQ/TW',
  'phòng, chống thiên tai và tìm kiếm cứu nạn',
  'vận hành Trung tâm Phục vụ hành chính công',
];

const REPORTS = [
  'Đơn vị đã triển khai đến các bộ phận chuyên môn, đang tổng hợp số liệu.',
  'Đã kiểm tra thực tế tại địa bàn, lập biên bản và đề xuất hướng xử lý.',
  'Hoàn thành rà soát, gửi kèm báo cáo chi tiết và phụ lục số liệu.',
  'Đang phối hợp với các đơn vị liên quan, dự kiến hoàn thành đúng hạn.',
  'Một số nội dung vướng mắc về kinh phí, kính đề nghị hướng dẫn thêm.',
  'Đã tổ chức họp triển khai, phân công cán bộ phụ trách từng nội dung.',
];

const MESSAGES = [
  'Đã nhận, em triển khai ngay ạ.',
  'Anh/chị cho xin số liệu tuần trước để đối chiếu.',
  'Chiều nay 15h họp trực tuyến nhé.',
  'Đề nghị các đơn vị khẩn trương báo cáo trước 17h.',
  'Em gửi dự thảo, anh chị góp ý giúp.',
  'Đã chuyển văn bản cho phòng chuyên môn xử lý.',
  'Hiện trường đã xử lý xong, có hình ảnh kèm theo.',
  'Ok anh.',
  'Nhờ chị kiểm tra lại giúp mục 3 của báo cáo.',
  'Ngày mai đoàn kiểm tra của Thành phố xuống làm việc.',
];

export function directiveTitle(random: Random): string {
  return `${random.pick(ACTIONS)} ${random.pick(TOPICS)}`;
}

export function directiveBody(random: Random, title: string, deadline: string): string {
  const paragraphs = [
    `Thực hiện chỉ đạo của cấp trên về việc ${title.toLowerCase()}, yêu cầu các đơn vị nghiêm túc triển khai thực hiện.`,
    'Thủ trưởng các đơn vị chịu trách nhiệm trước cấp trên về kết quả thực hiện tại đơn vị mình; phân công cụ thể cán bộ phụ trách, bảo đảm tiến độ và chất lượng.',
    'Trong quá trình thực hiện, nếu có khó khăn, vướng mắc vượt thẩm quyền, kịp thời báo cáo, đề xuất để được hướng dẫn, xử lý.',
    `Báo cáo kết quả thực hiện trước ngày ${deadline.split('-').reverse().join('/')}.`,
  ];
  return paragraphs.slice(0, random.int(2, paragraphs.length)).join('\n\n');
}

export function reportText(random: Random): string {
  return random.pick(REPORTS);
}

export function messageText(random: Random): string {
  return random.pick(MESSAGES);
}
