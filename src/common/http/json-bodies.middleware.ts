import { Injectable, NestMiddleware, UnsupportedMediaTypeException } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';

/** The media types the body parser reads (configure-app.ts). */
export const JSON_MEDIA_TYPES = ['application/json', 'application/*+json'];

/**
 * A request body is JSON or nothing. The body parser leaves a body of another media type unread,
 * so without this check a form or a text body would reach the routes as an empty object: a POST
 * answered with "title is required" instead of the real reason, a PATCH that changes nothing and
 * says 200. Such a request gets 415 UNSUPPORTED_MEDIA_TYPE (problem+json) before any guard or
 * handler runs; requests without a body are not affected.
 */
@Injectable()
export class JsonBodiesMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    // an empty body (Content-Length: 0, what clients send with a bodiless POST) is no body, whatever its type
    const empty = req.headers['transfer-encoding'] === undefined && Number(req.headers['content-length'] ?? 0) === 0;
    // req.is: false for a body of another type (or of no declared type)
    if (!empty && req.is(JSON_MEDIA_TYPES) === false) {
      const type = req.headers['content-type'];
      throw new UnsupportedMediaTypeException(type ? `The request body is ${type.split(';')[0]}; send it as application/json.` : 'The request body has no Content-Type; send it as application/json.');
    }
    next();
  }
}
