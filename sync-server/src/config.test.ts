import { describe, expect, it } from 'vitest';
import { ConfigError, readConfig } from './config.ts';

describe('the relay’s configuration (docs/operations.md)', () => {
  it('has working defaults: port 8080 on the loopback, JSON logs on, push on', () => {
    expect(readConfig({})).toMatchObject({ PORT: 8080, HOST: '127.0.0.1', LOG: '1', PUSH: 'on', TRUST_PROXY: false });
    expect(readConfig({ PORT: '0', LOG: '0', SEED_OFFICIALS: '50000', PORT_UNUSED: 'x' })).toMatchObject({
      PORT: 0,
      LOG: '0',
      SEED_OFFICIALS: 50_000,
    });
  });

  it('stops on a bad value with a message naming each variable, in Vietnamese', () => {
    const attempt = () => readConfig({ PORT: 'abc', LOG: 'yes', MAX_ATTACHMENT_BYTES: '-5' });
    expect(attempt).toThrow(ConfigError);
    try {
      attempt();
    } catch (error) {
      const problems = (error as ConfigError).problems;
      expect(problems).toHaveLength(3);
      expect(problems[0]).toBe('PORT="abc": phải là số nguyên từ 0 đến 65535');
      expect(problems.some((p) => p.startsWith('LOG="yes": phải là 0 hoặc 1'))).toBe(true);
      expect(problems.some((p) => p.startsWith('MAX_ATTACHMENT_BYTES="-5"'))).toBe(true);
    }
    expect(() => readConfig({ PORT: '70000' })).toThrow(/PORT="70000"/);
    expect(() => readConfig({ VAPID_PUBLIC_KEY: 'x' })).toThrow(/VAPID_PUBLIC_KEY, VAPID_PRIVATE_KEY/);
    expect(() => readConfig({ TRUST_PROXY: 'true' })).toThrow(/TRUST_PROXY="true"/);
  });

  it('takes several nodes’ PostgreSQL and Redis together, or neither', () => {
    const both = {
      DATABASE_URL: 'postgres://relay@db:5432/thongsuot',
      REDIS_URL: 'redis://cache:6379',
      BLOB_DIR: '/srv/shared/blobs',
    };
    expect(() => readConfig({ ...both, BLOB_DIR: '' })).toThrow(
      /BLOB_DIR: nhiều máy chủ cần một thư mục tệp đính kèm dùng chung/,
    );
    expect(readConfig({ ...both, DATABASE_SCHEMA: 'thanh_pho' })).toMatchObject({
      ...both,
      DATABASE_SCHEMA: 'thanh_pho',
    });
    expect(() => readConfig({ DATABASE_URL: both.DATABASE_URL })).toThrow(
      /DATABASE_URL, REDIS_URL: nhiều máy chủ cần cả hai/,
    );
    expect(() => readConfig({ ...both, DATABASE_URL: 'mysql://db' })).toThrow(
      /DATABASE_URL="mysql:\/\/db": phải có dạng postgres/,
    );
    expect(() => readConfig({ ...both, DATABASE_SCHEMA: 'Thành phố' })).toThrow(/DATABASE_SCHEMA/);
  });
});
