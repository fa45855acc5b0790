import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { generateOpenApi, OPENAPI_FILE } from '../../src/bin/generate-openapi';
import { serialiseOpenApi } from '../../src/common/openapi';

describe('OpenAPI spec', () => {
  it('openapi/openapi.json is what the code generates (run `npm run build && npm run openapi` after changing the API)', async () => {
    const generated = serialiseOpenApi(await generateOpenApi());
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed).toBe(generated);
  });

  it('openapi/marktplatz-api.d.ts (the typed client\'s types) is what openapi-typescript makes of the committed spec (run `npm run openapi:client`)', async () => {
    // openapi-typescript is an ES module with ES-module dependencies: run its CLI as partners do.
    const root = join(__dirname, '..', '..');
    const cli = join(root, 'node_modules', 'openapi-typescript', 'bin', 'cli.js');
    const generated = execFileSync(process.execPath, [cli, OPENAPI_FILE, '--alphabetize'], { cwd: root, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] });
    expect(readFileSync(join(root, 'openapi', 'marktplatz-api.d.ts'), 'utf8')).toBe(generated);
  });

  it('documents every resource under /v1 with problem+json errors', async () => {
    const doc = await generateOpenApi();
    const paths = Object.keys(doc.paths);
    for (const p of ['/v1/auth/signup', '/v1/auth/login', '/v1/me', '/v1/districts', '/v1/organisations/{id}', '/v1/needs', '/v1/needs/{id}/{action}', '/v1/offers', '/v1/offers/{id}/{action}', '/health/ready']) {
      expect(paths).toContain(p);
    }
    const create = doc.paths['/v1/needs'].post!;
    expect(Object.keys(create.responses)).toEqual(expect.arrayContaining(['201', '400', '401', '403', '422']));
    expect(doc.components?.schemas?.ProblemDto).toBeDefined();
  });
});
