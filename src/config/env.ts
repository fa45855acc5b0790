import { plainToInstance, Transform } from 'class-transformer';
import { CronExpressionParser } from 'cron-parser';
import { ArrayMaxSize, ArrayMinSize, IsBoolean, IsIn, IsInt, IsNumber, IsOptional, IsString, Matches, Max, Min, MinLength, registerDecorator, validateSync } from 'class-validator';
import { parseAllowList } from '../modules/webhooks/ssrf';

export const ROLES = ['api', 'worker', 'all'] as const;
export type ProcessRole = (typeof ROLES)[number];

const toBool = ({ value }: { value: unknown }) =>
  typeof value === 'string' ? ['1', 'true', 'yes', 'on'].includes(value.toLowerCase()) : value;
const toInt = ({ value }: { value: unknown }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value);

/** A cron pattern BullMQ's scheduler accepts (it uses the same parser). */
function IsCron() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isCron',
      target: object.constructor,
      propertyName,
      options: { message: 'must be a cron pattern such as "15 * * * *"' },
      validator: {
        validate: (value: unknown) => {
          try {
            return typeof value === 'string' && !!CronExpressionParser.parse(value);
          } catch {
            return false;
          }
        },
      },
    });
}

/** Comma-separated hostnames, IPs or CIDR ranges (WEBHOOK_ALLOWED_HOSTS), parsed as the webhooks will parse them. */
function IsHostList() {
  return (object: object, propertyName: string) =>
    registerDecorator({
      name: 'isHostList',
      target: object.constructor,
      propertyName,
      validator: {
        validate: (value: unknown) => {
          try {
            parseAllowList(String(value));
            return true;
          } catch {
            return false;
          }
        },
        defaultMessage: (args) => {
          try {
            parseAllowList(String(args?.value));
            return 'must be a comma-separated list of hostnames, IPs or CIDR ranges';
          } catch (err) {
            return `must be a comma-separated list of hostnames, IPs or CIDR ranges: ${(err as Error).message}`;
          }
        },
      },
    });
}

export const NOTIFY_TRANSPORTS = ['log', 'smtp'] as const;
export type NotifyTransportName = (typeof NOTIFY_TRANSPORTS)[number];

/** Variables whose value never appears in an error message. */
const SECRET_VARIABLES = new Set(['JWT_SECRET', 'SMTP_URL', 'METRICS_TOKEN']);

/** A URL's password (`scheme://user:password@host`) masked, for messages about DATABASE_URL or REDIS_URL. */
export function withoutPassword(value: unknown): unknown {
  return typeof value === 'string' ? value.replace(/^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)[^@\s]*@/i, '$1[redacted]@') : value;
}

export const DEV_JWT_SECRET = 'marktplatz-dev-secret-do-not-use-in-production';

/**
 * Every setting the service reads. Environment only; validated at start. A bad value stops the
 * start with a message naming the variable (see loadConfig).
 */
export class EnvDto {
  @IsOptional() @IsIn(['development', 'production', 'test'])
  NODE_ENV: 'development' | 'production' | 'test' = 'development';

  @IsIn(ROLES)
  MARKTPLATZ_ROLE: ProcessRole = 'all';

  @Matches(/^postgres(ql)?:\/\/.+/, { message: 'must be a postgres:// URL, e.g. postgres://postgres@127.0.0.1:5432/marktplatz' })
  DATABASE_URL = 'postgres://postgres@127.0.0.1:5432/marktplatz';

  @Matches(/^rediss?:\/\/.+/, { message: 'must be a redis:// URL, e.g. redis://127.0.0.1:6379' })
  REDIS_URL = 'redis://127.0.0.1:6379';

  /** Prefix of every BullMQ key; tests use one per run. */
  @Matches(/^[a-zA-Z0-9:_-]+$/, { message: 'may hold letters, digits, ":", "_" and "-" only' }) @IsString()
  QUEUE_PREFIX = 'marktplatz';

  @Transform(toInt) @Max(65535) @Min(0) @IsInt()
  PORT = 3000;

  @IsOptional() @MinLength(32, { message: 'must be at least 32 characters long' }) @IsString()
  JWT_SECRET?: string;

  @Matches(/^\d+[smhd]$/, { message: 'must be a duration such as 15m, 12h or 7d' })
  JWT_EXPIRES_IN = '12h';

  @Transform(toBool) @IsBoolean()
  MIGRATIONS_RUN = true;

  @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'])
  LOG_LEVEL = 'info';

  /** Login and signup attempts allowed per client IP and e-mail within LOGIN_RATE_WINDOW_S. */
  @Transform(toInt) @Min(1) @IsInt()
  LOGIN_RATE_LIMIT = 10;

  /** Login and signup attempts allowed per client IP (any e-mail) within LOGIN_RATE_WINDOW_S. */
  @Transform(toInt) @Min(1) @IsInt()
  LOGIN_RATE_LIMIT_PER_CLIENT = 30;

  /**
   * Which proxies may set X-Forwarded-For (Express "trust proxy"): empty trusts none, so the
   * client IP is the socket's; behind a reverse proxy give its address, subnet or hop count.
   */
  @Matches(/^$|^\d+$|^(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+)(\s*,\s*(loopback|linklocal|uniquelocal|[0-9a-fA-F.:/]+))*$/, {
    message: 'must be empty, a hop count, or a comma-separated list of loopback, linklocal, uniquelocal, IPs or subnets',
  })
  TRUST_PROXY = '';

  @Transform(toInt) @Max(200) @Min(1) @IsInt()
  DATABASE_POOL_MAX = 10;

  /**
   * PostgreSQL: how long to wait for a connection (ms), a new one or a free one of the pool.
   * When the database is away, a request fails after at most this long with 503.
   */
  @Transform(toInt) @Max(60_000) @Min(100) @IsInt()
  DATABASE_CONNECT_TIMEOUT_MS = 3_000;

  /**
   * PostgreSQL: the longest one SQL statement may take in the API role (ms; 0: no limit), on the
   * server (statement_timeout) and, a second later, in the client (a server that stopped
   * answering). Workers have none: their jobs wait for advisory locks by design.
   */
  @Transform(toInt) @Max(600_000) @Min(0) @IsInt()
  DATABASE_STATEMENT_TIMEOUT_MS = 15_000;

  /**
   * SIGTERM/SIGINT: how long the graceful stop may take (ms): no new requests or jobs are taken,
   * those in flight finish, connections close, exit code 0. After this long the process exits
   * with code 1 (a job still running then is retried by another worker once its lock expires).
   */
  @Transform(toInt) @Max(600_000) @Min(1_000) @IsInt()
  SHUTDOWN_TIMEOUT_MS = 10_000;

  /**
   * Bearer token Prometheus sends to scrape GET /metrics (at least 32 characters). Empty:
   * /metrics is off (404).
   */
  @Matches(/^$|^[\x21-\x7e]{32,}$/, { message: 'must be empty or at least 32 printable characters without spaces' }) @IsString()
  METRICS_TOKEN = '';

  /** The worker role's metrics port (GET /metrics, with METRICS_TOKEN); the API roles serve /metrics on PORT. */
  @Transform(toInt) @Max(65535) @Min(1) @IsInt()
  METRICS_PORT = 9464;

  @Transform(toInt) @Min(1) @IsInt()
  LOGIN_RATE_WINDOW_S = 60;

  /** Requests per minute an API client (partner key) may make, unless the client has a limit of its own. */
  @Transform(toInt) @Max(100_000) @Min(1) @IsInt()
  API_KEY_RATE_LIMIT_PER_MINUTE = 600;

  /** How long the audit log of API key calls is kept (days); the hourly maintenance sweep removes older entries. */
  @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  AUDIT_LOG_RETENTION_DAYS = 365;

  /** How long finished webhook deliveries (delivered or failed) and their attempt log are kept (days); pending ones are never removed. */
  @Transform(toInt) @Max(3650) @Min(1) @IsInt()
  WEBHOOK_DELIVERY_RETENTION_DAYS = 30;

  /** How often the outbox relay looks for undelivered events (milliseconds). */
  @Transform(toInt) @Min(10) @IsInt()
  OUTBOX_POLL_MS = 1000;

  /** Browser origins allowed to call the API (comma-separated); empty: no cross-origin browser access. */
  @Matches(/^$|^(https?:\/\/[^\s,]+)(,https?:\/\/[^\s,]+)*$/, { message: 'must be a comma-separated list of http(s) origins' }) @IsString()
  CORS_ORIGINS = '';

  /** Cron pattern of the job that expires needs and offers whose end date passed. */
  @IsCron()
  EXPIRY_CRON = '15 * * * *';

  /** Cron pattern of the nightly rematch of every Quartier (Europe/Berlin). */
  @IsCron()
  MATCHING_CRON = '30 2 * * *';

  /** How many best matches are kept per need and per offer (per Quartier). */
  @Transform(toInt) @Max(200) @Min(1) @IsInt()
  MATCHING_TOP_K = 20;

  /** Matching jobs one worker process runs at once. Scoring is CPU-bound: about one per core. */
  @Transform(toInt) @Max(16) @Min(1) @IsInt()
  MATCHING_CONCURRENCY = 1;

  /**
   * How long a worker's lock on a matching job lasts (ms); it renews it at half this interval.
   * A worker that dies mid-job gives the job up after this long. Scoring a big Quartier must not
   * block the event loop longer, or the job counts as stalled.
   */
  @Transform(toInt) @Max(3_600_000) @Min(1000) @IsInt()
  MATCHING_LOCK_MS = 30_000;

  /**
   * How often workers look for matching jobs whose lock expired and put them back in the queue
   * (ms). Give every worker the same value: one worker's check holds off the others' for its own interval.
   */
  @Transform(toInt) @Max(3_600_000) @Min(1000) @IsInt()
  MATCHING_STALLED_MS = 30_000;

  /**
   * How notifications leave the service: `log` (default; writes one line per notification with
   * its id and kind, never its text or address: privacy by default) or `smtp` (mail through
   * SMTP_URL, from NOTIFY_FROM).
   */
  @IsIn(NOTIFY_TRANSPORTS)
  NOTIFY_TRANSPORT: NotifyTransportName = 'log';

  /** SMTP server for NOTIFY_TRANSPORT=smtp, e.g. smtps://user:password@mail.example:465 or smtp://mail.example:587. */
  @Matches(/^$|^smtps?:\/\/[^\s]+$/, { message: 'must be an smtp:// or smtps:// URL, e.g. smtp://user:password@mail.example:587' }) @IsString()
  SMTP_URL = '';

  /** Sender of notification mails, e.g. "Marktplatz <noreply@marktplatz.example>"; required for NOTIFY_TRANSPORT=smtp. */
  @Matches(/^$|^[^<>\r\n]*<[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+>$|^[^<>@\s]+@[^<>@\s]+\.[^<>@\s]+$/, {
    message: 'must be an e-mail address, optionally with a name: "Marktplatz <noreply@marktplatz.example>"',
  }) @IsString()
  NOTIFY_FROM = '';

  /** Marketplaces: on `open`, invite up to capacity × this factor of the best-matched organisations of its Quartiere. */
  @Transform(({ value }) => (typeof value === 'string' && value.trim() !== '' ? Number(value) : value)) @Max(10) @Min(0) @IsNumber()
  MARKETPLACE_INVITE_FACTOR = 1.5;

  /** How long a proposal (Kooperationsanfrage) waits for an answer before it expires (hours). */
  @Transform(toInt) @Max(24 * 365) @Min(1) @IsInt()
  PROPOSAL_TTL_HOURS = 14 * 24;

  /** How long before its expiry the receiver is reminded of a pending proposal (hours; 0 = no reminder). */
  @Transform(toInt) @Max(24 * 30) @Min(0) @IsInt()
  PROPOSAL_REMINDER_HOURS = 48;

  /** How long both parties have to evaluate a cooperation after its end (days); then it counts as evaluated. */
  @Transform(toInt) @Max(365) @Min(1) @IsInt()
  EVALUATION_WINDOW_DAYS = 30;

  /** Follow-up after a marketplace: the first reminder this many calendar days after its end (Europe/Berlin). */
  @Transform(toInt) @Max(365) @Min(1) @IsInt()
  FOLLOW_UP_FIRST_DAYS = 14;

  /** The second follow-up reminder this many calendar months after the end (Europe/Berlin; the 31st falls back to the month's last day). */
  @Transform(toInt) @Max(24) @Min(1) @IsInt()
  FOLLOW_UP_SECOND_MONTHS = 3;

  /**
   * Webhooks: the waits between the attempts of a delivery (ms, comma-separated); a delivery is
   * tried once plus once per entry, then it has failed. Default 1 min, 5 min, 15 min, 1 h, 3 h,
   * 6 h, 12 h: about 22 hours in all.
   */
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',').map((v) => (v.trim() === '' ? NaN : Number(v.trim()))) : value))
  @ArrayMaxSize(20) @ArrayMinSize(1) @Max(7 * 24 * 3600 * 1000, { each: true }) @Min(1, { each: true }) @IsInt({ each: true, message: 'must be a comma-separated list of waits in milliseconds, e.g. 60000,300000,900000' })
  WEBHOOK_RETRY_DELAYS_MS: number[] = [60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000];

  /** Webhooks: a subscription whose deliveries failed for good this many times in a row is disabled (its organisation is told). */
  @Transform(toInt) @Max(1000) @Min(1) @IsInt()
  WEBHOOK_DISABLE_AFTER_FAILURES = 5;

  /** Webhooks: time to connect (TCP and TLS) to a receiver (ms). */
  @Transform(toInt) @Max(60_000) @Min(100) @IsInt()
  WEBHOOK_CONNECT_TIMEOUT_MS = 5_000;

  /** Webhooks: time for a whole attempt, until the response (ms). */
  @Transform(toInt) @Max(120_000) @Min(100) @IsInt()
  WEBHOOK_TIMEOUT_MS = 10_000;

  /**
   * Webhooks: targets permitted although they are not public https addresses (SSRF protection),
   * comma-separated hostnames, IPs or CIDR ranges (`hooks.intranet.example,10.20.0.0/16`). A
   * listed hostname or IP may also use http. Empty: public https targets only.
   */
  @IsHostList() @IsString()
  WEBHOOK_ALLOWED_HOSTS = '';
}

export interface AppConfig extends Omit<EnvDto, 'JWT_SECRET'> {
  JWT_SECRET: string;
}

export class ConfigError extends Error {}

/** Reads and validates the environment. Throws ConfigError naming every bad variable. */
export function loadConfig(env: NodeJS.ProcessEnv = process.env): AppConfig {
  const known = Object.keys(new EnvDto());
  const raw: Record<string, unknown> = {};
  for (const key of [...known, 'JWT_SECRET']) {
    if (env[key] !== undefined && env[key] !== '') raw[key] = env[key];
  }
  const dto = plainToInstance(EnvDto, raw, { exposeDefaultValues: true });
  const errors = validateSync(dto, { whitelist: true, stopAtFirstError: true });
  const problems = errors.map(
    (e) =>
      `${e.property}=${SECRET_VARIABLES.has(e.property) ? '[redacted]' : JSON.stringify(withoutPassword(raw[e.property]) ?? null)}: ${Object.values(e.constraints ?? {}).join('; ')}`,
  );
  if (dto.NODE_ENV === 'production' && !dto.JWT_SECRET) {
    problems.push('JWT_SECRET: required when NODE_ENV=production (at least 32 random characters)');
  }
  if (dto.NODE_ENV === 'production' && dto.JWT_SECRET === DEV_JWT_SECRET) {
    problems.push('JWT_SECRET=[redacted]: is the published development default; set at least 32 random characters of your own');
  }
  if (dto.NOTIFY_TRANSPORT === 'smtp') {
    if (!dto.SMTP_URL) problems.push('SMTP_URL: required when NOTIFY_TRANSPORT=smtp (e.g. smtp://user:password@mail.example:587)');
    if (!dto.NOTIFY_FROM) problems.push('NOTIFY_FROM: required when NOTIFY_TRANSPORT=smtp (e.g. "Marktplatz <noreply@marktplatz.example>")');
  }
  if (!errors.some((e) => e.property.startsWith('FOLLOW_UP_')) && dto.FOLLOW_UP_FIRST_DAYS >= 28 * dto.FOLLOW_UP_SECOND_MONTHS) {
    problems.push(
      `FOLLOW_UP_FIRST_DAYS=${dto.FOLLOW_UP_FIRST_DAYS}: the first follow-up must come before the second (fewer days than 28 × FOLLOW_UP_SECOND_MONTHS = ${28 * dto.FOLLOW_UP_SECOND_MONTHS})`,
    );
  }
  if (problems.length) {
    throw new ConfigError(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
  }
  return { ...dto, JWT_SECRET: dto.JWT_SECRET ?? DEV_JWT_SECRET };
}

export const APP_CONFIG = Symbol('APP_CONFIG');
