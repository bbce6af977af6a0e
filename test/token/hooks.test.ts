// oauth2.token_hook and oauth2.refresh_token_hook against a local endpoint:
// what the hook is sent, how its answer changes the tokens, and how each kind
// of failure is reported without consuming the code.
import { after, before, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decodeJwt } from 'jose';
import { backends, startTestServer, type TestServer } from '../support/server.js';
import { ccClient, ccToken, codeClient, exchange, introspect, issueCode, refresh, postForm } from './support.js';

interface HookCall {
  path: string;
  headers: IncomingHttpHeaders;
  body: any;
}

/** A hook endpoint whose answer each test sets. */
class HookEndpoint {
  calls: HookCall[] = [];
  answer: (call: HookCall) => { status: number; body?: unknown } = () => ({ status: 204 });
  private server!: Server;
  url = '';

  async start() {
    this.server = createServer((req, res) => {
      let raw = '';
      req.on('data', (c) => (raw += c));
      req.on('end', () => {
        const call = { path: req.url!, headers: req.headers, body: JSON.parse(raw) };
        this.calls.push(call);
        const { status, body } = this.answer(call);
        res.writeHead(status, body === undefined ? {} : { 'content-type': 'application/json' }).end(body === undefined ? undefined : JSON.stringify(body));
      });
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    this.url = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  close() {
    this.server.close();
  }
}

for (const backend of backends) {
  describe(`token hooks (${backend})`, () => {
    const hook = new HookEndpoint();
    let server: TestServer;
    before(async () => {
      await hook.start();
      server = await startTestServer({
        backend,
        env: {
          OAUTH2_TOKEN_HOOK: JSON.stringify({ url: `${hook.url}/token`, auth: { type: 'api_key', config: { in: 'header', name: 'Authorization', value: 'Bearer hook-key' } } }),
          OAUTH2_REFRESH_TOKEN_HOOK: `${hook.url}/refresh`,
        },
      });
    });
    after(async () => {
      await server.close();
      hook.close();
    });
    beforeEach(() => {
      hook.calls = [];
      hook.answer = () => ({ status: 204 });
    });

    test('client_credentials: the hook sees the request (no secrets) and its claims reach the token', async () => {
      const client = await ccClient(server, { token_endpoint_auth_method: 'client_secret_post' });
      hook.answer = () => ({ status: 200, body: { session: { access_token: { tenant: 'hooked' }, id_token: {} } } });
      const issued = await postForm(`${server.publicUrl}/oauth2/token`, {
        grant_type: 'client_credentials', scope: 'read', client_id: client.client_id, client_secret: client.client_secret!,
      });
      assert.equal(issued.status, 200, issued.text);
      assert.equal(hook.calls.length, 1, 'the refresh hook is not called for other grants');
      const [call] = hook.calls;
      assert.equal(call!.path, '/token');
      assert.equal(call!.headers.authorization, 'Bearer hook-key');
      assert.equal(call!.headers['content-type'], 'application/json; charset=UTF-8');
      assert.deepEqual(call!.body.request, {
        client_id: client.client_id, requested_scopes: ['read'], granted_scopes: ['read'], granted_audience: [], grant_types: ['client_credentials'],
        payload: { grant_type: ['client_credentials'], scope: ['read'], client_id: [client.client_id] },
      });
      assert.equal(call!.body.session.client_id, client.client_id);
      assert.equal(call!.body.session.id_token.subject, client.client_id);
      const active = await introspect(server, { token: issued.json.access_token });
      assert.deepEqual(active.json.ext, { tenant: 'hooked' });
    });

    test('authorization_code: claims replaced in the ID token and the access token; refresh calls both hooks in order', async () => {
      const client = await codeClient(server);
      const { code } = await issueCode(server, client);
      hook.answer = ({ body }) => {
        assert.deepEqual(body.session.extra, { tenant: 'acme' }, 'the hook sees the consent\'s claims');
        assert.equal(body.session.id_token.id_token_claims.ext.email, 'user@example.com');
        return { status: 200, body: { session: { access_token: { tier: 'gold' }, id_token: { email: 'hooked@example.com' } } } };
      };
      const tokens = await exchange(server, client, code);
      assert.equal(tokens.status, 200, tokens.text);
      assert.deepEqual(hook.calls[0]!.body.request.payload, { grant_type: ['authorization_code'] }, 'neither the code nor redirect_uri is forwarded');
      assert.equal(decodeJwt(tokens.json.id_token).email, 'hooked@example.com');
      assert.deepEqual((await introspect(server, { token: tokens.json.access_token })).json.ext, { tier: 'gold' });

      hook.calls = [];
      hook.answer = ({ path, body }) =>
        path === '/refresh'
          ? { status: 200, body: { session: { access_token: { tier: 'platinum' }, id_token: { email: 'refreshed@example.com' } } } }
          : { status: 200, body: { session: { access_token: { ...body.session.extra, seen: true }, id_token: body.session.id_token.id_token_claims.ext } } };
      const refreshed = await refresh(server, client, tokens.json.refresh_token);
      assert.equal(refreshed.status, 200, refreshed.text);
      assert.deepEqual(hook.calls.map((c) => c.path), ['/refresh', '/token']);
      assert.equal(hook.calls[0]!.body.subject, 'user-1');
      assert.deepEqual(hook.calls[0]!.body.requester.grant_types, ['refresh_token']);
      assert.equal(decodeJwt(refreshed.json.id_token).email, 'refreshed@example.com');
      assert.deepEqual((await introspect(server, { token: refreshed.json.access_token })).json.ext, { tier: 'platinum', seen: true });
    });

    test('204 keeps the session as it was', async () => {
      const client = await codeClient(server);
      const { code } = await issueCode(server, client);
      const tokens = await exchange(server, client, code);
      assert.equal(tokens.status, 200, tokens.text);
      assert.equal(decodeJwt(tokens.json.id_token).email, 'user@example.com');
      assert.deepEqual((await introspect(server, { token: tokens.json.access_token })).json.ext, { tenant: 'acme' });
    });

    test('failures: 403 denies, other statuses and bad answers fail, and the code stays usable', async () => {
      const client = await codeClient(server);
      const { code } = await issueCode(server, client);
      hook.answer = () => ({ status: 403 });
      const denied = await exchange(server, client, code);
      assert.equal(denied.status, 403);
      assert.equal(denied.json.error, 'access_denied');
      assert.equal(denied.json.error_description, 'The token hook target responded with an error.');

      for (const answer of [{ status: 500 }, { status: 200, body: { session: { access_token: ['not', 'claims'] } } }]) {
        hook.answer = () => answer;
        const failed = await exchange(server, client, code);
        assert.equal(failed.status, 500, JSON.stringify(answer));
        assert.equal(failed.json.error, 'server_error');
        assert.equal(failed.json.error_description, 'The token hook target responded with an error.');
      }

      hook.answer = () => ({ status: 204 });
      const retried = await exchange(server, client, code);
      assert.equal(retried.status, 200, 'a failed hook did not consume the code');
    });
  });
}

describe('token hook that cannot be reached', () => {
  let server: TestServer;
  before(async () => {
    server = await startTestServer({ env: { OAUTH2_TOKEN_HOOK: 'http://127.0.0.1:9/unreachable', CLIENTS_HTTP_DISALLOW_PRIVATE_IP_RANGES: 'true', OAUTH2_EXPOSE_INTERNAL_ERRORS: 'true' } });
  });
  after(() => server.close());

  test('is a server_error, and the private-network rule applies to it as to every outgoing call', async () => {
    const client = await ccClient(server);
    const failed = await ccToken(server, client);
    assert.equal(failed.status, 500);
    assert.equal(failed.json.error, 'server_error');
    assert.equal(failed.json.error_description, 'An error occurred while executing the token hook.');
    assert.match(failed.json.error_debug, /private network address/);
  });
});
