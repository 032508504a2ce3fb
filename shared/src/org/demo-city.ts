import type { Official, OrgUnit } from './org-unit.ts';

/**
 * The small demo city seeded on first start: the City People's Committee and its Office,
 * three departments, four wards/communes/special zones, and a dozen officials. The full-size
 * city comes from the generator.
 */
export const DEMO_PASSWORD = 'thongsuot2026';

export const DEMO_UNITS: readonly OrgUnit[] = [
  { id: 'ubnd-tp', name: 'Ủy ban nhân dân Thành phố', kind: 'city', parentId: null },
  { id: 'vp-ubnd', name: 'Văn phòng Ủy ban nhân dân Thành phố', kind: 'office', parentId: 'ubnd-tp' },
  { id: 'so-noi-vu', name: 'Sở Nội vụ', kind: 'department', parentId: 'ubnd-tp' },
  { id: 'so-tai-chinh', name: 'Sở Tài chính', kind: 'department', parentId: 'ubnd-tp' },
  { id: 'so-xay-dung', name: 'Sở Xây dựng', kind: 'department', parentId: 'ubnd-tp' },
  { id: 'phuong-ben-thanh', name: 'Phường Bến Thành', kind: 'ward', parentId: 'ubnd-tp' },
  { id: 'phuong-sai-gon', name: 'Phường Sài Gòn', kind: 'ward', parentId: 'ubnd-tp' },
  { id: 'xa-can-gio', name: 'Xã Cần Giờ', kind: 'commune', parentId: 'ubnd-tp' },
  { id: 'dac-khu-con-dao', name: 'Đặc khu Côn Đảo', kind: 'special_zone', parentId: 'ubnd-tp' },
];

function official(
  id: string,
  username: string,
  fullName: string,
  position: string,
  rank: number,
  unitId: string,
  phone: string,
): Official {
  return { id, username, fullName, position, rank, unitId, phone, email: `${username}@thongsuot.gov.vn` };
}

export const DEMO_OFFICIALS: readonly Official[] = [
  official('u-chutich', 'chutich', 'Trần Minh Đức', 'Chủ tịch UBND Thành phố', 1, 'ubnd-tp', '0908100001'),
  official('u-phochutich', 'phochutich', 'Lê Thị Thu Hà', 'Phó Chủ tịch UBND Thành phố', 2, 'ubnd-tp', '0908100002'),
  official('u-chanhvp', 'chanhvanphong', 'Phạm Quốc Bảo', 'Chánh Văn phòng', 1, 'vp-ubnd', '0908100003'),
  official('u-vanphong', 'vanphong', 'Nguyễn Văn An', 'Chuyên viên', 5, 'vp-ubnd', '0908100004'),
  official('u-sonoivu', 'sonoivu', 'Võ Thị Mai', 'Giám đốc Sở Nội vụ', 1, 'so-noi-vu', '0908100005'),
  official('u-sotaichinh', 'sotaichinh', 'Hoàng Đức Long', 'Giám đốc Sở Tài chính', 1, 'so-tai-chinh', '0908100006'),
  official('u-soxaydung', 'soxaydung', 'Đặng Thanh Tùng', 'Phó Giám đốc Sở Xây dựng', 2, 'so-xay-dung', '0908100007'),
  official(
    'u-benthanh',
    'benthanh',
    'Huỳnh Thị Ngọc Lan',
    'Chủ tịch UBND Phường Bến Thành',
    1,
    'phuong-ben-thanh',
    '0908100008',
  ),
  official('u-benthanh-cv', 'benthanh.cv', 'Bùi Văn Hùng', 'Chuyên viên', 5, 'phuong-ben-thanh', '0908100009'),
  official(
    'u-benthanh-pct',
    'benthanh.pct',
    'Trương Văn Phúc',
    'Phó Chủ tịch UBND Phường Bến Thành',
    2,
    'phuong-ben-thanh',
    '0908100013',
  ),
  official(
    'u-benthanh-vhxh',
    'benthanh.vhxh',
    'Lý Thị Thanh Tâm',
    'Chuyên viên Văn hóa - Xã hội',
    5,
    'phuong-ben-thanh',
    '0908100014',
  ),
  official('u-saigon', 'saigon', 'Đỗ Minh Khang', 'Chủ tịch UBND Phường Sài Gòn', 1, 'phuong-sai-gon', '0908100010'),
  official('u-saigon-vt', 'saigon.vt', 'Phan Thị Kim Yến', 'Văn thư', 5, 'phuong-sai-gon', '0908100015'),
  official('u-cangio', 'cangio', 'Ngô Thị Hồng', 'Chủ tịch UBND Xã Cần Giờ', 1, 'xa-can-gio', '0908100011'),
  official('u-condao', 'condao', 'Dương Văn Tài', 'Chủ tịch UBND Đặc khu Côn Đảo', 1, 'dac-khu-con-dao', '0908100012'),
  official('u-quantri', 'quantri', 'Trịnh Công Minh', 'Quản trị hệ thống', 5, 'vp-ubnd', '0908100016'),
  official('u-thanhtra', 'thanhtra', 'Mai Văn Sơn', 'Thanh tra viên', 5, 'vp-ubnd', '0908100017'),
];

/** The demo city's system roles (docs/operations.md): its administrator and its inspector. */
export const DEMO_SYSTEM_ROLES: Readonly<Record<string, readonly ('admin' | 'inspector')[]>> = {
  'u-quantri': ['admin'],
  'u-thanhtra': ['inspector'],
};
