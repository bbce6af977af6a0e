// Health, version, and the JSON error contract of both listeners.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import pg from 'pg';
import { backends, startTestServer, type TestServer } from '../support/server.js';

let server: TestServer;
before(async () => {
  server = await startTestServer({ env: { SERVE_ADMIN_CORS_ENABLED: 'true', SERVE_ADMIN_CORS_ALLOWED_ORIGINS: 'https://console.example.com' } });
});
after(() => server.close());

test('health and version on both listeners', async () => {
  for (const base of [server.publicUrl, server.adminUrl]) {
    for (const path of ['/health/alive', '/health/ready']) {
      const res = await fetch(base + path);
      assert.equal(res.status, 200, `${base}${path}`);
      assert.deepEqual(await res.json(), { status: 'ok' });
    }
    const version = await fetch(base + '/version');
    assert.match(((await version.json()) as { version: string }).version, /^\d+\.\d+\.\d+/);
  }
});

test('readiness fails once the database is closed (shutdown)', async () => {
  const other = await startTestServer();
  await other.gatehouse.db.close();
  const res = await fetch(other.adminUrl + '/health/ready');
  assert.equal(res.status, 503);
  assert.match(((await res.json()) as { errors: Record<string, string> }).errors.database, /closed/);
  await other.close();
});

test('readiness fails when PostgreSQL loses the database', { skip: !backends.includes('postgresql') }, async () => {
  const other = await startTestServer({ backend: 'postgresql' });
  const name = new URL(other.dsn).pathname.slice(1);
  const admin = new pg.Client({ connectionString: process.env.GATEHOUSE_TEST_POSTGRES_URL });
  await admin.connect();
  await admin.query(`DROP DATABASE ${name} WITH (FORCE)`);
  await admin.end();
  const res = await fetch(other.adminUrl + '/health/ready');
  assert.equal(res.status, 503);
  assert.ok(((await res.json()) as { errors: Record<string, string> }).errors.database);
  const alive = await fetch(other.adminUrl + '/health/alive');
  assert.equal(alive.status, 200);
  await other.close();
});

test('unknown routes answer JSON 404 in Hydra error format', async () => {
  for (const url of [server.publicUrl + '/nope', server.adminUrl + '/admin/nope']) {
    const res = await fetch(url);
    assert.equal(res.status, 404);
    assert.match(res.headers.get('content-type') ?? '', /application\/json/);
    assert.deepEqual(await res.json(), { error: 'Unable to locate the resource', error_description: '' });
  }
});

test('malformed JSON gets 400 invalid_request, not a 500', async () => {
  const res = await fetch(server.adminUrl + '/admin/clients', { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"client_name": ' });
  assert.equal(res.status, 400);
  const body = (await res.json()) as { error: string; error_description: string };
  assert.equal(body.error, 'invalid_request');
  assert.match(body.error_description, /not valid JSON/);
});

test('a path parameter that is not valid percent-encoding gets 400 invalid_request, not a 500', async () => {
  for (const url of [`${server.adminUrl}/admin/clients/%ff`, `${server.adminUrl}/admin/trust/grants/jwt-bearer/issuers/%E0%A4%A`, `${server.adminUrl}/admin/keys/%ff/kid`]) {
    const res = await fetch(url);
    assert.equal(res.status, 400, url);
    assert.equal(((await res.json()) as { error: string }).error, 'invalid_request', url);
  }
});

test('admin JSON bodies: scalars, other charsets, compression and oversize are refused; +json types and empty bodies are read', async () => {
  const post = async (body: string, headers: Record<string, string>) => {
    const res = await fetch(server.adminUrl + '/admin/clients', { method: 'POST', headers, body });
    return { status: res.status, json: (await res.json()) as Record<string, string> };
  };
  const JSON_TYPE = { 'Content-Type': 'application/json' };
  const scalar = await post('"a string"', JSON_TYPE);
  assert.equal(scalar.status, 400);
  assert.match(scalar.json.error_description!, /not valid JSON/);
  const latin1 = await post('{}', { 'Content-Type': 'application/json; charset=ISO-8859-1' });
  const gzip = await post('{}', { ...JSON_TYPE, 'Content-Encoding': 'gzip' });
  for (const res of [latin1, gzip]) {
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'invalid_request');
    assert.match(res.json.error_description!, /encoding is not supported/);
  }
  const huge = await post(JSON.stringify({ client_name: 'x'.repeat(1 << 20) }), JSON_TYPE);
  assert.equal(huge.status, 413);
  assert.equal(huge.json.error, 'invalid_request');
  const vendorType = await post(JSON.stringify({ client_name: 'vendor json' }), { 'Content-Type': 'application/merge-patch+json; charset=utf-8' });
  assert.equal(vendorType.status, 201);
  assert.equal(vendorType.json.client_name, 'vendor json');
  const empty = await post('', JSON_TYPE);
  assert.equal(empty.status, 201, 'an empty body is an empty client document');
});

test('admin CORS answers only the configured origin', async () => {
  const preflight = await fetch(server.adminUrl + '/admin/clients', {
    method: 'OPTIONS',
    headers: { Origin: 'https://console.example.com', 'Access-Control-Request-Method': 'POST' },
  });
  assert.equal(preflight.status, 204);
  assert.equal(preflight.headers.get('access-control-allow-origin'), 'https://console.example.com');
  assert.match(preflight.headers.get('access-control-allow-methods') ?? '', /POST/);
  const foreign = await fetch(server.adminUrl + '/health/alive', { headers: { Origin: 'https://evil.example.com' } });
  assert.equal(foreign.headers.get('access-control-allow-origin'), null);
});
