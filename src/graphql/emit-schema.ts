// `npm run schema:emit`: writes printSchema() to schema.graphql at the
// repository root (the nearest directory above with a package.json).
import { existsSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { printSchema } from './schema.js';

export function repositoryRoot(from: string = dirname(fileURLToPath(import.meta.url))): string {
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, 'package.json'))) return dir;
    if (dirname(dir) === dir) throw new Error(`no package.json above ${from}`);
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const path = join(repositoryRoot(), 'schema.graphql');
  writeFileSync(path, await printSchema());
  process.stdout.write(`wrote ${path}\n`);
}
