import { describe, expect, it } from 'vitest';
import { encodeCsv } from '../export/csv.ts';
import { passwordRows } from './admin-api.ts';

describe('the temporary passwords download', () => {
  it('is one row per new account, in the import’s order, under the header, readable by Excel', () => {
    const rows = passwordRows(
      [
        {
          line: 2,
          username: 'hantt',
          fullName: 'Nguyễn Thị Thu Hà',
          unitId: 'p',
          unitName: 'Phường Bến Thành',
          position: 'Chuyên viên',
          rank: 5,
          temporaryPassword: 'abcd-efgh-jkmn',
        },
        {
          line: 3,
          username: 'anpv',
          fullName: 'Phạm Văn An',
          unitId: 'p',
          unitName: 'Phường Sài Gòn',
          position: 'Chuyên viên',
          rank: 5,
          temporaryPassword: 'pqrs-tuvw-xyz2',
        },
      ],
      ['Họ và tên', 'Đơn vị', 'Tên đăng nhập', 'Mật khẩu tạm'],
    );
    expect(encodeCsv(rows)).toBe(
      '\uFEFFHọ và tên,Đơn vị,Tên đăng nhập,Mật khẩu tạm\r\n' +
        'Nguyễn Thị Thu Hà,Phường Bến Thành,hantt,abcd-efgh-jkmn\r\n' +
        'Phạm Văn An,Phường Sài Gòn,anpv,pqrs-tuvw-xyz2\r\n',
    );
  });
});
