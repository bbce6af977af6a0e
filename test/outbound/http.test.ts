import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { OutboundHttp, OutboundHttpError, isPrivateAddress } from '../../src/domain/outbound/http.js';

async function receiver(handler: Parameters<typeof createServer>[1]): Promise<{ url: string; server: Server }> {
  const server = createServer(handler);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

async function refusal(promise: Promise<unknown>): Promise<string> {
  await assert.rejects(promise, (err) => err instanceof OutboundHttpError);
  try {
    await promise;
  } catch (err) {
    return (err as OutboundHttpError).code;
  }
  return '';
}

test('private, loopback, link-local and mapped addresses are recognised; public ones are not', () => {
  for (const a of ['127.0.0.1', '10.1.2.3', '172.31.0.1', '192.168.1.1', '169.254.169.254', '100.64.0.1', '0.0.0.0', '::1', 'fd00::1', 'fe80::1', '::ffff:10.0.0.1', '::ffff:127.0.0.1']) {
    assert.equal(isPrivateAddress(a), true, a);
  }
  for (const a of ['8.8.8.8', '172.32.0.1', '1.1.1.1', '2606:4700::1111', '::ffff:8.8.8.8']) assert.equal(isPrivateAddress(a), false, a);
});

test('outbound requests: private targets refused when configured, exceptions and redirects checked', async (t) => {
  const { url, server } = await receiver((req, res) => {
    if (req.url === '/redirect') return res.writeHead(302, { location: '/json' }).end();
    if (req.url === '/big') return res.end(Buffer.alloc(2048));
    if (req.url === '/slow') return setTimeout(() => res.end('late'), 500);
    let body = '';
    req.on('data', (c) => (body += c));
    req.on('end', () => res.setHeader('content-type', 'application/json').end(JSON.stringify({ method: req.method, body, type: req.headers['content-type'] ?? null })));
  });
  t.after(() => server.close());
  const port = new URL(url).port;

  const open = new OutboundHttp({ disallowPrivateIpRanges: false, maxBodyBytes: 1024 });
  const form = await open.fetch(`${url}/json`, { method: 'POST', body: new URLSearchParams({ a: 'b' }) });
  assert.deepEqual(await form.json(), { method: 'POST', body: 'a=b', type: 'application/x-www-form-urlencoded' });
  const followed = await open.fetch(`${url}/redirect`);
  assert.equal(followed.status, 200);
  assert.equal(((await followed.json()) as { method: string }).method, 'GET');
  assert.equal(await refusal(open.fetch(`${url}/big`)), 'too_large');
  assert.equal(await refusal(open.fetch(`${url}/slow`, { timeoutMs: 100 })), 'timeout');
  assert.equal(await refusal(open.fetch('file:///etc/passwd')), 'invalid_url');

  const guarded = new OutboundHttp({ disallowPrivateIpRanges: true, privateIpExceptionUrls: [`${url}/json`] });
  assert.equal(await refusal(guarded.fetch(`${url}/other`)), 'private_address');
  // A host name is resolved and every address checked, not only IP literals.
  assert.equal(await refusal(guarded.fetch(`http://localhost:${port}/other`)), 'private_address');
  assert.equal((await guarded.fetch(`${url}/json`)).status, 200, 'an exception URL may reach a private address');
  // An allowed URL cannot bounce the request into the private network.
  const bouncing = new OutboundHttp({ disallowPrivateIpRanges: true, privateIpExceptionUrls: [`${url}/redirect`] });
  assert.equal(await refusal(bouncing.fetch(`${url}/redirect`)), 'private_address');
});
