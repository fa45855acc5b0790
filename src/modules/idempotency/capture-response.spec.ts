import { StreamableFile } from '@nestjs/common';
import { Readable } from 'node:stream';
import { captureResponse } from './idempotency.interceptor';

/** The three things of an Express response the capture reads. */
const res = (statusCode: number, headers: Record<string, string | string[]> = {}, headersSent = false) => ({
  statusCode,
  headersSent,
  getHeader: (name: string) => headers[name.toLowerCase()],
});
const need = { id: '2b8f3c4d-5e6f-4a7b-8c9d-0e1f2a3b4c5d', title: 'Umzugshelfer für unseren Jugendtreff', tags: ['umzug'], endsAt: new Date('2026-12-24T12:00:00Z') };

describe('captureResponse: what of a response is stored', () => {
  it('a JSON body as res.json writes it, with Location, ETag and the type Express sends', () => {
    expect(captureResponse(res(201, { location: '/v1/cooperations/1', etag: '"1"', 'x-request-id': 'abc' }), need)).toEqual({
      status: 201,
      headers: { location: '/v1/cooperations/1', etag: '"1"', 'content-type': 'application/json; charset=utf-8' },
      body: JSON.stringify(need),
    });
  });

  it.each<[string, string, string]>([
    ['keeps a type the handler set, with its charset', 'application/merge-patch+json; charset=utf-8', 'application/merge-patch+json; charset=utf-8'],
    ['adds the charset Express adds', 'application/vnd.marktplatz+json', 'application/vnd.marktplatz+json; charset=utf-8'],
  ])('%s', (_, set, stored) => {
    const captured = captureResponse(res(200, { 'content-type': set }), { ok: true });
    expect(typeof captured !== 'string' && captured.headers['content-type']).toBe(stored);
  });

  it('an empty body (204, or nothing returned) is stored as null, without a type', () => {
    expect(captureResponse(res(204), undefined)).toEqual({ status: 204, headers: {}, body: null });
  });

  it.each<[string, ReturnType<typeof res>, unknown, string]>([
    ['an error status', res(409), { code: 'X' }, 'error status'],
    ['a response that sets a cookie', res(204, { 'set-cookie': ['session=1'] }), undefined, 'sets a cookie'],
    ['a response marked no-store', res(201, { 'cache-control': 'private, no-store' }), { secret: 'mpk_…' }, 'no-store'],
    ['a response the handler wrote itself', res(200, {}, true), undefined, 'written by the handler itself'],
    ['a text body', res(200), 'Hallo', 'not a JSON body'],
    ['a buffer', res(200), Buffer.from('x'), 'not a JSON body'],
    ['a stream', res(200), new StreamableFile(Readable.from(['x'])), 'not a JSON body'],
  ])('not stored: %s', (_, response, value, why) => expect(captureResponse(response, value)).toBe(why));

  it('bounds the body: at the limit it is stored, one byte more it is not (bytes, not characters)', () => {
    const body = { t: 'ü'.repeat(10) }; // {"t":"…"} = 8 + 20 bytes
    expect(typeof captureResponse(res(201), body, 28)).toBe('object');
    expect(captureResponse(res(201), body, 27)).toBe('body too large');
  });
});
