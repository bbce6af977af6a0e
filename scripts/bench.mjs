// npm run bench — starts a Gatehouse on a throw-away SQLite database, pinned to
// one CPU core (the load generator runs on another), and measures for a fixed
// duration at a fixed concurrency:
//   client_credentials   POST /oauth2/token (hashed secret, client_secret_basic)
//   introspection        POST /admin/oauth2/introspect
//   authorization code   complete flows of 9 requests: authorize → login request →
//                        accept login → authorize(login_verifier) → consent request →
//                        accept consent → authorize(consent_verifier) → token → userinfo
//   refresh              rotating refresh_token grants, one chain per connection
// and prints throughput, p50/p99 latency and the server's peak memory (VmHWM).
//
// BENCH_DURATION (seconds per scenario, default 10), BENCH_WARMUP (seconds of the same
// load run first and not counted, so that every scenario is measured JIT-warm; default 2),
// BENCH_CONNECTIONS (default 32),
// BENCH_CORE (CPU core of the server, default 0), BENCH_BCRYPT_COST (default 10),
// BENCH_SERVER_NODE_OPTIONS (V8 flags for the server only; by default the heap
// limits `npm start` runs with, read from package.json; '' measures V8's defaults),
// BENCH_SERVER_PROFILE (a folder: the server writes a V8 CPU profile there when it stops).
import { spawn, execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import http from 'node:http';
import { freePort } from './free-port.mjs';
import { tmpdir, cpus } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const DURATION = Number(process.env.BENCH_DURATION ?? 10);
const WARMUP = Number(process.env.BENCH_WARMUP ?? 2);
/** The server runs as `npm start` runs it: with the same V8 heap limits. */
const START_HEAP_FLAGS = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).scripts.start.match(/--max-[a-z-]+=\d+/g) ?? [];
const SERVER_NODE_OPTIONS = process.env.BENCH_SERVER_NODE_OPTIONS ?? START_HEAP_FLAGS.join(' ');
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 32);
const SERVER_CORE = Number(process.env.BENCH_CORE ?? 0);
const BCRYPT_COST = process.env.BENCH_BCRYPT_COST ?? '10';
const LOGIN_URL = 'http://127.0.0.1:9/login';
const CONSENT_URL = 'http://127.0.0.1:9/consent';
const CALLBACK = 'http://127.0.0.1:9/callback';

// ---------------------------------------------------------------- HTTP client
const agent = new http.Agent({ keepAlive: true, maxSockets: CONNECTIONS * 2 });

/** One request; resolves { status, headers, body } without following redirects. */
function request(method, url, { headers = {}, body } = {}) {
  return new Promise((resolve, reject) => {
    const req = http.request(url, { method, headers, agent }, (res) => {
      const chunks = [];
      res.on('data', (c) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode, headers: res.headers, body: Buffer.concat(chunks).toString() }));
      res.on('error', reject);
    });
    req.on('error', reject);
    if (body) req.write(body);
    req.end();
  });
}

const form = (params) => new URLSearchParams(params).toString();
const FORM = { 'content-type': 'application/x-www-form-urlencoded' };
const JSON_HEADERS = { 'content-type': 'application/json' };
const basic = (id, secret) => 'Basic ' + Buffer.from(`${encodeURIComponent(id)}:${encodeURIComponent(secret)}`).toString('base64');

function expect(res, status, what) {
  if (res.status !== status) throw new Error(`${what}: expected ${status}, got ${res.status} ${res.body.slice(0, 300)}`);
  return res;
}

/** Cookies a browser would send back (one jar per simulated user). */
function keepCookies(jar, res) {
  for (const header of [res.headers['set-cookie'] ?? []].flat()) {
    const [pair] = header.split(';');
    const eq = pair.indexOf('=');
    jar.set(pair.slice(0, eq), pair.slice(eq + 1));
  }
}
const cookieHeader = (jar) => [...jar].map(([k, v]) => `${k}=${v}`).join('; ');

// ---------------------------------------------------------------- server
async function startServer() {
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-bench-'));
  const publicPort = await freePort();
  const adminPort = await freePort();
  const env = {
    ...process.env,
    DSN: `sqlite://${join(dir, 'bench.sqlite')}`,
    SERVE_PUBLIC_PORT: String(publicPort),
    SERVE_ADMIN_PORT: String(adminPort),
    SERVE_PUBLIC_HOST: '127.0.0.1',
    SERVE_ADMIN_HOST: '127.0.0.1',
    URLS_SELF_ISSUER: `http://127.0.0.1:${publicPort}/`,
    URLS_LOGIN: LOGIN_URL,
    URLS_CONSENT: CONSENT_URL,
    SECRETS_SYSTEM: 'bench-system-secret-0123456789abcdef',
    OAUTH2_HASHERS_BCRYPT_COST: BCRYPT_COST,
    LOG_LEVEL: 'error',
  };
  // V8 flags for the server alone (heap sizing), leaving the load generator's own.
  if (SERVER_NODE_OPTIONS) env.NODE_OPTIONS = SERVER_NODE_OPTIONS;
  // Migrate first, as a deployment does, so the server never loads the schema engine.
  execFileSync(process.execPath, [join(root, 'dist/src/cli/main.js'), 'migrate', 'up'], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  const profile = process.env.BENCH_SERVER_PROFILE ? ['--cpu-prof', `--cpu-prof-dir=${process.env.BENCH_SERVER_PROFILE}`] : [];
  const args = [...profile, join(root, 'dist/src/cli/main.js'), 'serve', 'all', '--dev'];
  const pinned = cpus().length > 1;
  const child = pinned
    ? spawn('taskset', ['-c', String(SERVER_CORE), process.execPath, ...args], { env, stdio: ['ignore', 'inherit', 'inherit'] })
    : spawn(process.execPath, args, { env, stdio: ['ignore', 'inherit', 'inherit'] });
  const publicUrl = `http://127.0.0.1:${publicPort}`;
  const adminUrl = `http://127.0.0.1:${adminPort}`;
  for (let i = 0; i < 300; i++) {
    if (child.exitCode !== null) throw new Error('the server exited during start-up');
    const ready = await request('GET', `${adminUrl}/health/ready`).then((r) => r.status === 200, () => false);
    if (ready) break;
    await new Promise((r) => setTimeout(r, 100));
  }
  if (pinned) {
    // The load generator keeps off the server's core.
    const other = (SERVER_CORE + 1) % cpus().length;
    try {
      execFileSync('taskset', ['-p', '-c', String(other), String(process.pid)], { stdio: 'ignore' });
    } catch {
      // not fatal: numbers are then noisier
    }
  }
  return {
    publicUrl,
    adminUrl,
    pid: child.pid,
    peakMemoryMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmHWM:\s+(\d+) kB/.exec(status)[1]) / 1024;
    },
    residentMiB: () => {
      const status = readFileSync(`/proc/${child.pid}/status`, 'utf8');
      return Number(/VmRSS:\s+(\d+) kB/.exec(status)[1]) / 1024;
    },
    stop: () => {
      child.kill('SIGTERM');
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

// ---------------------------------------------------------------- scenarios
async function createClient(adminUrl, client) {
  return JSON.parse(expect(await request('POST', `${adminUrl}/admin/clients`, { headers: JSON_HEADERS, body: JSON.stringify(client) }), 201, 'create client').body);
}

function autocannonFor(duration, options) {
  return new Promise((resolve, reject) => {
    autocannon({ connections: CONNECTIONS, duration, ...options }, (err, result) => (err ? reject(err) : resolve(result)));
  });
}

async function runAutocannon(options) {
  if (WARMUP > 0) await autocannonFor(WARMUP, options);
  return autocannonFor(DURATION, options);
}

function fromAutocannon(name, result) {
  const ok = result.requests.total - result.non2xx - result.errors;
  if (result.non2xx > 0 || result.errors > 0) console.error(`# ${name}: ${result.non2xx} non-2xx answers, ${result.errors} errors`);
  return { name, perSecond: ok / (result.duration || DURATION), p50: result.latency.p50, p99: result.latency.p99, count: ok };
}

/** Runs `iteration` on CONNECTIONS concurrent workers for DURATION seconds; latency per iteration. */
async function runWorkers(name, iteration) {
  if (WARMUP > 0) await workersFor(WARMUP, iteration);
  return workersFor(DURATION, iteration, name);
}

async function workersFor(duration, iteration, name = 'warm-up') {
  const latencies = [];
  const deadline = Date.now() + duration * 1000;
  let failures = 0;
  let firstError;
  const worker = async (index) => {
    while (Date.now() < deadline) {
      const started = performance.now();
      try {
        await iteration(index);
        latencies.push(performance.now() - started);
      } catch (err) {
        failures++;
        firstError ??= err;
      }
    }
  };
  const started = performance.now();
  await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => worker(i)));
  const seconds = (performance.now() - started) / 1000;
  if (failures) console.error(`# ${name}: ${failures} failures; first: ${firstError?.message}`);
  latencies.sort((a, b) => a - b);
  const at = (q) => (latencies.length ? latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] : NaN);
  return { name, perSecond: latencies.length / seconds, p50: at(0.5), p99: at(0.99), count: latencies.length };
}

/** One complete authorization-code flow (9 requests); returns the token response. */
async function authorizationCodeFlow(server, client, subject) {
  const jar = new Map();
  const state = `state-${Math.random().toString(36).slice(2)}`;
  const authorize = `${server.publicUrl}/oauth2/auth?${form({ client_id: client.client_id, response_type: 'code', redirect_uri: CALLBACK, scope: 'openid offline_access', state, nonce: `nonce-${state}` })}`;
  // 1. authorize → login app
  let res = await request('GET', authorize);
  keepCookies(jar, res);
  const loginChallenge = new URL(res.headers.location).searchParams.get('login_challenge');
  if (!loginChallenge) throw new Error(`authorize: no login challenge (${res.status} ${res.headers.location ?? res.body.slice(0, 200)})`);
  // 2-3. the login app reads and accepts the login request
  expect(await request('GET', `${server.adminUrl}/admin/oauth2/auth/requests/login?${form({ login_challenge: loginChallenge })}`), 200, 'get login request');
  res = expect(await request('PUT', `${server.adminUrl}/admin/oauth2/auth/requests/login/accept?${form({ login_challenge: loginChallenge })}`, { headers: JSON_HEADERS, body: JSON.stringify({ subject }) }), 200, 'accept login');
  // 4. back to authorize with the login verifier → consent app
  res = await request('GET', JSON.parse(res.body).redirect_to, { headers: { cookie: cookieHeader(jar) } });
  keepCookies(jar, res);
  const consentChallenge = new URL(res.headers.location ?? 'http://x/').searchParams.get('consent_challenge');
  if (!consentChallenge) throw new Error(`login verifier: no consent challenge (${res.status} ${res.headers.location ?? res.body.slice(0, 200)})`);
  // 5-6. the consent app reads and accepts the consent request
  const consent = JSON.parse(expect(await request('GET', `${server.adminUrl}/admin/oauth2/auth/requests/consent?${form({ consent_challenge: consentChallenge })}`), 200, 'get consent request').body);
  res = expect(await request('PUT', `${server.adminUrl}/admin/oauth2/auth/requests/consent/accept?${form({ consent_challenge: consentChallenge })}`, { headers: JSON_HEADERS, body: JSON.stringify({ grant_scope: consent.requested_scope }) }), 200, 'accept consent');
  // 7. back to authorize with the consent verifier → the client's callback with a code
  res = await request('GET', JSON.parse(res.body).redirect_to, { headers: { cookie: cookieHeader(jar) } });
  const code = new URL(res.headers.location ?? 'http://x/').searchParams.get('code');
  if (!code) throw new Error(`consent verifier: no code (${res.status} ${res.headers.location ?? res.body.slice(0, 200)})`);
  // 8. code exchange
  const tokens = JSON.parse(expect(await request('POST', `${server.publicUrl}/oauth2/token`, {
    headers: { ...FORM, authorization: basic(client.client_id, client.client_secret) },
    body: form({ grant_type: 'authorization_code', code, redirect_uri: CALLBACK }),
  }), 200, 'code exchange').body);
  // 9. userinfo
  expect(await request('GET', `${server.publicUrl}/userinfo`, { headers: { authorization: `Bearer ${tokens.access_token}` } }), 200, 'userinfo');
  return tokens;
}

// ---------------------------------------------------------------- main
const server = await startServer();
const results = [];
// Each scenario is recorded with the server's peak memory so far, to show which one grows it.
const record = (result) => results.push({ ...result, peakMiB: server.peakMemoryMiB() });
try {
  const machine = await createClient(server.adminUrl, { grant_types: ['client_credentials'], scope: 'read write', token_endpoint_auth_method: 'client_secret_basic' });
  const rp = await createClient(server.adminUrl, {
    redirect_uris: [CALLBACK],
    grant_types: ['authorization_code', 'refresh_token'],
    response_types: ['code'],
    scope: 'openid offline_access',
  });
  const ccBody = form({ grant_type: 'client_credentials', scope: 'read' });
  const ccHeaders = { ...FORM, authorization: basic(machine.client_id, machine.client_secret) };

  // Warm-up: JIT, key import, the secret-check cache.
  for (let i = 0; i < 20; i++) await request('POST', `${server.publicUrl}/oauth2/token`, { headers: ccHeaders, body: ccBody });
  for (let i = 0; i < 5; i++) await authorizationCodeFlow(server, rp, `warmup-${i}`);
  const residentBeforeLoad = server.residentMiB();

  record(fromAutocannon('client_credentials (tokens/s)', await runAutocannon({
    url: `${server.publicUrl}/oauth2/token`, method: 'POST', headers: ccHeaders, body: ccBody,
  })));

  const { access_token: token } = JSON.parse((await request('POST', `${server.publicUrl}/oauth2/token`, { headers: ccHeaders, body: ccBody })).body);
  record(fromAutocannon('introspection (/s)', await runAutocannon({
    url: `${server.adminUrl}/admin/oauth2/introspect`, method: 'POST', headers: FORM, body: form({ token }),
  })));

  let flowCount = 0;
  record(await runWorkers('authorization code flows (/s, 9 requests each)', () => authorizationCodeFlow(server, rp, `user-${flowCount++}`)));

  const chains = await Promise.all(Array.from({ length: CONNECTIONS }, (_, i) => authorizationCodeFlow(server, rp, `refresher-${i}`).then((t) => t.refresh_token)));
  record(await runWorkers('rotating refresh (/s)', async (i) => {
    const res = expect(await request('POST', `${server.publicUrl}/oauth2/token`, {
      headers: { ...FORM, authorization: basic(rp.client_id, rp.client_secret) },
      body: form({ grant_type: 'refresh_token', refresh_token: chains[i] }),
    }), 200, 'refresh');
    chains[i] = JSON.parse(res.body).refresh_token;
  }));

  const peak = server.peakMemoryMiB();
  console.log(`\nGatehouse benchmark: server pinned to core ${SERVER_CORE}, ${CONNECTIONS} connections, ${DURATION} s per scenario after ${WARMUP} s of warm-up, SQLite, bcrypt cost ${BCRYPT_COST}, RSA-4096 ID-token key, server V8 flags: ${SERVER_NODE_OPTIONS || '(none)'}\n`);
  console.log('| scenario | per second | p50 ms | p99 ms | completed | peak MiB so far |');
  console.log('| --- | ---: | ---: | ---: | ---: | ---: |');
  for (const r of results) console.log(`| ${r.name} | ${r.perSecond.toFixed(0)} | ${r.p50.toFixed(1)} | ${r.p99.toFixed(1)} | ${r.count} | ${r.peakMiB.toFixed(0)} |`);
  console.log(`\nserver resident memory after warm-up: ${residentBeforeLoad.toFixed(0)} MiB; peak (VmHWM): ${peak.toFixed(0)} MiB`);
} finally {
  server.stop();
  agent.destroy();
}
