import { createHash } from 'node:crypto';
import { readConversation, readSyncPayload, readTask, syncStep1 } from '@thongsuot/shared';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import * as Y from 'yjs';
import { SignedInPeers } from '../testing/signed-in-peers.ts';
import { isManifest, isSync } from '../testing/test-peer.ts';
import { TestServer } from '../testing/test-server.ts';
import { adminCookie, appointClerks, callApi, createToken, readDatabase } from './test-api-client.ts';

vi.setConfig({ testTimeout: 60_000, hookTimeout: 60_000 });

/**
 * The integration API through a real relay over real HTTP (docs/operations.md "Integration API"):
 * tokens made by an administrator and kept only as hashes, the guard, keyed creation of
 * directives and incoming documents in the acting person's name through the relay's own rules,
 * and what a recipient's device then receives.
 */
let server: TestServer;
const peers = new SignedInPeers(() => server);
let office: { token: string; id: string };
const ALL = ['directives:create', 'documents:register', 'tasks:read'];
const directive = (title: string, extra: Record<string, unknown> = {}) => ({
  title,
  body: 'Các đơn vị rà soát điểm ngập, báo cáo về Văn phòng.',
  deadline: '2099-12-31',
  recipients: ['phuong-ben-thanh'],
  priority: 'urgent',
  sourceLevel: 'government_office',
  reference: '1234/VPCP-KGVX',
  ...extra,
});
const tasksTitled = (title: string): string[] =>
  readDatabase(server, (db) =>
    (db.prepare('SELECT doc_id FROM task_index WHERE title = ?').all(title) as { doc_id: string }[]).map(
      (r) => r.doc_id,
    ),
  );

beforeAll(async () => {
  server = await new TestServer().start();
  office = await createToken(server, { name: 'QLVB', actingUsername: 'vanphong', scopes: ALL, units: ['vp-ubnd'] });
  await appointClerks(
    peers,
    { username: 'chanhvanphong', id: 'u-chanhvp' },
    { id: 'vp-ubnd', name: 'Văn phòng Ủy ban nhân dân Thành phố', kind: 'office' },
    ['u-vanphong'],
  );
});

afterAll(async () => {
  peers.close();
  await server?.stop();
});

describe('API tokens', () => {
  it('shows a token once and stores only its SHA-256', async () => {
    const made = await createToken(server, {
      name: 'Hệ thống QLVB',
      actingId: 'u-vanphong',
      scopes: ['tasks:read'],
      units: ['vp-ubnd'],
    });
    expect(made.token).toMatch(/^ts_[0-9a-f]{16}_[A-Za-z0-9_-]{43}$/);
    expect(made.token.startsWith(`ts_${made.id}_`)).toBe(true);
    const row = readDatabase(server, (db) =>
      db.prepare('SELECT * FROM api_tokens WHERE id = ?').get(made.id),
    ) as Record<string, unknown>;
    expect(row.token_hash).toBe(createHash('sha256').update(made.token).digest('base64url'));
    const secret = made.token.slice(`ts_${made.id}_`.length);
    expect(JSON.stringify(row)).not.toContain(secret);
    const cookie = await adminCookie(server);
    const list = await fetch(`${server.url}/api/admin/api-tokens`, { headers: { cookie } });
    const text = await list.text();
    expect(list.status).toBe(200);
    expect(text).not.toContain(secret);
    const listed = (JSON.parse(text) as { tokens: Record<string, unknown>[] }).tokens.find((t) => t.id === made.id);
    expect(listed).toMatchObject({
      name: 'Hệ thống QLVB',
      scopes: ['tasks:read'],
      units: ['vp-ubnd'],
      revokedAt: null,
    });
    expect(listed).not.toHaveProperty('token');
    const audited = readDatabase(server, (db) =>
      db.prepare(`SELECT actor_id, detail FROM audit_log WHERE action = 'admin.api_token.create'`).all(),
    ) as { actor_id: string; detail: string }[];
    expect(audited.some((a) => a.actor_id === 'u-quantri' && JSON.parse(a.detail).token === made.id)).toBe(true);
  });

  it('is for administrators only, and its acting person must be an enabled account of its units', async () => {
    const cookie = await server.signIn('vanphong');
    const asClerk = await fetch(`${server.url}/api/admin/api-tokens`, { headers: { cookie } });
    expect(asClerk.status).toBe(403);
    expect(((await asClerk.json()) as { message: string }).message).toMatch(/không có quyền/);
    expect((await fetch(`${server.url}/api/admin/api-tokens`)).status).toBe(401);
    await expect(
      createToken(server, { name: 'x', actingUsername: 'vanphong', scopes: ALL, units: ['phuong-ben-thanh'] }),
    ).rejects.toThrow(/400.*đơn vị/);
    await expect(
      createToken(server, { name: 'x', actingUsername: 'nobody', scopes: ALL, units: ['vp-ubnd'] }),
    ).rejects.toThrow(/400/);
  });

  it('refuses a revoked token from the next request on (401), and audits the revocation', async () => {
    const made = await createToken(server, {
      name: 'tạm',
      actingUsername: 'vanphong',
      scopes: ALL,
      units: ['vp-ubnd'],
    });
    const task = await callApi(server, made.token, 'POST', '/api/v1/directives', directive('Thu hồi khóa'), 'r-1');
    expect(task.status).toBe(201);
    expect((await callApi(server, made.token, 'GET', `/api/v1/tasks/${task.body.taskId}`)).status).toBe(200);
    const lastUsed = readDatabase(server, (db) =>
      db.prepare('SELECT last_used_at FROM api_tokens WHERE id = ?').pluck().get(made.id),
    );
    expect(lastUsed).toEqual(expect.any(Number));
    const cookie = await adminCookie(server);
    const revoked = await fetch(`${server.url}/api/admin/api-tokens/${made.id}`, {
      method: 'DELETE',
      headers: { cookie },
    });
    expect(revoked.status).toBe(200);
    expect(((await revoked.json()) as { revokedAt: number }).revokedAt).toBeGreaterThan(0);
    const after = await callApi(server, made.token, 'GET', `/api/v1/tasks/${task.body.taskId}`);
    expect(after.status).toBe(401);
    expect(after.body.message).toBe('Khóa API không hợp lệ hoặc đã bị thu hồi.');
    const actions = readDatabase(server, (db) =>
      db.prepare(`SELECT action FROM audit_log WHERE detail LIKE ?`).pluck().all(`%${made.id}%`),
    );
    expect(actions).toEqual(
      expect.arrayContaining(['admin.api_token.revoke', 'api.directives.create', 'api.tasks.read']),
    );
  });

  it('answers 401 without a token or with an unknown one', async () => {
    const none = await callApi(server, null, 'GET', '/api/v1/tasks/x');
    expect(none.status).toBe(401);
    expect(none.headers.get('www-authenticate')).toBe('Bearer');
    const forged = `${office.token.slice(0, -4)}AAAA`;
    expect((await callApi(server, forged, 'GET', '/api/v1/tasks/x')).status).toBe(401);
    expect((await callApi(server, 'ts_nonsense', 'GET', '/api/v1/tasks/x')).status).toBe(401);
  });
});

describe('the guard', () => {
  it('answers 403 for a missing scope, a unit outside the token’s, and a disabled acting person', async () => {
    const readOnly = await createToken(server, {
      name: 'chỉ đọc',
      actingUsername: 'vanphong',
      scopes: ['tasks:read'],
      units: ['vp-ubnd'],
    });
    const noScope = await callApi(
      server,
      readOnly.token,
      'POST',
      '/api/v1/directives',
      directive('Không quyền'),
      's-1',
    );
    expect(noScope.status).toBe(403);
    expect(noScope.body.message).toMatch(/không được cấp quyền “directives:create”/);
    expect(tasksTitled('Không quyền')).toEqual([]);

    const foreign = await callApi(
      server,
      office.token,
      'POST',
      '/api/v1/documents/incoming',
      { unitId: 'phuong-ben-thanh', issuingBody: 'UBND', numberSymbol: '1/UBND', date: '2026-11-28', summary: 'x' },
      'f-1',
    );
    expect(foreign.status).toBe(403);
    expect(foreign.body.message).toMatch(/không được dùng cho đơn vị “phuong-ben-thanh”/);

    // A ward's task the office token's units neither issued nor received.
    const ward = await createToken(server, {
      name: 'phường',
      actingUsername: 'benthanh',
      scopes: ALL,
      units: ['phuong-ben-thanh'],
    });
    const wardTask = await callApi(
      server,
      ward.token,
      'POST',
      '/api/v1/directives',
      { title: 'Việc của phường', deadline: '2099-12-31', recipients: ['phuong-sai-gon'] },
      'w-1',
    );
    expect(wardTask.status).toBe(201);
    expect((await callApi(server, office.token, 'GET', `/api/v1/tasks/${wardTask.body.taskId}`)).status).toBe(404);

    server.app.context.accounts.setDisabled('u-benthanh', true);
    try {
      const disabled = await callApi(server, ward.token, 'GET', `/api/v1/tasks/${wardTask.body.taskId}`);
      expect(disabled.status).toBe(403);
      expect(disabled.body.message).toMatch(/đã bị khóa/);
    } finally {
      server.app.context.accounts.setDisabled('u-benthanh', false);
    }
    expect((await callApi(server, ward.token, 'GET', `/api/v1/tasks/${wardTask.body.taskId}`)).status).toBe(200);
  });
});

describe('POST /api/v1/directives', () => {
  it('creates one task for a key sent twice, and replays the first answer', async () => {
    const body = directive('Chống ngập tuần tự', { externalRef: 'QLVB-1' });
    const first = await callApi(server, office.token, 'POST', '/api/v1/directives', body, 'seq-1');
    expect(first.status).toBe(201);
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    const again = await callApi(server, office.token, 'POST', '/api/v1/directives', body, 'seq-1');
    expect(again.status).toBe(200);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(again.body).toEqual(first.body);
    expect(tasksTitled('Chống ngập tuần tự')).toEqual([`task/${first.body.taskId}`]);

    const changed = await callApi(
      server,
      office.token,
      'POST',
      '/api/v1/directives',
      { ...body, deadline: '2099-12-30' },
      'seq-1',
    );
    expect(changed.status).toBe(422);
    expect(changed.body.error).toBe('idempotency_key_reused');
    expect(tasksTitled('Chống ngập tuần tự')).toHaveLength(1);
  });

  it('creates one task for five concurrent requests with the same key', async () => {
    const body = directive('Chống ngập đồng thời');
    const answers = await Promise.all(
      Array.from({ length: 5 }, () => callApi(server, office.token, 'POST', '/api/v1/directives', body, 'conc-1')),
    );
    expect(answers.filter((a) => a.status === 201)).toHaveLength(1);
    for (const a of answers) expect([200, 201, 409]).toContain(a.status);
    // Those told "in flight" send again, as a client would, and get the first answer.
    const settled = await Promise.all(
      answers.map((a) =>
        a.status === 409 ? callApi(server, office.token, 'POST', '/api/v1/directives', body, 'conc-1') : a,
      ),
    );
    const ids = new Set(settled.map((a) => a.body.taskId));
    expect(ids.size).toBe(1);
    expect(tasksTitled('Chống ngập đồng thời')).toEqual([`task/${[...ids][0]}`]);
  });

  it('reaches a recipient’s device as a directive the app would have made, with its case group', async () => {
    const made = await callApi(server, office.token, 'POST', '/api/v1/directives', directive('Đến thiết bị'), 'dev-1');
    expect(made.status).toBe(201);
    const ward = await server.peer('benthanh');
    try {
      ward.send({ type: 'hello', cursor: 0 });
      const manifest = await ward.next(isManifest);
      const taskDocId = `task/${made.body.taskId}`;
      const convDocId = `conv/${made.body.caseGroupId}`;
      expect(manifest.docIds).toEqual(expect.arrayContaining([taskDocId, convDocId]));
      const fetchDoc = async (docId: string) => {
        ward.send({ type: 'sync', docId, ref: 0, payload: syncStep1(new Uint8Array([0])) });
        const step2 = readSyncPayload(
          (await ward.next((m): m is typeof m & { type: 'sync' } => isSync(m) && m.docId === docId)).payload,
        );
        const doc = new Y.Doc();
        if (step2.kind === 'step2') Y.applyUpdate(doc, step2.update);
        return doc;
      };
      const task = readTask(await fetchDoc(taskDocId));
      expect(task).toMatchObject({
        title: 'Đến thiết bị',
        issuerId: 'u-vanphong',
        issuerUnitId: 'vp-ubnd',
        sourceLevel: 'government_office',
        priority: 'urgent',
        reference: '1234/VPCP-KGVX',
        deadline: '2099-12-31',
      });
      expect(task?.assignments.map((a) => [a.recipientId, a.status])).toEqual([['phuong-ben-thanh', 'received']]);
      expect(task?.events.map((e) => e.type)).toEqual(['created']);
      const conv = readConversation(await fetchDoc(convDocId));
      expect(conv?.kind).toBe('case');
      // The issuer and the ward's leaders (the demo city's generated deputies among them).
      const leaders = server.app.context.accounts
        .officials()
        .filter((o) => o.unitId === 'phuong-ben-thanh' && o.rank <= 2)
        .map((o) => o.id);
      expect(leaders).toEqual(expect.arrayContaining(['u-benthanh', 'u-benthanh-pct']));
      expect(conv?.members.map((m) => m.personId).sort()).toEqual(['u-vanphong', ...leaders].sort());
    } finally {
      ward.close();
    }
    const status = await callApi(server, office.token, 'GET', `/api/v1/tasks/${made.body.taskId}`);
    expect(status.status).toBe(200);
    expect(status.body).toMatchObject({ title: 'Đến thiết bị', deadline: '2099-12-31' });
    expect((status.body.createdAt as { relay: number | null }).relay).toBeGreaterThan(0);
  });

  it('answers 403 with the relay rule’s message when the acting person may not assign to units', async () => {
    const specialist = await createToken(server, {
      name: 'chuyên viên',
      actingUsername: 'benthanh.vhxh',
      scopes: ALL,
      units: ['phuong-ben-thanh'],
    });
    const body = { title: 'Không được giao', deadline: '2099-12-31', recipients: ['phuong-sai-gon'] };
    const refused = await callApi(server, specialist.token, 'POST', '/api/v1/directives', body, 'sp-1');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('Chỉ lãnh đạo đơn vị mới được giao việc cho đơn vị khác.');
    expect(tasksTitled('Không được giao')).toEqual([]);
    // A refusal keeps nothing under its key.
    const kept = readDatabase(server, (db) =>
      db.prepare('SELECT COUNT(*) FROM api_requests WHERE token_id = ?').pluck().get(specialist.id),
    );
    expect(kept).toBe(0);
  });

  it('checks recipients, deadline and source level as the app’s form does', async () => {
    const bad = async (extra: Record<string, unknown>, key: string) =>
      callApi(server, office.token, 'POST', '/api/v1/directives', directive('Sai', extra), key);
    expect((await bad({ recipients: ['khong-co'] }, 'b-1')).body.error).toBe('invalid_recipients');
    expect((await bad({ recipients: ['vp-ubnd'] }, 'b-2')).body.error).toBe('invalid_recipients');
    expect((await bad({ deadline: '2000-01-01' }, 'b-3')).body.error).toBe('invalid_deadline');
    expect((await bad({ deadline: '2099-02-30' }, 'b-4')).status).toBe(400);
    expect((await bad({ sourceLevel: 'department' }, 'b-5')).body.error).toBe('invalid_source_level');
    const noKey = await callApi(server, office.token, 'POST', '/api/v1/directives', directive('Sai'));
    expect(noKey.status).toBe(400);
    expect(noKey.body.message).toBe(
      'Thiếu hoặc sai tiêu đề Idempotency-Key (1–200 ký tự). Yêu cầu không hợp lệ (tiêu đề): thiếu trường "idempotency-key".',
    );
    expect(tasksTitled('Sai')).toEqual([]);
  });
});

describe('incoming documents', () => {
  it('registers a document in the unit’s register, and the relay gives it a number', async () => {
    const body = {
      issuingBody: 'Văn phòng Chính phủ',
      numberSymbol: '1234/VPCP-KGVX',
      date: '2026-11-28',
      urgency: 'khan',
      summary: 'V/v phòng, chống ngập úng mùa mưa',
      externalRef: 'QLVB-DEN-1',
    };
    const made = await callApi(server, office.token, 'POST', '/api/v1/documents/incoming', body, 'in-1');
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ docId: `dossier/${made.body.documentId}`, externalRef: 'QLVB-DEN-1' });
    await server.app.context.registrar.idle();
    const read = await callApi(server, office.token, 'GET', `/api/v1/documents/${made.body.documentId}`);
    expect(read.status).toBe(200);
    expect(read.body.status).toBe('registered');
    expect(read.body.number).toEqual(expect.any(Number));
    expect(read.body.facts).toMatchObject({ issuingBody: 'Văn phòng Chính phủ', docType: 'cong_van', urgency: 'khan' });
    if (made.body.number !== null) expect(made.body.number).toBe(read.body.number);
    const again = await callApi(server, office.token, 'POST', '/api/v1/documents/incoming', body, 'in-1');
    expect(again.status).toBe(200);
    expect(again.body.documentId).toBe(made.body.documentId);
    const rows = readDatabase(server, (db) =>
      db.prepare(`SELECT COUNT(*) FROM dossiers WHERE unit_id = 'vp-ubnd'`).pluck().get(),
    );
    expect(rows).toBe(1);
  });

  it('answers 403 with the relay rule’s message when the acting person is not the unit’s clerk', async () => {
    const notClerk = await createToken(server, {
      name: 'không phải văn thư',
      actingUsername: 'benthanh.vhxh',
      scopes: ['documents:register'],
      units: ['phuong-ben-thanh'],
    });
    const body = { issuingBody: 'UBND', numberSymbol: '7/UBND', date: '2026-11-28', summary: 'Thử' };
    const refused = await callApi(server, notClerk.token, 'POST', '/api/v1/documents/incoming', body, 'nc-1');
    expect(refused.status).toBe(403);
    expect(refused.body.message).toBe('Chỉ văn thư của đơn vị mới được vào sổ văn bản đến, nhân danh chính mình.');
  });
});

describe('the OpenAPI document', () => {
  it('describes every integration route with its tag, security and schemas', async () => {
    const doc = (await (await fetch(`${server.url}/api/docs`)).json()) as {
      paths: Record<
        string,
        Record<string, { tags?: string[]; security?: unknown[]; responses: Record<string, unknown> }>
      >;
    };
    const v1 = Object.entries(doc.paths).filter(([path]) => path.startsWith('/api/v1/'));
    expect(v1.map(([path]) => path).sort()).toEqual([
      '/api/v1/directives',
      '/api/v1/documents/incoming',
      '/api/v1/documents/{id}',
      '/api/v1/tasks/{id}',
    ]);
    for (const [, methods] of v1) {
      for (const op of Object.values(methods)) {
        expect(op.tags).toEqual(['integration']);
        expect(op.security).toEqual([{ apiToken: [] }]);
        expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['401', '403', '429']));
      }
    }
  });
});
