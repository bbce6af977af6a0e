import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { RemoteMetadataValidator } from '../../src/domain/client/remote-metadata.js';
import { decodeClient } from '../../src/domain/client/decode.js';
import { OAuth2Error } from '../../src/domain/errors.js';
import { OutboundHttp, OutboundHttpError, type OutboundRequestInit } from '../../src/domain/outbound/http.js';

/** Serves fixed documents instead of the network. */
class FakeHttp extends OutboundHttp {
  readonly requested: string[] = [];
  constructor(private readonly documents: Record<string, string>) {
    super({ disallowPrivateIpRanges: false });
  }
  override async fetch(url: string, _init?: OutboundRequestInit): Promise<Response> {
    this.requested.push(url);
    const body = this.documents[url];
    if (body === undefined) throw new OutboundHttpError('network', `${url} failed: connection refused`);
    return new Response(body, { status: 200 });
  }
}

const SECTOR = 'https://rp.example/sector.json';
const draft = (redirectUris: string[]) => decodeClient({ redirect_uris: redirectUris, sector_identifier_uri: SECTOR, subject_type: 'pairwise' });

async function debugOf(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
  } catch (err) {
    assert.ok(err instanceof OAuth2Error);
    assert.equal(err.error, 'invalid_client_metadata');
    return err.debug ?? '';
  }
  return assert.fail('expected invalid_client_metadata');
}

describe('sector_identifier_uri', () => {
  test('accepted when it lists every redirect URI of the client', async () => {
    const http = new FakeHttp({ [SECTOR]: JSON.stringify(['https://a.rp.example/cb', 'https://b.rp.example/cb', 'https://c.rp.example/cb']) });
    await new RemoteMetadataValidator(http).validate(draft(['https://a.rp.example/cb', 'https://b.rp.example/cb']));
    assert.deepEqual(http.requested, [SECTOR]);
  });

  test('refused with Hydra\'s reasons otherwise', async () => {
    const validate = (document: string | undefined, uris: string[]) =>
      new RemoteMetadataValidator(new FakeHttp(document === undefined ? {} : { [SECTOR]: document })).validate(draft(uris));
    assert.equal(await debugOf(validate(JSON.stringify(['https://a.rp.example/cb']), ['https://a.rp.example/cb', 'https://evil.example/cb'])), 'Redirect URL "https://evil.example/cb" does not match values from sector_identifier_uri.');
    assert.equal(await debugOf(validate('[]', ['https://a.rp.example/cb'])), 'Array from sector_identifier_uri contains no items');
    assert.match(await debugOf(validate('{"redirect_uris":[]}', ['https://a.rp.example/cb'])), /^Unable to decode values from sector_identifier_uri/);
    assert.match(await debugOf(validate('not json', ['https://a.rp.example/cb'])), /^Unable to decode values from sector_identifier_uri/);
    assert.match(await debugOf(validate(undefined, ['https://a.rp.example/cb'])), /^Unable to connect to URL set by sector_identifier_uri: .*connection refused/);
  });

  test('not fetched when the client has none', async () => {
    const http = new FakeHttp({});
    await new RemoteMetadataValidator(http).validate(decodeClient({ redirect_uris: ['https://a.rp.example/cb'] }));
    assert.deepEqual(http.requested, []);
  });
});
