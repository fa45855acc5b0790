import { readFileSync } from 'node:fs';
import { generateOpenApi, OPENAPI_FILE } from '../../src/bin/generate-openapi';
import { serialiseOpenApi } from '../../src/common/openapi';

describe('OpenAPI spec', () => {
  it('openapi/openapi.json is what the code generates (run `npm run build && npm run openapi` after changing the API)', async () => {
    const generated = serialiseOpenApi(await generateOpenApi());
    const committed = readFileSync(OPENAPI_FILE, 'utf8');
    expect(committed).toBe(generated);
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
