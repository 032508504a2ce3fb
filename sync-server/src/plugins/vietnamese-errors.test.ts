import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TestServer } from '../testing/test-server.ts';
import { vietnameseSchemaError } from './vietnamese-errors.ts';

/** Words of Fastify's and Ajv's English messages: none may reach an official. */
const ENGLISH = /\b(must|should|property|request|body|Unexpected|JSON at|too large|Unsupported)\b/;

describe('a malformed request is refused in Vietnamese', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await new TestServer().start();
  });
  afterAll(async () => {
    await server.stop();
  });

  const signIn = (payload: string, contentType = 'application/json') =>
    server.app.server.inject({
      method: 'POST',
      url: '/api/session',
      headers: { 'content-type': contentType },
      payload,
    });

  it.each([
    ['a missing field', JSON.stringify({ username: 'vanphong' }), 'thiếu trường "password"'],
    [
      'a field of the wrong type',
      JSON.stringify({ username: 'vanphong', password: { text: 'x' } }),
      'trường "password" phải là chuỗi ký tự',
    ],
    ['an empty field', JSON.stringify({ username: '', password: 'x' }), 'trường "username" phải có ít nhất 1 ký tự'],
    ['a field too long', JSON.stringify({ username: 'a'.repeat(101), password: 'x' }), 'tối đa 100 ký tự'],
    ['a body that is no object', JSON.stringify(['vanphong']), 'yêu cầu phải là đối tượng'],
  ])('names the fault of %s', async (_, payload, fault) => {
    const response = await signIn(payload);
    expect(response.statusCode).toBe(400);
    const body = response.json();
    expect(body).toEqual({ statusCode: 400, error: 'invalid_request', message: expect.any(String) });
    expect(body.message).toContain('Yêu cầu không hợp lệ (nội dung)');
    expect(body.message).toContain(fault);
    expect(body.message).not.toMatch(ENGLISH);
  });

  it("says so for what Fastify refuses before the route: broken JSON, a body too large, a type it doesn't read", async () => {
    const broken = await signIn('{"username": "vanphong",');
    expect(broken.statusCode).toBe(400);
    expect(broken.json().message).toBe('Nội dung gửi lên không phải JSON hợp lệ.');

    const large = await signIn(JSON.stringify({ username: 'vanphong', password: 'x'.repeat(70_000) }));
    expect(large.statusCode).toBe(413);
    expect(large.json().message).toBe('Nội dung gửi lên quá lớn.');

    const xml = await signIn('<signin/>', 'application/xml');
    expect(xml.statusCode).toBe(415);
    expect(xml.json().message).toBe('Kiểu nội dung gửi lên không được hỗ trợ.');

    for (const response of [broken, large, xml]) expect(response.json().message).not.toMatch(ENGLISH);
  });

  it('keeps a route’s own refusal as the route wrote it', async () => {
    const wrong = await signIn(JSON.stringify({ username: 'vanphong', password: 'sai-mat-khau' }));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json().message).toBe('Tên đăng nhập hoặc mật khẩu không đúng.');
  });
});

it('says every kind of schema fault in Vietnamese, naming the field', () => {
  const fault = (keyword: string, instancePath: string, params: Record<string, unknown>) =>
    vietnameseSchemaError([{ keyword, instancePath, schemaPath: '#', params, message: 'English' }], 'querystring')
      .message;
  const cases: [string, string, Record<string, unknown>, string][] = [
    ['enum', '/level', { allowedValues: ['normal', 'urgent'] }, 'trường "level" phải là một trong: normal, urgent'],
    ['format', '/deadline', { format: 'date' }, 'trường "deadline" không đúng định dạng'],
    ['pattern', '/sha256', { pattern: '^[0-9a-f]{64}$' }, 'trường "sha256" không đúng định dạng'],
    ['minimum', '/limit', { limit: 1 }, 'trường "limit" phải từ 1 trở lên'],
    ['maximum', '/limit', { limit: 500 }, 'trường "limit" không được lớn hơn 500'],
    ['exclusiveMinimum', '/size', { limit: 0 }, 'trường "size" phải lớn hơn 0'],
    ['minItems', '/recipients', { limit: 1 }, 'trường "recipients" phải có ít nhất 1 mục'],
    ['maxItems', '/recipients', { limit: 184 }, 'trường "recipients" chỉ được có tối đa 184 mục'],
    ['additionalProperties', '', { additionalProperty: 'admin' }, 'trường "admin" không được phép ở đây'],
    ['type', '/at', { type: 'integer' }, 'trường "at" phải là số nguyên'],
    ['required', '/meta', { missingProperty: 'title' }, 'thiếu trường "meta.title"'],
    ['const', '/kind', { allowedValue: 'unit' }, 'trường "kind" phải là "unit"'],
    ['uniqueItems', '/ids', {}, 'trường "ids" không hợp lệ'],
  ];
  for (const [keyword, path, params, said] of cases) {
    const message = fault(keyword, path, params);
    expect(message, keyword).toBe(`Yêu cầu không hợp lệ (tham số truy vấn): ${said}.`);
  }
});
