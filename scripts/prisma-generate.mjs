// Composes prisma/models.prisma with each provider's header and generates one
// Prisma client per provider (a Prisma schema names exactly one provider).
// Prisma's CLI wants a native schema engine binary it downloads from a host that
// locked-down machines cannot reach; `generate` never runs it, so we point the
// CLI at a stub (see scripts/schema-engine-stub.sh).
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const models = readFileSync(join(root, 'prisma/models.prisma'), 'utf8');
const providers = { sqlite: 'sqlite', postgresql: 'postgresql' };

for (const [folder, provider] of Object.entries(providers)) {
  const header = `// Composed from prisma/models.prisma by \`npm run generate\`: do not edit.
generator client {
  provider            = "prisma-client"
  output              = "../../src/storage/generated/${folder}"
  moduleFormat        = "esm"
  importFileExtension = "js"
  // The smaller query compiler: half the WebAssembly, less resident memory;
  // the statements where speed matters bypass it (src/storage/sql.ts).
  compilerBuild       = "small"
}

datasource db {
  provider = "${provider}"
}

`;
  mkdirSync(join(root, 'prisma', folder), { recursive: true });
  const schemaPath = join(root, 'prisma', folder, 'schema.prisma');
  writeFileSync(schemaPath, header + models);
  execFileSync(process.execPath, [join(root, 'node_modules/prisma/build/index.js'), 'generate', '--schema', schemaPath, '--no-hints'], {
    cwd: root,
    stdio: ['ignore', 'inherit', 'inherit'],
    env: {
      ...process.env,
      PRISMA_SCHEMA_ENGINE_BINARY: join(root, 'scripts/schema-engine-stub.sh'),
      PRISMA_HIDE_UPDATE_MESSAGE: '1',
      CHECKPOINT_DISABLE: '1',
    },
  });
}
