// schema.graphql at the repository root must be exactly what the code emits.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { buildSchema as parseSDL, graphql } from 'graphql';
import { printSchema } from '../../src/graphql/schema.js';
import { repositoryRoot } from '../../src/graphql/emit-schema.js';

const root = repositoryRoot(dirname(fileURLToPath(import.meta.url)));

test('schema.graphql matches the schema built from code (run `npm run schema:emit` after changing src/graphql)', async () => {
  const checkedIn = readFileSync(join(root, 'schema.graphql'), 'utf8');
  const emitted = await printSchema();
  assert.equal(checkedIn, emitted, 'schema.graphql is stale: run `npm run schema:emit` and commit it');
});

test('the emitted schema is stable and valid SDL with the admin operations', async () => {
  assert.equal(await printSchema(), await printSchema());
  const schema = parseSDL(await printSchema());
  const query = schema.getQueryType()!.getFields();
  const mutation = schema.getMutationType()!.getFields();
  for (const name of ['clients', 'client', 'keySet', 'keySets', 'loginRequest', 'consentRequest', 'consentSessions', 'introspectToken']) assert.ok(query[name], `Query.${name}`);
  for (const name of [
    'createClient', 'replaceClient', 'patchClient', 'deleteClient', 'setClientLifespans', 'rotateClientSecret',
    'deleteRotatedClientSecrets', 'createKey', 'importKey', 'replaceKeySet', 'deleteKey', 'deleteKeySet',
    'acceptLoginRequest', 'rejectLoginRequest', 'acceptConsentRequest', 'rejectConsentRequest',
    'revokeConsentSessions', 'revokeLoginSessions', 'deleteClientAccessTokens',
  ]) {
    assert.ok(mutation[name], `Mutation.${name}`);
  }
  // The secret is only ever part of a create/rotate payload.
  const client = schema.getType('OAuth2Client') as import('graphql').GraphQLObjectType;
  assert.equal(client.getFields().clientSecret, undefined);
  // Requests and sessions resolve their client; they never embed a client id field of their own.
  for (const type of ['LoginRequest', 'ConsentRequest', 'ConsentSession']) {
    const fields = (schema.getType(type) as import('graphql').GraphQLObjectType).getFields();
    assert.ok(fields.client, `${type}.client`);
    assert.equal(fields.clientId, undefined, `${type}.clientId`);
  }
  const result = await graphql({ schema, source: '{ __type(name: "OAuth2Client") { name } }' });
  assert.deepEqual(JSON.parse(JSON.stringify(result.data)), { __type: { name: 'OAuth2Client' } });
});
