import { randomUUID } from 'node:crypto';
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { Params } from 'nestjs-pino';
import type { AppConfig } from '../config/env';
import { logContextFields } from './log-context';

const REQUEST_ID = /^[A-Za-z0-9._:-]{1,128}$/;
const LOGS_REQUESTS = new Set(['info', 'debug', 'trace']);

/**
 * Structured JSON logs (pino); every request gets an id: the caller's X-Request-Id or a new UUID.
 * Every line written for a request carries it (`req.id`: nestjs-pino keeps the request's logger
 * in its async context); every line written while a job runs carries `job` (id, name, queue,
 * attempt) through the mixin.
 */
export function loggerParams(config: AppConfig): Params {
  return {
    pinoHttp: {
      level: config.LOG_LEVEL,
      genReqId: (req: IncomingMessage, res: ServerResponse) => {
        const given = req.headers['x-request-id'];
        const id = typeof given === 'string' && REQUEST_ID.test(given) ? given : randomUUID();
        res.setHeader('X-Request-Id', id);
        return id;
      },
      customProps: () => ({ service: 'marktplatz', role: config.MARKTPLATZ_ROLE }),
      mixin: logContextFields,
      // Credentials never reach the log: tokens, API keys, the dashboard's session cookie (both ways), passwords.
      redact: {
        paths: ['req.headers.authorization', 'req.headers["x-api-key"]', 'req.headers.cookie', 'res.headers["set-cookie"]', 'req.body.password', 'req.body.secret'],
        censor: '[redacted]',
      },
      // Request lines are info-level: above it, skip building them (the request id is still set).
      autoLogging: LOGS_REQUESTS.has(config.LOG_LEVEL) ? { ignore: (req: IncomingMessage) => /^\/(health|metrics)(\/|$|\?)/.test(req.url ?? '') } : false,
    },
  };
}
