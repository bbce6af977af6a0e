// Hydra's client validation rules and messages (client/validator.go), and the
// Go-style decoding that precedes them.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPairSync } from 'node:crypto';
import { OAuth2Error } from '../../src/domain/errors.js';
import { decodeClient, decodeLifespans } from '../../src/domain/client/decode.js';
import { supportedSubjectTypes, validateClient, DEFAULT_VALIDATOR_OPTIONS, type ValidatorOptions } from '../../src/domain/client/validator.js';
import { parseRequestURI } from '../../src/domain/client/uri.js';

const METADATA =
  "The value of one of the Client Metadata fields is invalid and the server has rejected this request. Note that an Authorization Server MAY choose to substitute a valid value for any requested parameter of a Client's Metadata.";

const validate = (body: Record<string, unknown>, options: ValidatorOptions = DEFAULT_VALIDATOR_OPTIONS) => validateClient(decodeClient(body), options);

function rejects(body: Record<string, unknown>, error: string, hint: string, options?: ValidatorOptions) {
  assert.throws(
    () => validate(body, options),
    (err: unknown) => {
      assert.ok(err instanceof OAuth2Error, String(err));
      assert.equal(err.status, 400);
      assert.equal(err.error, error);
      assert.equal(err.hint, hint);
      return true;
    },
  );
}
const rejectsMetadata = (body: Record<string, unknown>, hint: string, options?: ValidatorOptions) => rejects(body, 'invalid_client_metadata', hint, options);

describe('client validator: defaults', () => {
  test('fills Hydra defaults for an empty client', () => {
    const c = validate({});
    assert.equal(c.token_endpoint_auth_method, 'client_secret_basic');
    assert.equal(c.scope, 'offline_access offline openid');
    assert.equal(c.subject_type, 'public');
    assert.equal(c.userinfo_signed_response_alg, 'none');
    assert.equal(c.client_secret_expires_at, 0);
    assert.deepEqual(c.redirect_uris, []);
    assert.deepEqual(c.metadata, {});
    assert.deepEqual(c.jwks, {});
    assert.equal(c.skip_logout_consent, null);
    assert.equal(c.authorization_code_grant_access_token_lifespan, null);
  });

  test('keeps what was given; canonicalises access_token_strategy and CORS origins', () => {
    const c = validate({
      scope: 'a b',
      access_token_strategy: 'JWT',
      allowed_cors_origins: ['https://a.example/', 'http://b.example:8080'],
      client_secret_expires_at: 99,
      token_endpoint_auth_method: 'none',
    });
    assert.equal(c.scope, 'a b');
    assert.equal(c.access_token_strategy, 'jwt');
    assert.deepEqual(c.allowed_cors_origins, ['https://a.example', 'http://b.example:8080']);
    assert.equal(c.client_secret_expires_at, 0);
    assert.equal(c.token_endpoint_auth_method, 'none');
  });

  test('the configured default scope and subject types apply', () => {
    const options = { ...DEFAULT_VALIDATOR_OPTIONS, defaultScope: ['openid'], subjectTypes: ['pairwise'] };
    const c = validate({}, options);
    assert.equal(c.scope, 'openid');
    assert.equal(c.subject_type, 'pairwise');
  });

  test('lifespans are normalised to Go duration strings', () => {
    const c = validate({ client_credentials_grant_access_token_lifespan: '90m', implicit_grant_id_token_lifespan: '1h' });
    assert.equal(c.client_credentials_grant_access_token_lifespan, '1h30m0s');
    assert.equal(c.implicit_grant_id_token_lifespan, '1h0m0s');
  });
});

describe('client validator: rejections with Hydra messages', () => {
  test('short secret', () => rejectsMetadata({ client_secret: 'short' }, 'Field client_secret must contain a secret that is at least 6 characters long.'));

  test('private_key_jwt without keys, and with an unsupported algorithm', () => {
    rejectsMetadata({ token_endpoint_auth_method: 'private_key_jwt' }, "When token_endpoint_auth_method is 'private_key_jwt', either jwks or jwks_uri must be set.");
    rejectsMetadata(
      { token_endpoint_auth_method: 'private_key_jwt', jwks_uri: 'https://a.example/jwks', token_endpoint_auth_signing_alg: 'HS256' },
      'Only RS256, RS384, RS512, PS256, PS384, PS512, ES256, ES384 and ES512 are supported as algorithms for private key authentication.',
    );
    // `jwks: {}` is no key set at all in Hydra.
    rejectsMetadata({ token_endpoint_auth_method: 'private_key_jwt', jwks: {} }, "When token_endpoint_auth_method is 'private_key_jwt', either jwks or jwks_uri must be set.");
  });

  test('jwks and jwks_uri are exclusive; keys must be valid', () => {
    const { publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    rejectsMetadata({ jwks_uri: 'https://a.example/jwks', jwks: { keys: [jwk] } }, 'Fields jwks and jwks_uri can not both be set, you must choose one.');
    rejectsMetadata({ jwks: { keys: [{ kty: 'EC', crv: 'P-256', x: 'bm90LWEtcG9pbnQ' }] } }, 'Invalid JSON web key in set.');
    const ok = validate({ token_endpoint_auth_method: 'private_key_jwt', jwks: { keys: [jwk] } });
    assert.deepEqual(ok.jwks, { keys: [jwk] });
  });

  test('redirect URIs: no fragment, must parse as a request URI', () => {
    rejects({ redirect_uris: ['https://a.example/cb#x'] }, 'invalid_redirect_uri', 'Redirect URIs must not contain fragments (#).');
    rejects({ redirect_uris: ['not a uri'] }, 'invalid_redirect_uri', 'Unable to parse redirect URL: not a uri');
    rejects({ redirect_uris: ['https://a.example:port/cb'] }, 'invalid_redirect_uri', 'Unable to parse redirect URL: https://a.example:port/cb');
    assert.deepEqual(validate({ redirect_uris: ['https://a.example/cb', 'com.example.app:/cb', 'http://127.0.0.1:9000/'] }).redirect_uris.length, 3);
  });

  test('post_logout_redirect_uris must share scheme, host and port with a redirect URI', () => {
    rejectsMetadata(
      { redirect_uris: ['https://a.example/cb'], post_logout_redirect_uris: ['https://b.example/bye'] },
      'post_logout_redirect_uri "https://b.example/bye" must match the domain, port, scheme of at least one of the registered redirect URIs but did not',
    );
    rejectsMetadata(
      { redirect_uris: ['https://a.example/cb'], post_logout_redirect_uris: ['http://a.example/bye'] },
      'post_logout_redirect_uri "http://a.example/bye" must match the domain, port, scheme of at least one of the registered redirect URIs but did not',
    );
    rejectsMetadata(
      { redirect_uris: ['https://a.example/cb'], post_logout_redirect_uris: ['https://a.example:8443/bye'] },
      'post_logout_redirect_uri "https://a.example:8443/bye" must match the domain, port, scheme of at least one of the registered redirect URIs but did not',
    );
    rejectsMetadata({ post_logout_redirect_uris: ['bye'] }, 'Unable to parse post_logout_redirect_uri: bye');
    validate({ redirect_uris: ['https://a.example/cb'], post_logout_redirect_uris: ['https://a.example/bye?x=1'] });
  });

  test('document URIs must be http(s) request URIs', () => {
    rejectsMetadata({ logo_uri: 'logo.png' }, 'Field logo_uri must be a valid URI.');
    rejectsMetadata({ tos_uri: 'ftp://a.example/tos' }, 'ftp://a.example/tos must use https:// or http:// as HTTP scheme for field tos_uri.');
    validate({ policy_uri: 'https://a.example/policy', client_uri: 'http://a.example' });
  });

  test('CORS origins', () => {
    rejectsMetadata({ allowed_cors_origins: ['ftp://a.example'] }, 'Origin URL ftp://a.example must use https:// or http:// as HTTP scheme.');
    rejectsMetadata({ allowed_cors_origins: ['https://u:p@a.example'] }, 'Origin URL https://u:p@a.example has HTTP user and/or password set which is not allowed.');
    rejectsMetadata(
      { allowed_cors_origins: ['https://a.example/path'] },
      'Origin URL https://a.example/path must have an empty path, query, and fragment but one of the parts is not empty.',
    );
  });

  test('userinfo algorithm, subject type, access token strategy', () => {
    rejectsMetadata({ userinfo_signed_response_alg: 'ES256' }, "Field userinfo_signed_response_alg can either be 'none' or 'RS256'.");
    rejectsMetadata({ subject_type: 'pairwise' }, 'Subject type pairwise is not supported by server, only [public] are allowed.');
    rejectsMetadata({ access_token_strategy: 'Magic' }, 'invalid access token strategy: expected one of [jwt, opaque] but got magic');
    // pairwise is unavailable to a client whose tokens are JWTs.
    const both = { ...DEFAULT_VALIDATOR_OPTIONS, subjectTypes: ['public', 'pairwise'] };
    assert.equal(validate({ subject_type: 'pairwise' }, both).subject_type, 'pairwise');
    rejectsMetadata({ subject_type: 'pairwise', access_token_strategy: 'jwt' }, 'Subject type pairwise is not supported by server, only [public] are allowed.', both);
  });

  test('sector_identifier_uri must be https (the reason goes to the debug field, as in Hydra)', () => {
    assert.throws(
      () => validate({ sector_identifier_uri: 'http://a.example/sector.json' }),
      (err: unknown) => err instanceof OAuth2Error && err.error === 'invalid_client_metadata' && err.message === METADATA && /HTTPS/.test(err.debug ?? ''),
    );
  });

  test('error bodies carry Hydra description followed by the hint', () => {
    try {
      validate({ client_secret: 'abc' });
      assert.fail('should throw');
    } catch (err) {
      assert.deepEqual((err as OAuth2Error).toJSON(), {
        error: 'invalid_client_metadata',
        error_description: `${METADATA} Field client_secret must contain a secret that is at least 6 characters long.`,
      });
    }
  });
});

describe('client decoding (Go JSON semantics)', () => {
  const malformed = (fn: () => unknown, description: RegExp) =>
    assert.throws(fn, (err: unknown) => {
      assert.ok(err instanceof OAuth2Error);
      assert.equal(err.error, 'The request was malformed or contained invalid parameters');
      assert.equal(err.status, 400);
      assert.match(err.message, description);
      return true;
    });

  test('wrong member types are 400s naming the field', () => {
    malformed(() => decodeClient({ client_name: 5 }), /cannot unmarshal number into Go struct field Client\.client_name of type string/);
    malformed(() => decodeClient({ redirect_uris: 'https://a.example' }), /Client\.redirect_uris/);
    malformed(() => decodeClient({ redirect_uris: [1] }), /Client\.redirect_uris of type string/);
    malformed(() => decodeClient({ skip_consent: 'yes' }), /Client\.skip_consent of type bool/);
    malformed(() => decodeClient([]), /cannot unmarshal array into Go value of type client\.Client/);
    malformed(() => decodeClient({ implicit_grant_id_token_lifespan: 'soon' }), /time: invalid duration "soon"/);
    malformed(() => decodeLifespans({ jwt_bearer_grant_access_token_lifespan: 7 }), /jwt_bearer_grant_access_token_lifespan/);
  });

  test('null and absent members take zero values; unknown members are ignored', () => {
    const c = decodeClient({ client_name: null, contacts: null, skip_logout_consent: true, whatever: 1 });
    assert.equal(c.client_name, '');
    assert.deepEqual(c.contacts, []);
    assert.equal(c.skip_logout_consent, true);
    assert.equal('whatever' in c, false);
  });

  test('lifespans: absent ones become null', () => {
    const l = decodeLifespans({ refresh_token_grant_refresh_token_lifespan: '720h' });
    assert.equal(l.refresh_token_grant_refresh_token_lifespan, '720h0m0s');
    assert.equal(l.authorization_code_grant_access_token_lifespan, null);
  });
});

describe('supported subject types', () => {
  test('public is forced when nothing usable is configured', () => {
    assert.deepEqual(supportedSubjectTypes({ ...DEFAULT_VALIDATOR_OPTIONS, subjectTypes: [] }), ['public']);
    assert.deepEqual(supportedSubjectTypes({ ...DEFAULT_VALIDATOR_OPTIONS, subjectTypes: ['pairwise'], accessTokenStrategy: 'jwt' }), []);
  });
});

describe('Go request-URI parsing', () => {
  test('absolute URIs and absolute paths only', () => {
    assert.equal(parseRequestURI('https://a.example:8443/x')?.port, '8443');
    assert.equal(parseRequestURI('https://a.example/x')?.hostname, 'a.example');
    assert.equal(parseRequestURI('/only/a/path')?.scheme, '');
    assert.equal(parseRequestURI('relative/path'), null);
    assert.equal(parseRequestURI(''), null);
    assert.equal(parseRequestURI('https://a.example/%zz'), null);
  });
});
