// lazyHandler: loaded once on first use, shared by concurrent first requests,
// and a failed load is tried again rather than cached.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import { lazyHandler } from '../../src/http/lazy-handler.js';

const call = (handler: RequestHandler, id: string) =>
  new Promise<string>((resolve, reject) => {
    const res = { send: (body: string) => resolve(body) } as unknown as Response;
    handler({ url: id } as Request, res, ((err?: unknown) => (err ? reject(err) : resolve('next'))) as NextFunction);
  });

test('concurrent first requests share one load; later requests reuse it', async () => {
  let loads = 0;
  const handler = lazyHandler(async () => {
    loads++;
    await new Promise((r) => setTimeout(r, 20));
    return (req, res) => void res.send(`handled ${req.url}`);
  });
  assert.equal(loads, 0, 'nothing is loaded before the first request');
  assert.deepEqual(await Promise.all([call(handler, 'a'), call(handler, 'b')]), ['handled a', 'handled b']);
  assert.equal(await call(handler, 'c'), 'handled c');
  assert.equal(loads, 1);
});

test('a failed load reaches next(err), and the next request loads again', async () => {
  let loads = 0;
  const handler = lazyHandler(async () => {
    if (++loads === 1) throw new Error('module failed to load');
    return (_req, res) => void res.send('loaded');
  });
  await assert.rejects(call(handler, 'a'), /module failed to load/);
  assert.equal(await call(handler, 'b'), 'loaded');
  assert.equal(loads, 2);
});
