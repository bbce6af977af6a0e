// Runs every compiled test file (dist/test/**/*.test.js) with Node's test
// runner. When PostgreSQL's server binaries are on the machine, it first starts
// a throw-away cluster on a free port so that API tests also run against
// PostgreSQL (GATEHOUSE_TEST_POSTGRES_URL), and stops it afterwards.
// GATEHOUSE_TEST_POSTGRES=0 skips PostgreSQL; =1 makes its absence an error.
import { spawn, spawnSync, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, rmSync, statSync, chmodSync } from 'node:fs';
import { freePort } from './free-port.mjs';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const testRoot = join(root, 'dist/test');

function findTests(dir) {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return findTests(path);
    return name.endsWith('.test.js') ? [path] : [];
  });
}

const which = (cmd) => spawnSync('sh', ['-c', `command -v ${cmd}`]).status === 0;

async function startPostgres() {
  const wanted = process.env.GATEHOUSE_TEST_POSTGRES ?? 'auto';
  if (wanted === '0') return undefined;
  if (!which('initdb') || !which('pg_ctl')) {
    if (wanted === '1') throw new Error('GATEHOUSE_TEST_POSTGRES=1 but initdb/pg_ctl are not on PATH');
    console.log('# PostgreSQL server binaries not found: API tests run on SQLite only');
    return undefined;
  }
  const dir = mkdtempSync(join(tmpdir(), 'gatehouse-pg-'));
  chmodSync(dir, 0o777);
  const port = await freePort();
  // PostgreSQL refuses to run as root; run it as the `postgres` user then.
  const asPg = process.getuid?.() === 0 ? (args) => ['runuser', ['-u', 'postgres', '--', ...args]] : (args) => [args[0], args.slice(1)];
  const run = (args) => {
    const [cmd, rest] = asPg(args);
    execFileSync(cmd, rest, { stdio: ['ignore', 'ignore', 'inherit'] });
  };
  const stop = () => {
    try {
      if (existsSync(join(dir, 'data', 'postmaster.pid'))) run(['pg_ctl', '-D', join(dir, 'data'), '-m', 'immediate', '-w', 'stop']);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
  try {
    run(['initdb', '-D', join(dir, 'data'), '-A', 'trust', '-U', 'postgres', '--no-sync']);
    run(['pg_ctl', '-D', join(dir, 'data'), '-o', `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200`, '-l', join(dir, 'log'), '-w', 'start']);
  } catch (error) {
    stop();
    throw error;
  }
  return { url: `postgres://postgres@127.0.0.1:${port}/postgres`, stop };
}

// Interrupted (Ctrl-C, CI cancel): stop the tests, and so reach the `finally`
// below that stops PostgreSQL, instead of dying and leaving it running.
let child;
let interrupted = false;
for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
  process.on(signal, () => {
    interrupted = true;
    child?.kill(signal);
  });
}

const files = process.argv.slice(2).length ? process.argv.slice(2) : findTests(testRoot);
const postgres = await startPostgres();
let status = 1;
try {
  const env = { ...process.env };
  if (postgres) env.GATEHOUSE_TEST_POSTGRES_URL = postgres.url;
  console.log(`# running ${files.length} test files${postgres ? ' (SQLite and PostgreSQL)' : ' (SQLite)'}`);
  if (!interrupted) {
    child = spawn(process.execPath, ['--test', '--test-concurrency=2', ...files], { stdio: 'inherit', env, cwd: root });
    status = await new Promise((resolve) => child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0))));
  }
} finally {
  postgres?.stop();
}
process.exit(status);
