import type { FastifyError, FastifyInstance, FastifySchemaValidationError } from 'fastify';
import { sendError } from '../auth/guards.ts';

/** Where in the request a schema found the fault. */
const PLACES: Readonly<Record<string, string>> = {
  body: 'nội dung',
  querystring: 'tham số truy vấn',
  params: 'đường dẫn',
  headers: 'tiêu đề',
};

const TYPES: Readonly<Record<string, string>> = {
  string: 'chuỗi ký tự',
  number: 'số',
  integer: 'số nguyên',
  boolean: 'true hoặc false',
  object: 'đối tượng',
  array: 'danh sách',
  null: 'null',
};

/** One schema error in Vietnamese: what is wrong with which field. */
function describe(error: FastifySchemaValidationError): string {
  const params = error.params as Record<string, unknown>;
  const path = error.instancePath.replace(/^\//, '').replaceAll('/', '.');
  const field = path === '' ? 'yêu cầu' : `trường "${path}"`;
  switch (error.keyword) {
    case 'required':
      return `thiếu trường "${[path, String(params.missingProperty)].filter(Boolean).join('.')}"`;
    case 'type': {
      const types = String(params.type).split(',');
      return `${field} phải là ${types.map((t) => TYPES[t] ?? t).join(' hoặc ')}`;
    }
    case 'minLength':
      return `${field} phải có ít nhất ${params.limit} ký tự`;
    case 'maxLength':
      return `${field} chỉ được có tối đa ${params.limit} ký tự`;
    case 'minItems':
      return `${field} phải có ít nhất ${params.limit} mục`;
    case 'maxItems':
      return `${field} chỉ được có tối đa ${params.limit} mục`;
    case 'minimum':
      return `${field} phải từ ${params.limit} trở lên`;
    case 'exclusiveMinimum':
      return `${field} phải lớn hơn ${params.limit}`;
    case 'maximum':
      return `${field} không được lớn hơn ${params.limit}`;
    case 'exclusiveMaximum':
      return `${field} phải nhỏ hơn ${params.limit}`;
    case 'pattern':
    case 'format':
      return `${field} không đúng định dạng`;
    case 'enum':
      return `${field} phải là một trong: ${(params.allowedValues as unknown[]).join(', ')}`;
    case 'const':
      return `${field} phải là ${JSON.stringify(params.allowedValue)}`;
    case 'additionalProperties':
      return `trường "${params.additionalProperty}" không được phép ở đây`;
    default:
      return `${field} không hợp lệ`;
  }
}

/**
 * Fastify's `schemaErrorFormatter`: a request a route's schema refuses gets its reason in
 * Vietnamese, as every other refusal does (Fastify's own is Ajv's English).
 */
export function vietnameseSchemaError(errors: FastifySchemaValidationError[], dataVar: string): Error {
  const place = PLACES[dataVar] ?? dataVar;
  return new Error(`Yêu cầu không hợp lệ (${place}): ${errors.map(describe).join('; ')}.`);
}

/** Fastify's own refusals of a request before any route runs, in Vietnamese. */
const FASTIFY_REFUSALS: Readonly<Record<string, string>> = {
  FST_ERR_CTP_BODY_TOO_LARGE: 'Nội dung gửi lên quá lớn.',
  FST_ERR_CTP_INVALID_MEDIA_TYPE: 'Kiểu nội dung gửi lên không được hỗ trợ.',
  FST_ERR_CTP_EMPTY_JSON_BODY: 'Yêu cầu có kiểu JSON nhưng không có nội dung.',
  FST_ERR_CTP_INVALID_JSON_BODY: 'Nội dung gửi lên không phải JSON hợp lệ.',
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: 'Độ dài nội dung không khớp với tiêu đề Content-Length.',
};

/**
 * The app's error handler: every error body is `{statusCode, error, message}` with the message in
 * Vietnamese. A route's own 4xx errors keep their message (ours are written in Vietnamese); a
 * server fault is logged and reported without its details.
 */
export function vietnameseErrors(
  app: FastifyInstance,
  /** What a schema refusal says (default: the field's fault, `vietnameseSchemaError`). */
  invalid: (error: FastifyError) => string = (error) => error.message,
): void {
  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation) return sendError(reply, 400, 'invalid_request', invalid(error));
    const status = error.statusCode ?? 500;
    if (status < 500) {
      const known =
        FASTIFY_REFUSALS[error.code] ??
        (error instanceof SyntaxError ? FASTIFY_REFUSALS.FST_ERR_CTP_INVALID_JSON_BODY : undefined);
      return sendError(reply, status, error.code ?? 'bad_request', known ?? error.message);
    }
    request.log.error(error);
    return sendError(reply, 500, 'internal', 'Máy chủ gặp lỗi khi xử lý yêu cầu; hãy thử lại sau.');
  });
}
