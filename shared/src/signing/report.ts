import { vietnamClock, vietnamDate } from '../model/receipts.ts';
import type { ExportVerification } from './export.ts';
import type { SignableField, StepRole } from './signable.ts';
import type { DossierChanges, SignatureCheck, SignatureStatus, Verdict } from './verify.ts';

/** How verification results read in Vietnamese: for the app's screens and `pnpm verify-document`. */
export const STATUS_LABELS: Readonly<Record<SignatureStatus, string>> = {
  valid: 'Hợp lệ',
  changed_after: 'Văn bản đã bị sửa sau khi ký',
  bad_signature: 'Chữ ký không hợp lệ',
  unknown_key: 'Không tìm thấy khóa của người ký',
  key_revoked: 'Khóa đã bị thu hồi trước khi ký',
  key_not_yet_published: 'Khóa chưa được công bố khi ký',
  not_in_chain: 'Người ký hoặc bước ký không đúng quy trình',
  signer_mismatch: 'Người ký không phải chủ của khóa',
};

export const VERDICT_LABELS: Readonly<Record<Verdict, string>> = {
  valid: 'Văn bản nguyên vẹn, đủ chữ ký hợp lệ.',
  incomplete: 'Các chữ ký hiện có hợp lệ nhưng văn bản chưa đủ chữ ký theo quy trình.',
  changed: 'Văn bản đã bị thay đổi sau khi ký.',
  invalid: 'Có chữ ký không hợp lệ.',
};

export const FIELD_LABELS: Readonly<Record<SignableField, string>> = {
  id: 'mã văn bản',
  kind: 'văn bản đến/đi',
  unitId: 'đơn vị',
  issuingBody: 'cơ quan ban hành',
  numberSymbol: 'số, ký hiệu',
  date: 'ngày văn bản',
  docType: 'loại văn bản',
  summary: 'trích yếu',
  body: 'nội dung',
  urgency: 'độ khẩn',
  confidentiality: 'độ mật',
  recipients: 'nơi nhận',
};

export const ROLE_LABELS: Readonly<Record<StepRole, string>> = { review: 'Xem xét', sign: 'Ký ban hành' };

/** `2026-03-05 14:07` in Vietnam time. */
export function vietnamDateTime(at: number): string {
  return `${vietnamDate(at)} ${vietnamClock(at)}`;
}

/** What changed, in words: `trích yếu; tệp bao-cao.pdf`. */
export function describeChanges(changes: DossierChanges): string {
  const files = new Set([...changes.filesRemoved, ...changes.filesAdded].map((f) => f.name));
  const parts = changes.fields.map((f) => FIELD_LABELS[f]);
  if (files.size > 0) parts.push(`tệp ${[...files].join(', ')}`);
  return parts.join('; ');
}

function timeCell(check: SignatureCheck): string {
  const device = vietnamDateTime(check.at);
  if (check.receivedAt === null) return `${device} (máy chủ chưa nhận)`;
  if (!check.timesDisagree) return device;
  return `${device} (máy chủ nhận ${vietnamDateTime(check.receivedAt)})`;
}

function resultCell(check: SignatureCheck): string {
  const label = STATUS_LABELS[check.status];
  return check.changes ? `${label}: ${describeChanges(check.changes)}` : label;
}

function table(rows: readonly (readonly string[])[]): string {
  const widths = rows[0]?.map((_, col) => Math.max(...rows.map((row) => [...(row[col] ?? '')].length))) ?? [];
  return rows
    .map((row) =>
      row
        .map((cell, col) => (col === row.length - 1 ? cell : cell + ' '.repeat((widths[col] ?? 0) - [...cell].length)))
        .join('  '),
    )
    .join('\n');
}

/** The report `pnpm verify-document` prints: one row per signature, then the files and the verdict. */
export function formatVerification(result: ExportVerification): string {
  const ordered = [...result.signatures].sort((a, b) => a.step.index - b.step.index || a.at - b.at);
  const rows = [
    ['Bước', 'Người ký', 'Thời điểm (giờ Việt Nam)', 'Kết quả'],
    ...ordered.map((s) => [
      `${s.step.index + 1}. ${ROLE_LABELS[s.step.role]}`,
      `${s.signer.personId} (khóa ${s.signer.keyId})`,
      timeCell(s),
      resultCell(s),
    ]),
  ];
  const lines = [ordered.length > 0 ? table(rows) : 'Văn bản chưa có chữ ký nào.', ''];
  // Steps with a statement are in the table already; say which have none at all.
  const unsigned = result.steps.filter((step) => !result.signatures.some((s) => s.step.index === step.index));
  for (const step of unsigned) {
    lines.push(`Bước ${step.index + 1} (${ROLE_LABELS[step.role]}, ${step.personId}): chưa ký.`);
  }
  for (const file of result.files) {
    if (file.actualSha256 === null) lines.push(`Tệp ${file.name}: không có nội dung tệp, chưa đối chiếu được.`);
    else if (file.actualSha256 !== file.claimedSha256) lines.push(`Tệp ${file.name}: nội dung khác với mã băm đã ghi.`);
  }
  lines.push(`Kết luận: ${VERDICT_LABELS[result.verdict]}`);
  if (result.unchecked.length > 0)
    lines.push(`Chưa đối chiếu được ${result.unchecked.length} tệp: không thể xác nhận.`);
  return lines.join('\n');
}

/** Whether the document passes: every signature valid, every step signed, every file checked. */
export function verificationPasses(result: ExportVerification): boolean {
  return result.verdict === 'valid' && result.unchecked.length === 0;
}
