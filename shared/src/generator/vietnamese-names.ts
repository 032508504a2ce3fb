import { type Random, WeightedTable } from './prng.ts';

/**
 * Vietnamese full names: surname, one or two middle names, given name. Surname weights follow
 * the commonly cited national shares (Nguyễn ~38%, Trần ~11%, Lê ~9.5%, Phạm ~7%), tilted to
 * the south where Huỳnh and Võ outnumber Hoàng and Vũ.
 */
const SURNAMES = new WeightedTable<string>([
  ['Nguyễn', 38],
  ['Trần', 11],
  ['Lê', 9.5],
  ['Phạm', 7],
  ['Huỳnh', 3],
  ['Hoàng', 2],
  ['Phan', 4.5],
  ['Võ', 3],
  ['Vũ', 1.9],
  ['Đặng', 2.1],
  ['Bùi', 2],
  ['Đỗ', 1.4],
  ['Hồ', 1.3],
  ['Ngô', 1.3],
  ['Dương', 1],
  ['Lý', 0.5],
  ['Trương', 1],
  ['Đinh', 0.6],
  ['Lâm', 0.5],
  ['Mai', 0.4],
  ['Đoàn', 0.5],
  ['Lưu', 0.3],
  ['Châu', 0.3],
  ['Cao', 0.4],
  ['Lương', 0.4],
  ['Thái', 0.3],
  ['Hà', 0.3],
  ['Tạ', 0.2],
  ['Tô', 0.2],
  ['Quách', 0.2],
  ['Triệu', 0.2],
  ['Tăng', 0.2],
  ['Diệp', 0.1],
  ['Kiều', 0.1],
  ['La', 0.1],
  ['Chu', 0.1],
]);

const MALE_MIDDLE = new WeightedTable<string>([
  ['Văn', 30],
  ['Minh', 12],
  ['Đức', 8],
  ['Thanh', 8],
  ['Quốc', 7],
  ['Hữu', 6],
  ['Hoàng', 5],
  ['Công', 4],
  ['Ngọc', 3],
  ['Tuấn', 3],
  ['Xuân', 3],
  ['Anh', 3],
  ['Trọng', 3],
  ['Duy', 3],
  ['Thành', 3],
  ['Gia', 2],
  ['Hồng', 2],
  ['Tấn', 3],
  ['Thế', 2],
  ['Nhật', 2],
]);

const FEMALE_MIDDLE = new WeightedTable<string>([
  ['Thị', 45],
  ['Ngọc', 12],
  ['Thanh', 8],
  ['Thu', 6],
  ['Minh', 5],
  ['Kim', 5],
  ['Phương', 4],
  ['Hoài', 3],
  ['Bảo', 3],
  ['Mỹ', 3],
  ['Hồng', 3],
  ['Diệu', 2],
  ['Thùy', 3],
  ['Khánh', 2],
  ['Tuyết', 1],
]);

const MALE_GIVEN = new WeightedTable<string>([
  ['Minh', 5],
  ['Tuấn', 5],
  ['Hùng', 5],
  ['Dũng', 4],
  ['Hải', 4],
  ['Nam', 4],
  ['Long', 4],
  ['Thắng', 3],
  ['Phong', 3],
  ['Quang', 3],
  ['Sơn', 3],
  ['Trung', 3],
  ['Đức', 3],
  ['Huy', 3],
  ['Khoa', 2],
  ['Khang', 2],
  ['Bảo', 2],
  ['Bình', 2],
  ['Cường', 2],
  ['Duy', 2],
  ['Đạt', 2],
  ['Hiếu', 2],
  ['Hoàng', 2],
  ['Kiên', 2],
  ['Lâm', 1],
  ['Nghĩa', 2],
  ['Nhân', 2],
  ['Phúc', 2],
  ['Quân', 2],
  ['Tài', 2],
  ['Tâm', 2],
  ['Thái', 1],
  ['Thịnh', 2],
  ['Toàn', 2],
  ['Trí', 2],
  ['Tùng', 2],
  ['Việt', 2],
  ['Vinh', 2],
  ['Vũ', 1],
  ['An', 2],
  ['Lộc', 2],
  ['Phát', 2],
  ['Tín', 1],
  ['Thuận', 1],
  ['Hậu', 1],
  ['Nhựt', 1],
]);

const FEMALE_GIVEN = new WeightedTable<string>([
  ['Linh', 5],
  ['Trang', 5],
  ['Hương', 4],
  ['Anh', 4],
  ['Thảo', 4],
  ['Hà', 4],
  ['Ngọc', 3],
  ['Lan', 3],
  ['Mai', 3],
  ['Hằng', 3],
  ['Huyền', 3],
  ['Phương', 3],
  ['Thủy', 3],
  ['Nhung', 2],
  ['Vân', 2],
  ['Yến', 2],
  ['Hạnh', 2],
  ['Hiền', 2],
  ['Hoa', 2],
  ['Hồng', 2],
  ['Dung', 2],
  ['Giang', 2],
  ['Loan', 2],
  ['Nga', 2],
  ['Ngân', 2],
  ['Oanh', 1],
  ['Quyên', 1],
  ['Tâm', 1],
  ['Thu', 2],
  ['Trinh', 2],
  ['Tuyết', 1],
  ['Uyên', 2],
  ['Vy', 2],
  ['My', 2],
  ['Chi', 2],
  ['Châu', 1],
  ['Liên', 1],
  ['Diễm', 1],
  ['Nhi', 2],
  ['Thư', 2],
]);

export type Gender = 'female' | 'male';

export interface VietnameseName {
  readonly fullName: string;
  readonly surname: string;
  readonly middle: readonly string[];
  readonly given: string;
  readonly gender: Gender;
}

export function vietnameseName(random: Random): VietnameseName {
  const gender: Gender = random.chance(0.52) ? 'female' : 'male';
  const surname = SURNAMES.draw(random);
  const middleTable = gender === 'female' ? FEMALE_MIDDLE : MALE_MIDDLE;
  const givenTable = gender === 'female' ? FEMALE_GIVEN : MALE_GIVEN;
  const middle = [middleTable.draw(random)];
  let given = givenTable.draw(random);
  // About a quarter carry a second middle name ("Nguyễn Thị Thu Hà").
  if (random.chance(0.25)) {
    const second = givenTable.draw(random);
    if (second !== given && second !== middle[0]) middle.push(second);
  }
  while (given === middle[middle.length - 1]) given = givenTable.draw(random);
  return { fullName: [surname, ...middle, given].join(' '), surname, middle, given, gender };
}
