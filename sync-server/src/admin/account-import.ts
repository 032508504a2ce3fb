import { EmailSchema, foldVietnamese, PhoneSchema } from '@thongsuot/shared';
import { parse } from 'csv-parse/sync';
import * as v from 'valibot';
import type { UnitRow } from './admin-store.ts';
import { derivePosition } from './positions.ts';
import { USERNAME_PATTERN, usernameFor } from './usernames.ts';

/** The columns of HR's export, by the names it may give them (compared without diacritics or case). */
const HEADERS = {
  name: ['name', 'full name', 'fullname', 'ho va ten', 'ho ten', 'ten'],
  unit: ['unit', 'unit id', 'unitid', 'don vi', 'ma don vi'],
  division: ['division', 'phong/ban', 'phong ban', 'phong', 'ban'],
  position: ['position', 'chuc vu', 'chuc danh'],
  phone: ['phone', 'dien thoai', 'so dien thoai', 'sdt'],
  email: ['email', 'e-mail', 'thu dien tu'],
  username: ['username', 'ten dang nhap'],
} as const;
export type ImportField = keyof typeof HEADERS | 'file';

const REQUIRED: readonly (keyof typeof HEADERS)[] = ['name', 'unit', 'position'];
const COLUMN_LABEL: Record<keyof typeof HEADERS, string> = {
  name: 'Họ và tên',
  unit: 'Đơn vị',
  division: 'Phòng/ban',
  position: 'Chức vụ',
  phone: 'Điện thoại',
  email: 'Email',
  username: 'Tên đăng nhập',
};

/** At most this many people per file: 2,000 scrypt hashes already take about two minutes. */
export const MAX_IMPORT_ROWS = 2000;

/** A problem with one field of one line (line 1 is the header), in Vietnamese. */
export interface ImportError {
  readonly line: number;
  readonly field: ImportField;
  readonly message: string;
}

/** A line that passed every check, ready to become an account. */
export interface ImportRow {
  readonly line: number;
  readonly fullName: string;
  readonly unitId: string;
  readonly division: string;
  readonly position: string;
  readonly positionId: string;
  readonly rank: number;
  readonly phone: string;
  readonly email: string;
  readonly username: string;
}

export interface ImportCheck {
  readonly rows: ImportRow[];
  readonly errors: ImportError[];
}

/** Who already exists: usernames and e-mail addresses (lowercase) taken by accounts. */
export interface Existing {
  readonly units: readonly UnitRow[];
  readonly usernames: ReadonlySet<string>;
  readonly emails: ReadonlySet<string>;
}

/** The file's delimiter: whichever of `;` and `,` its header line has more of (Excel in vi-VN writes `;`). */
function delimiterOf(text: string): ';' | ',' {
  const header = text.slice(0, text.search(/\r?\n|$/));
  const count = (c: string) => header.split(c).length - 1;
  return count(';') > count(',') ? ';' : ',';
}

function columnOf(header: string): keyof typeof HEADERS | null {
  const folded = foldVietnamese(header).replace(/\s*\/\s*/g, '/');
  for (const [field, names] of Object.entries(HEADERS)) {
    if ((names as readonly string[]).includes(folded)) return field as keyof typeof HEADERS;
  }
  return null;
}

/** Finds a unit by its id or its name, without diacritics or case. */
function unitFinder(units: readonly UnitRow[]): (given: string) => UnitRow | undefined {
  const byName = new Map(units.map((u) => [foldVietnamese(u.name), u]));
  const byId = new Map(units.map((u) => [u.id, u]));
  return (given) => byId.get(given.trim()) ?? byName.get(foldVietnamese(given));
}

/**
 * Reads HR's CSV (UTF-8, with or without BOM; `,` or `;`; English or Vietnamese headers) and
 * checks every line: a missing name, unit or position, an unknown or merged unit, a malformed
 * phone or e-mail, a username or e-mail repeated in the file or already used. All problems are
 * reported, each with its line; usernames are generated where the file gives none.
 */
export function checkImport(text: string, existing: Existing): ImportCheck {
  const errors: ImportError[] = [];
  const fileError = (message: string, line = 1): ImportCheck => ({
    rows: [],
    errors: [{ line, field: 'file', message }],
  });
  if (text.includes('\uFFFD')) {
    return fileError('Tệp không ở dạng UTF-8. Hãy lưu lại từ Excel bằng “CSV UTF-8 (Comma delimited)”.');
  }
  const body = text.replace(/^\uFEFF/, '');
  let records: { record: string[]; info: { lines: number } }[];
  try {
    records = parse(body, {
      delimiter: delimiterOf(body),
      info: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
    }) as unknown as { record: string[]; info: { lines: number } }[];
  } catch (error) {
    const line = (error as { lines?: number }).lines ?? 1;
    return fileError(`Tệp CSV bị lỗi ở dòng ${line}: ${(error as Error).message}`, line);
  }
  const [header, ...data] = records;
  if (!header) return fileError('Tệp trống.');
  const columns = header.record.map(columnOf);
  for (const field of REQUIRED) {
    if (!columns.includes(field)) errors.push({ line: 1, field, message: `Thiếu cột “${COLUMN_LABEL[field]}”.` });
  }
  if (errors.length > 0) return { rows: [], errors };
  if (data.length === 0) return fileError('Tệp không có dòng dữ liệu nào.');
  if (data.length > MAX_IMPORT_ROWS) {
    return fileError(`Mỗi lần nhập tối đa ${MAX_IMPORT_ROWS} người; tệp có ${data.length}. Hãy chia nhỏ tệp.`);
  }

  const findUnit = unitFinder(existing.units);
  const unitName = new Map(existing.units.map((u) => [u.id, u.name]));
  const given = new Map<string, number>();
  const emails = new Map<string, number>();
  const drafts: (Omit<ImportRow, 'username'> & { username: string | null })[] = [];
  for (const { record, info } of data) {
    // The line the record starts on: csv-parse counts to its end, and a quoted field may span lines.
    const line = info.lines - record.reduce((n, f) => n + (f.match(/\n/g)?.length ?? 0), 0);
    const cell = (field: keyof typeof HEADERS) => {
      const i = columns.indexOf(field);
      return i < 0 ? '' : (record[i] ?? '').replace(/\s+/g, ' ').trim();
    };
    const bad = (field: ImportField, message: string) => errors.push({ line, field, message });
    const before = errors.length;
    const fullName = cell('name');
    if (fullName === '') bad('name', 'Thiếu họ và tên.');
    else if (fullName.length > 120) bad('name', 'Họ và tên dài quá 120 ký tự.');
    const unitText = cell('unit');
    const unit = unitText === '' ? undefined : findUnit(unitText);
    if (unitText === '') bad('unit', 'Thiếu đơn vị.');
    else if (!unit) bad('unit', `Không tìm thấy đơn vị “${unitText}”.`);
    else if (unit.mergedInto) {
      bad('unit', `Đơn vị “${unit.name}” đã sáp nhập vào ${unitName.get(unit.mergedInto) ?? unit.mergedInto}.`);
    }
    const division = cell('division');
    if (division.length > 200) bad('division', 'Tên phòng/ban dài quá 200 ký tự.');
    const position = cell('position');
    if (position === '') bad('position', 'Thiếu chức vụ.');
    else if (position.length > 200) bad('position', 'Chức vụ dài quá 200 ký tự.');
    const phone = cell('phone');
    if (phone !== '' && !v.is(PhoneSchema, phone)) bad('phone', `Số điện thoại “${phone}” không hợp lệ.`);
    const email = cell('email').toLowerCase();
    if (email !== '' && !v.is(EmailSchema, email)) bad('email', `Email “${email}” không hợp lệ.`);
    else if (email !== '' && emails.has(email)) bad('email', `Email “${email}” trùng với dòng ${emails.get(email)}.`);
    else if (email !== '' && existing.emails.has(email)) bad('email', `Email “${email}” đã có tài khoản khác dùng.`);
    if (email !== '' && !emails.has(email)) emails.set(email, line);
    const username = cell('username').toLowerCase();
    if (username !== '') {
      if (!USERNAME_PATTERN.test(username)) {
        bad(
          'username',
          `Tên đăng nhập “${username}” chỉ được gồm chữ thường không dấu, số, dấu chấm, gạch ngang, gạch dưới (2–64 ký tự).`,
        );
      } else if (given.has(username)) {
        bad('username', `Tên đăng nhập “${username}” trùng với dòng ${given.get(username)}.`);
      } else if (existing.usernames.has(username)) {
        bad('username', `Tên đăng nhập “${username}” đã có người dùng.`);
      }
      if (!given.has(username)) given.set(username, line);
    }
    if (errors.length > before || !unit) continue;
    const derived = derivePosition(unit.kind, unit.name, position);
    drafts.push({
      line,
      fullName,
      unitId: unit.id,
      division,
      position,
      positionId: derived.positionId,
      rank: derived.rank,
      phone,
      email,
      username: username === '' ? null : username,
    });
  }
  if (errors.length > 0) return { rows: [], errors };
  const taken = new Set([...existing.usernames, ...given.keys()]);
  const rows = drafts.map((d) => ({ ...d, username: d.username ?? usernameFor(d.fullName, taken) }));
  return { rows, errors };
}
