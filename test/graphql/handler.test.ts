// The GraphQL edge on its own, over in-memory fakes of the service contracts:
// body parsing, camelCase ↔ snake_case mapping, DataLoader batching and error
// rendering, independent of the database.
import { after, before, describe, test, mock } from 'node:test';
import assert from 'node:assert/strict';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import express from 'express';
import type { JWK } from 'jose';
import type { Services } from '../../src/app.js';
import type { OAuth2Client, OAuth2ClientInput } from '../../src/domain/client/model.js';
import { LIFESPAN_FIELDS } from '../../src/domain/client/model.js';
import type { JsonPatchOperation } from '../../src/domain/client/service.js';
import { invalidClientMetadata, notFound } from '../../src/domain/errors.js';
import { graphqlHandler } from '../../src/graphql/server.js';
import { errorHandler } from '../../src/http/middleware/errors.js';
import { silentLogger } from '../../src/log.js';
import {
  ClientsDocument,
  CreateClientDocument,
  DeleteClientDocument,
  KeySetsDocument,
  PatchClientDocument,
  ThreeClientsDocument,
} from './generated/graphql.js';
import { data, execute, failure } from './support.js';

function wireClient(input: OAuth2ClientInput): OAuth2Client {
  const lifespans = Object.fromEntries(LIFESPAN_FIELDS.map((f) => [f, null])) as Record<string, null>;
  const now = new Date().toISOString();
  return {
    ...lifespans,
    client_id: 'generated', client_name: '', client_secret_expires_at: 0, redirect_uris: [], grant_types: [], response_types: [],
    scope: '', audience: [], owner: '', policy_uri: '', allowed_cors_origins: [], tos_uri: '', client_uri: '', logo_uri: '',
    contacts: [], subject_type: 'public', sector_identifier_uri: '', jwks_uri: '', jwks: {}, token_endpoint_auth_method: 'client_secret_basic',
    token_endpoint_auth_signing_alg: '', request_uris: [], request_object_signing_alg: '', userinfo_signed_response_alg: '',
    frontchannel_logout_uri: '', frontchannel_logout_session_required: false, post_logout_redirect_uris: [], backchannel_logout_uri: '',
    backchannel_logout_session_required: false, metadata: {}, access_token_strategy: 'opaque', skip_consent: false, skip_logout_consent: null,
    created_at: now, updated_at: now,
    ...input,
  } as OAuth2Client;
}

const store = new Map<string, OAuth2Client>(['a', 'b', 'c'].map((id) => [id, wireClient({ client_id: id, client_name: `name ${id}` })]));
const keySets: Record<string, JWK[]> = { one: [{ kty: 'oct', kid: 'k1', k: 'c2VjcmV0', alg: 'HS256', use: 'sig' }], two: [{ kty: 'EC', kid: 'k2', crv: 'P-256', x: 'x', y: 'y', d: 'private' }] };

const clients = {
  async create(input: OAuth2ClientInput) {
    if (input.subject_type === 'bogus') throw invalidClientMetadata('Subject type bogus is not supported.');
    return { ...wireClient(input), client_secret: 'plain-secret' };
  },
  async getMany(ids: readonly string[]) {
    return new Map(ids.filter((id) => store.has(id)).map((id) => [id, store.get(id)!]));
  },
  async list() {
    throw new Error('db exploded at /secret/path');
  },
  async patch(id: string, _operations: JsonPatchOperation[]) {
    return store.get(id)!;
  },
  async delete(_id: string) {
    throw notFound();
  },
};
const keys = {
  async listSets() {
    return Object.keys(keySets);
  },
  async getSet(set: string) {
    if (!keySets[set]) throw notFound();
    return { keys: keySets[set] };
  },
};
const services = { clients, keys } as unknown as Services;

let server: Server;
let adminUrl: string;

before(async () => {
  const app = express();
  app.use('/admin/graphql', await graphqlHandler(services, silentLogger));
  app.use(errorHandler(silentLogger, false));
  server = app.listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  adminUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => new Promise<void>((resolve) => server.close(() => resolve())));

describe('GraphQL handler over fake services', () => {
  test('parses JSON itself and batches client(id:) lookups into one getMany', async () => {
    const spy = mock.method(clients, 'getMany');
    try {
      const result = await data(adminUrl, ThreeClientsDocument, { a: 'a', b: 'b', c: 'missing' });
      assert.equal(result.a?.clientName, 'name a');
      assert.equal(result.b?.clientId, 'b');
      assert.equal(result.c, null);
      assert.equal(spy.mock.callCount(), 1);
      assert.deepEqual([...spy.mock.calls[0]!.arguments[0]], ['a', 'b', 'missing']);
    } finally {
      spy.mock.restore();
    }
  });

  test('maps camelCase input to the snake_case wire input and shows the secret only in the payload', async () => {
    const spy = mock.method(clients, 'create');
    try {
      const result = await data(adminUrl, CreateClientDocument, {
        input: { clientName: 'x', redirectUris: ['https://a.example/cb'], owner: null, implicitGrantIdTokenLifespan: null, skipLogoutConsent: true, metadata: { fooBar: 1 } },
      });
      assert.deepEqual(spy.mock.calls[0]!.arguments[0], {
        client_name: 'x',
        redirect_uris: ['https://a.example/cb'],
        implicit_grant_id_token_lifespan: null,
        skip_logout_consent: true,
        metadata: { fooBar: 1 },
      });
      assert.equal(result.createClient.clientSecret, 'plain-secret');
      assert.equal((result.createClient.client as Record<string, unknown>).clientSecret, undefined);
      assert.deepEqual(result.createClient.client.metadata, { fooBar: 1 });
    } finally {
      spy.mock.restore();
    }
  });

  test('rewrites camelCase JSON Patch paths to wire names', async () => {
    const spy = mock.method(clients, 'patch');
    try {
      await data(adminUrl, PatchClientDocument, {
        id: 'a',
        patch: [
          { op: 'REPLACE', path: '/clientName', value: 'n' },
          { op: 'ADD', path: '/redirectUris/-', value: 'https://b.example/cb' },
          { op: 'REPLACE', path: '/metadata/someKey', value: null },
          { op: 'MOVE', from: '/clientUri', path: '/policy_uri' },
        ],
      });
      assert.deepEqual(spy.mock.calls[0]!.arguments[1], [
        { op: 'replace', path: '/client_name', value: 'n' },
        { op: 'add', path: '/redirect_uris/-', value: 'https://b.example/cb' },
        { op: 'replace', path: '/metadata/someKey', value: null },
        { op: 'move', path: '/policy_uri', from: '/client_uri' },
      ]);
    } finally {
      spy.mock.restore();
    }
  });

  test('an OAuth2Error becomes extensions {code, status, description} without a stack trace', async () => {
    const invalid = await failure(adminUrl, CreateClientDocument, { input: { subjectType: 'bogus' } });
    assert.equal(invalid.extensions?.code, 'invalid_client_metadata');
    assert.equal(invalid.extensions?.status, 400);
    assert.match(String(invalid.extensions?.description), /Subject type bogus is not supported/);
    assert.match(invalid.message, /Subject type bogus/);
    assert.equal(invalid.extensions?.stacktrace, undefined);

    const missing = await failure(adminUrl, DeleteClientDocument, { id: 'nope' });
    assert.equal(missing.extensions?.code, 'NOT_FOUND');
    assert.equal(missing.extensions?.status, 404);
    assert.match(missing.message, /Unable to locate the resource/);
  });

  test('unexpected errors are masked', async () => {
    const error = await failure(adminUrl, ClientsDocument, {});
    assert.equal(error.extensions?.code, 'INTERNAL_SERVER_ERROR');
    assert.doesNotMatch(JSON.stringify(error), /exploded|secret\/path|at .*\.js/);
  });

  test('keys of all sets load through one DataLoader batch, private members never shown', async () => {
    const spy = mock.method(keys, 'getSet');
    try {
      const result = await data(adminUrl, KeySetsDocument);
      assert.deepEqual(result.keySets.map((s) => [s.set, s.keys.map((k) => k.kid)]), [['one', ['k1']], ['two', ['k2']]]);
      assert.equal(spy.mock.callCount(), 2);
      const raw = await execute(adminUrl, KeySetsDocument);
      assert.doesNotMatch(JSON.stringify(raw), /private|c2VjcmV0/);
    } finally {
      spy.mock.restore();
    }
  });

  test('CSRF prevention: a simple (non-JSON) POST is refused', async () => {
    const response = await fetch(`${adminUrl}/admin/graphql`, { method: 'POST', headers: { 'Content-Type': 'text/plain' }, body: '{"query":"{ keySets { set } }"}' });
    assert.equal(response.status, 400);
  });

  test('malformed JSON gets the Hydra-style error of the admin app', async () => {
    const response = await fetch(`${adminUrl}/admin/graphql`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{"query":' });
    assert.equal(response.status, 400);
    assert.equal(((await response.json()) as { error: string }).error, 'invalid_request');
  });

  test('GET queries work (no body) when they carry the preflight header', async () => {
    const url = `${adminUrl}/admin/graphql?query=${encodeURIComponent('{ keySets { set } }')}`;
    const response = await fetch(url, { headers: { 'apollo-require-preflight': 'true' } });
    assert.equal(response.status, 200);
    assert.deepEqual(await response.json(), { data: { keySets: [{ set: 'one' }, { set: 'two' }] } });
    assert.equal((await fetch(url)).status, 400, 'CSRF prevention refuses a bare GET');
  });

  test('introspection is on', async () => {
    const response = await fetch(`${adminUrl}/admin/graphql`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ query: '{ __schema { queryType { name } } }' }),
    });
    assert.deepEqual(await response.json(), { data: { __schema: { queryType: { name: 'Query' } } } });
  });
});
