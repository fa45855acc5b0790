import { Controller, Get, type INestApplication, NotFoundException, Param } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { ApiOperation, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import request from 'supertest';
import { Deprecated, deprecationHeaders, documentDeprecations } from './deprecation';

@Controller('v1/kooperationen')
class OldRoutesController {
  @Get()
  @Deprecated({ since: '2026-11-01', sunset: '2027-05-01', link: '/docs#/cooperations' })
  @ApiOperation({ summary: 'Alte Liste der Kooperationen' })
  list() {
    return { items: [] };
  }

  @Get(':id')
  @Deprecated({ since: '2026-11-01', sunset: '2027-05-01', link: 'https://marktplatz.example/changelog#kooperationen' })
  one(@Param('id') id: string) {
    throw new NotFoundException(`no cooperation ${id}`);
  }

  @Get('neu/liste')
  current() {
    return { items: [] };
  }
}

describe('deprecated routes', () => {
  let app: INestApplication;

  beforeAll(async () => {
    const moduleRef = await Test.createTestingModule({ controllers: [OldRoutesController] }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
  });
  afterAll(() => app.close());

  it('answers with Deprecation (RFC 9745), Sunset (RFC 8594) and a deprecation Link', async () => {
    const res = await request(app.getHttpServer()).get('/v1/kooperationen').expect(200);
    expect(res.headers.deprecation).toBe(`@${Date.UTC(2026, 10, 1) / 1000}`);
    expect(res.headers.deprecation).toBe('@1793491200');
    expect(res.headers.sunset).toBe('Sat, 01 May 2027 00:00:00 GMT');
    expect(res.headers.link).toBe('</docs#/cooperations>; rel="deprecation"; type="text/html"');
  });

  it('sets them on error responses of the route too', async () => {
    const res = await request(app.getHttpServer()).get('/v1/kooperationen/abc').expect(404);
    expect(res.headers.deprecation).toBe('@1793491200');
    expect(res.headers.link).toContain('https://marktplatz.example/changelog#kooperationen');
  });

  it('leaves routes that are not deprecated alone', async () => {
    const res = await request(app.getHttpServer()).get('/v1/kooperationen/neu/liste').expect(200);
    expect(res.headers.deprecation).toBeUndefined();
    expect(res.headers.sunset).toBeUndefined();
    expect(res.headers.link).toBeUndefined();
  });

  it('marks the operation deprecated in the OpenAPI document, keeping its summary', () => {
    const doc = SwaggerModule.createDocument(app, new DocumentBuilder().build());
    documentDeprecations(doc);
    const op = doc.paths['/v1/kooperationen'].get!;
    expect(op.deprecated).toBe(true);
    expect(op.summary).toBe('Alte Liste der Kooperationen');
    expect(op.description).toContain('2027-05-01');
    expect(Object.keys((op.responses['200'] as { headers: object }).headers)).toEqual(['Deprecation', 'Sunset', 'Link']);
    expect(doc.paths['/v1/kooperationen/neu/liste'].get!.deprecated).toBeUndefined();
  });

  it.each([
    ['a sunset less than 180 days after the deprecation', { since: '2026-11-01', sunset: '2027-04-01', link: '/docs' }, /at least 180 days/],
    ['a day that does not exist', { since: '2026-02-30', sunset: '2027-05-01', link: '/docs' }, /since must be a day/],
    ['a date with a time', { since: '2026-11-01', sunset: '2027-05-01T00:00:00Z', link: '/docs' }, /sunset must be a day/],
    ['no link', { since: '2026-11-01', sunset: '2027-05-01', link: '' }, /link/],
  ])('refuses %s at boot', (_name, options, message) => {
    expect(() => deprecationHeaders(options)).toThrow(message);
  });
});
