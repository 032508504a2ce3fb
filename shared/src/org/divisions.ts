import type { UnitKind } from './org-unit.ts';

/**
 * The divisions (phòng, ban) inside each kind of unit. Commune-level units have the
 * specialised offices of the two-tier local government (since July 2025); departments have
 * their functional divisions, drawn from a common list.
 */
export const DIVISIONS_BY_UNIT_KIND: Readonly<Record<UnitKind, readonly string[]>> = {
  external: ['Văn phòng', 'Phòng Tổng hợp', 'Phòng Theo dõi nhiệm vụ'],
  city: [],
  office: [
    'Phòng Tổng hợp',
    'Phòng Kinh tế',
    'Phòng Văn xã',
    'Phòng Đô thị',
    'Phòng Nội chính',
    'Phòng Hành chính - Tổ chức',
    'Phòng Quản trị - Tài vụ',
    'Trung tâm Thông tin điện tử',
  ],
  department: [
    'Văn phòng Sở',
    'Thanh tra Sở',
    'Phòng Kế hoạch - Tài chính',
    'Phòng Tổ chức cán bộ',
    'Phòng Pháp chế',
    'Phòng Quản lý chuyên ngành',
    'Phòng Nghiệp vụ 1',
    'Phòng Nghiệp vụ 2',
    'Phòng Nghiệp vụ 3',
    'Trung tâm Dịch vụ công',
  ],
  ward: [
    'Văn phòng HĐND và UBND',
    'Phòng Kinh tế, Hạ tầng và Đô thị',
    'Phòng Văn hóa - Xã hội',
    'Trung tâm Phục vụ hành chính công',
  ],
  commune: ['Văn phòng HĐND và UBND', 'Phòng Kinh tế', 'Phòng Văn hóa - Xã hội', 'Trung tâm Phục vụ hành chính công'],
  special_zone: [
    'Văn phòng HĐND và UBND',
    'Phòng Kinh tế',
    'Phòng Văn hóa - Xã hội',
    'Trung tâm Phục vụ hành chính công',
  ],
};
