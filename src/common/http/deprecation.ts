import { applyDecorators, CallHandler, ExecutionContext, Injectable, NestInterceptor, SetMetadata, UseInterceptors } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { ApiExtension, type OpenAPIObject } from '@nestjs/swagger';
import type { Response } from 'express';
import type { Observable } from 'rxjs';

/**
 * The deprecation policy in code (README "Deprecation policy"): a deprecated route keeps working
 * for at least MIN_SUNSET_DAYS after its deprecation date, and every response says so with
 * `Deprecation` (RFC 9745: `@<unix seconds>`), `Sunset` (RFC 8594: an HTTP date) and
 * `Link: <…>; rel="deprecation"` (what to use instead), and the OpenAPI operation is `deprecated`.
 */
export const MIN_SUNSET_DAYS = 180;
export const DEPRECATION = 'marktplatz:deprecation';
const DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

export interface DeprecationOptions {
  /** The day the route was deprecated (YYYY-MM-DD, UTC midnight). */
  since: string;
  /** The day it stops working (YYYY-MM-DD, UTC midnight), at least MIN_SUNSET_DAYS after `since`. */
  sunset: string;
  /** Where the replacement and the migration are described (absolute URL or a path of this API). */
  link: string;
}

export interface DeprecationHeaders {
  Deprecation: string;
  Sunset: string;
  Link: string;
}

function day(value: string, what: string): Date {
  const m = DAY.exec(value);
  const date = m ? new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3]))) : undefined;
  if (!date || date.toISOString().slice(0, 10) !== value) throw new Error(`@Deprecated: ${what} must be a day written YYYY-MM-DD, not "${value}"`);
  return date;
}

/** The three headers of a deprecated route; throws (at boot) on bad dates or a sunset too soon. */
export function deprecationHeaders(options: DeprecationOptions): DeprecationHeaders {
  const since = day(options.since, 'since');
  const sunset = day(options.sunset, 'sunset');
  const days = (sunset.getTime() - since.getTime()) / 86_400_000;
  if (days < MIN_SUNSET_DAYS) {
    throw new Error(`@Deprecated: the sunset (${options.sunset}) must come at least ${MIN_SUNSET_DAYS} days after the deprecation (${options.since}); it is ${days}`);
  }
  if (!options.link || /[<>\s]/.test(options.link)) throw new Error('@Deprecated: link must be a URL or path without spaces or angle brackets');
  return {
    Deprecation: `@${since.getTime() / 1000}`,
    Sunset: sunset.toUTCString(),
    Link: `<${options.link}>; rel="deprecation"; type="text/html"`,
  };
}

@Injectable()
export class DeprecationInterceptor implements NestInterceptor {
  constructor(private readonly reflector: Reflector) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const headers = this.reflector.getAllAndOverride<DeprecationHeaders | undefined>(DEPRECATION, [context.getHandler(), context.getClass()]);
    if (headers && context.getType() === 'http') {
      const res = context.switchToHttp().getResponse<Response>();
      // Set before the handler runs, so error responses carry them too.
      res.setHeader('Deprecation', headers.Deprecation);
      res.setHeader('Sunset', headers.Sunset);
      res.append('Link', headers.Link);
    }
    return next.handle();
  }
}

/** Marks a route (or a controller) deprecated: the headers on its responses, and `deprecated` in the OpenAPI document. */
export const Deprecated = (options: DeprecationOptions) =>
  applyDecorators(
    SetMetadata(DEPRECATION, deprecationHeaders(options)),
    UseInterceptors(DeprecationInterceptor),
    ApiExtension('x-sunset', options.sunset),
    ApiExtension('x-deprecation-link', options.link),
  );

/** Operations with `x-sunset` become `deprecated`, with the headers documented on their responses. */
export function documentDeprecations(doc: OpenAPIObject): void {
  for (const item of Object.values(doc.paths)) {
    for (const method of ['get', 'put', 'post', 'patch', 'delete'] as const) {
      const op = item[method] as (NonNullable<typeof item.get> & { 'x-sunset'?: string; 'x-deprecation-link'?: string }) | undefined;
      if (!op?.['x-sunset']) continue;
      op.deprecated = true;
      op.description = [op.description, `Deprecated: stops working on ${op['x-sunset']}; see ${op['x-deprecation-link']}.`].filter(Boolean).join(' ');
      for (const response of Object.values(op.responses)) {
        if (!response || '$ref' in response) continue;
        response.headers = {
          ...response.headers,
          Deprecation: { description: 'RFC 9745: when the route was deprecated (@<unix seconds>).', schema: { type: 'string', example: '@1798761600' } },
          Sunset: { description: 'RFC 8594: when it stops working (HTTP date).', schema: { type: 'string', example: 'Fri, 31 Dec 2027 23:00:00 GMT' } },
          Link: { description: 'rel="deprecation": what to use instead.', schema: { type: 'string', example: '<https://marktplatz.example/docs/changes#v1-needs>; rel="deprecation"; type="text/html"' } },
        };
      }
    }
  }
}
