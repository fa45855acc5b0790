import 'reflect-metadata';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { NestFactory } from '@nestjs/core';
import type { OpenAPIObject } from '@nestjs/swagger';
import { AppModule } from '../app.module';
import { buildOpenApiDocument, serialiseOpenApi } from '../common/openapi';
import { loadConfig } from '../config/env';
import { configureApp } from '../configure-app';

export const OPENAPI_FILE = join(__dirname, '..', '..', 'openapi', 'openapi.json');

/**
 * Builds the OpenAPI document from the code without connecting anywhere: the app module is
 * booted in preview mode (providers are not instantiated), so no database or Redis is needed.
 */
export async function generateOpenApi(): Promise<OpenAPIObject> {
  const config = loadConfig({ NODE_ENV: 'development', MARKTPLATZ_ROLE: 'api', LOG_LEVEL: 'silent' });
  const app = await NestFactory.create(AppModule.forRoot(config), { preview: true, logger: false, abortOnError: false });
  configureApp(app, { docs: false, logger: false });
  try {
    return buildOpenApiDocument(app);
  } finally {
    await app.close();
  }
}

if (require.main === module) {
  generateOpenApi()
    .then((doc) => {
      writeFileSync(OPENAPI_FILE, serialiseOpenApi(doc));
      console.log(`wrote ${OPENAPI_FILE} (${Object.keys(doc.paths).length} paths)`);
    })
    .catch((err) => {
      console.error(err);
      process.exit(1);
    });
}
