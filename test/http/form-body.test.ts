// How the OAuth 2.0 endpoints read their application/x-www-form-urlencoded
// bodies (src/http/oauth2-responses.ts parseForm), through the real token
// endpoint: what is accepted, and what is refused with invalid_request rather
// than a 500 or a misread.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestServer, type TestServer } from '../support/server.js';
import { basic, ccClient } from '../token/support.js';
import type { OAuth2Client } from '../../src/domain/client/model.js';

describe('form bodies on the OAuth 2.0 endpoints', () => {
  let server: TestServer;
  let client: OAuth2Client;
  let authorization: string;
  before(async () => {
    server = await startTestServer({ backend: 'sqlite' });
    client = await ccClient(server);
    authorization = basic(client.client_id!, client.client_secret!);
  });
  after(() => server?.close());

  const post = async (body: string | Buffer, headers: Record<string, string>) => {
    const res = await fetch(`${server.publicUrl}/oauth2/token`, { method: 'POST', headers: { authorization, ...headers }, body });
    return { status: res.status, json: (await res.json()) as Record<string, string> };
  };
  const FORM = { 'content-type': 'application/x-www-form-urlencoded' };

  test('percent-escapes and + decode; a UTF-8 charset parameter is accepted', async () => {
    const res = await post('grant_type=client%5Fcredentials&scope=read+write', { 'content-type': 'application/x-www-form-urlencoded; charset=UTF-8' });
    assert.equal(res.status, 200, JSON.stringify(res.json));
    assert.equal(res.json.scope, 'read write');
  });

  test('parameters named like Object.prototype members (__proto__, constructor) do not disturb the request', async () => {
    const res = await post('__proto__=x&constructor=y&grant_type=client_credentials&scope=read', FORM);
    assert.equal(res.status, 200, JSON.stringify(res.json));
  });

  test('a body in several chunks is read whole', async () => {
    const parts = ['grant_type=client_', 'credentials&sc', 'ope=read'];
    const stream = new ReadableStream({
      async pull(controller) {
        const next = parts.shift();
        if (next === undefined) controller.close();
        else {
          await new Promise((r) => setTimeout(r, 5));
          controller.enqueue(new TextEncoder().encode(next));
        }
      },
    });
    const res = await fetch(`${server.publicUrl}/oauth2/token`, {
      method: 'POST',
      headers: { authorization, ...FORM },
      body: stream,
      duplex: 'half',
    } as RequestInit);
    assert.equal(res.status, 200, await res.text());
  });

  test('another content type leaves the body unread: the request is empty', async () => {
    const res = await post(JSON.stringify({ grant_type: 'client_credentials' }), { 'content-type': 'application/json' });
    assert.equal(res.status, 400);
    assert.equal(res.json.error, 'invalid_request');
    assert.match(res.json.error_description, /The POST body can not be empty/);
  });

  test('other charsets, compressed bodies and bodies over 1 MiB are invalid_request', async () => {
    const latin1 = await post('grant_type=client_credentials', { 'content-type': 'application/x-www-form-urlencoded; charset=ISO-8859-1' });
    const gzip = await post('grant_type=client_credentials', { ...FORM, 'content-encoding': 'gzip' });
    const huge = await post(`grant_type=client_credentials&pad=${'a'.repeat((1 << 20) + 1)}`, FORM);
    for (const res of [latin1, gzip, huge]) {
      assert.equal(res.status, 400);
      assert.equal(res.json.error, 'invalid_request');
      assert.match(res.json.error_description, /Unable to parse HTTP body/);
    }
  });
});
