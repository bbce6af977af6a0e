// Back-channel logout delivery through the shared outbound client: private
// networks refused when configured (unless the URL is an exception), failures
// logged, never thrown at the logout.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { generateKeyPair, jwtVerify, SignJWT } from 'jose';
import { BackChannelLogout } from '../../src/domain/logout/back-channel.js';
import { OutboundHttp } from '../../src/domain/outbound/http.js';
import type { OAuth2Client } from '../../src/domain/client/model.js';
import { backChannelReceiver } from './support.js';

const ISSUER = 'https://op.example/';

describe('back-channel logout delivery', () => {
  let receiver: Awaited<ReturnType<typeof backChannelReceiver>>;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  before(async () => {
    receiver = await backChannelReceiver();
    keys = await generateKeyPair('RS256');
  });
  after(() => receiver.close());

  function notifier(http: OutboundHttp) {
    const logged: { level: string; msg: string; fields?: Record<string, unknown> }[] = [];
    const backChannel = new BackChannelLogout({
      issuer: ISSUER,
      sign: (claims) => new SignJWT(claims).setProtectedHeader({ alg: 'RS256', typ: 'JWT' }).sign(keys.privateKey),
      http,
      log: { info: (msg, fields) => logged.push({ level: 'info', msg, fields }), error: (msg, fields) => logged.push({ level: 'error', msg, fields }) },
    });
    return { backChannel, logged };
  }
  const client = (id: string, uri: string) => ({ client_id: id, backchannel_logout_uri: uri }) as OAuth2Client;

  test('refused for a private address when clients.http.disallow_private_ip_ranges is set; the failure is logged', async () => {
    const { backChannel, logged } = notifier(new OutboundHttp({ disallowPrivateIpRanges: true }));
    const before = receiver.tokens.length;
    await Promise.all(await backChannel.notify([client('rp-1', receiver.url)], 'sid-1'));
    assert.equal(receiver.tokens.length, before, 'nothing reached the private address');
    assert.equal(logged.length, 1);
    assert.equal(logged[0]!.level, 'error');
    assert.equal(logged[0]!.fields?.client_id, 'rp-1');
  });

  test('sent to an exception URL, one token per client with a logout URI, only to those', async () => {
    const { backChannel, logged } = notifier(new OutboundHttp({ disallowPrivateIpRanges: true, privateIpExceptionUrls: [receiver.url] }));
    const deliveries = await backChannel.notify([client('rp-2', receiver.url), client('rp-3', '')], 'sid-2');
    assert.equal(deliveries.length, 1, 'a client without backchannel_logout_uri gets nothing');
    const token = await receiver.next();
    await Promise.all(deliveries);
    const { payload } = await jwtVerify(token, keys.publicKey, { issuer: ISSUER, audience: 'rp-2' });
    assert.equal(payload.sid, 'sid-2');
    assert.deepEqual(logged.map((l) => l.level), ['info']);
  });

  test('an unreachable receiver is logged as a failure, without throwing', async () => {
    const { backChannel, logged } = notifier(new OutboundHttp({ disallowPrivateIpRanges: false }));
    await Promise.all(await backChannel.notify([client('rp-4', 'http://127.0.0.1:9/unreachable')], 'sid-3'));
    assert.equal(logged[0]?.level, 'error');
  });
});
