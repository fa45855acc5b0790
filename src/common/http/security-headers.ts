import type { IncomingMessage, ServerResponse } from 'node:http';
import helmet from 'helmet';

/** Where the two browser pages live: Swagger UI and the queue dashboard (Bull Board). */
export const UI_PATHS = ['/docs', '/admin/queues'] as const;

/** Headers every response carries besides the Content-Security-Policy (helmet's, made explicit). */
const COMMON = {
  // A year, with subdomains; browsers ignore it over plain http (and behind a TLS proxy it is what we want).
  strictTransportSecurity: { maxAge: 31_536_000, includeSubDomains: true },
  referrerPolicy: { policy: 'no-referrer' as const },
  xFrameOptions: { action: 'deny' as const },
  crossOriginOpenerPolicy: { policy: 'same-origin' as const },
  // Cross-origin callers use CORS, which this header does not affect; it stops no-cors embedding (<img>, <script>).
  crossOriginResourcePolicy: { policy: 'same-origin' as const },
  crossOriginEmbedderPolicy: false,
  xPermittedCrossDomainPolicies: { permittedPolicies: 'none' as const },
};

/**
 * The JSON API: nothing a browser may load, run, frame or submit from a response. Responses that
 * are pages of their own (the printable agenda and table plan) set a policy of their own.
 */
export const API_CSP = {
  'default-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'none'"],
  'form-action': ["'none'"],
};

/**
 * Swagger UI and Bull Board: their own scripts, styles and images, fetches to this origin only.
 * Both use inline style attributes and a <style> block ('unsafe-inline' for styles only; no inline
 * script runs: Bull Board's inline <script> is JSON data). Bull Board's page links a Google web
 * font: `style-src` does not name fonts.googleapis.com, so the browser never requests it (the
 * page falls back to a system font) and no third party learns of the visit.
 */
export const UI_CSP = {
  'default-src': ["'self'"],
  'script-src': ["'self'"],
  'style-src': ["'self'", "'unsafe-inline'"],
  'img-src': ["'self'", 'data:'],
  'font-src': ["'self'"],
  'connect-src': ["'self'"],
  'object-src': ["'none'"],
  'frame-ancestors': ["'none'"],
  'base-uri': ["'self'"],
  'form-action': ["'self'"],
};

const isUiPath = (url: string | undefined) => {
  const path = (url ?? '').split('?')[0];
  return UI_PATHS.some((p) => path === p || path.startsWith(`${p}/`));
};

/** One middleware: the strict API policy everywhere, the page policy on the UI paths only. */
export function securityHeaders(): (req: IncomingMessage, res: ServerResponse, next: (err?: unknown) => void) => void {
  const api = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: API_CSP } });
  const ui = helmet({ ...COMMON, contentSecurityPolicy: { useDefaults: false, directives: UI_CSP } });
  return (req, res, next) => (isUiPath(req.url) ? ui : api)(req, res, next);
}

/** Request headers partners' browser apps send (CORS preflight). */
export const CORS_ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'X-API-Key', 'X-Organisation-Id', 'Idempotency-Key', 'If-Match', 'X-Request-Id'];
/** Response headers their scripts may read. */
export const CORS_EXPOSED_HEADERS = [
  'ETag',
  'Location',
  'Retry-After',
  'RateLimit-Limit',
  'RateLimit-Remaining',
  'RateLimit-Reset',
  'RateLimit-Policy',
  'Idempotent-Replayed',
  'X-Request-Id',
  'Deprecation',
  'Sunset',
  'Link',
  'Content-Disposition',
];
