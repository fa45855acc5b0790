import { ConfigError, DEV_JWT_SECRET, loadConfig } from './env';

const SECRET = 'a'.repeat(32);

function configError(env: NodeJS.ProcessEnv): ConfigError {
  try {
    loadConfig(env);
  } catch (err) {
    return err as ConfigError;
  }
  throw new Error('expected loadConfig to throw');
}

describe('loadConfig', () => {
  it('has working defaults for an empty environment', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      NODE_ENV: 'development',
      MARKTPLATZ_ROLE: 'all',
      DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/marktplatz',
      REDIS_URL: 'redis://127.0.0.1:6379',
      QUEUE_PREFIX: 'marktplatz',
      PORT: 3000,
      JWT_SECRET: DEV_JWT_SECRET,
      JWT_EXPIRES_IN: '12h',
      MIGRATIONS_RUN: true,
      LOG_LEVEL: 'info',
      LOGIN_RATE_LIMIT: 10,
      LOGIN_RATE_WINDOW_S: 60,
      OUTBOX_POLL_MS: 1000,
      EXPIRY_CRON: '15 * * * *',
      DATABASE_CONNECT_TIMEOUT_MS: 3000,
      DATABASE_STATEMENT_TIMEOUT_MS: 15000,
      SHUTDOWN_TIMEOUT_MS: 10000,
      METRICS_TOKEN: '',
      METRICS_PORT: 9464,
    });
  });

  it('reads the fault and metrics settings', () => {
    const token = 'm'.repeat(40);
    expect(loadConfig({ DATABASE_CONNECT_TIMEOUT_MS: '1500', DATABASE_STATEMENT_TIMEOUT_MS: '0', SHUTDOWN_TIMEOUT_MS: '25000', METRICS_TOKEN: token, METRICS_PORT: '9100' })).toMatchObject({
      DATABASE_CONNECT_TIMEOUT_MS: 1500,
      DATABASE_STATEMENT_TIMEOUT_MS: 0,
      SHUTDOWN_TIMEOUT_MS: 25000,
      METRICS_TOKEN: token,
      METRICS_PORT: 9100,
    });
  });

  it('never prints METRICS_TOKEN in an error', () => {
    expect(configError({ METRICS_TOKEN: 'short secret' }).message).toMatch(/METRICS_TOKEN=\[redacted\]: must be empty or at least 32/);
    expect(configError({ METRICS_TOKEN: 'short secret' }).message).not.toContain('short secret');
  });

  it('treats empty strings as unset', () => {
    const config = loadConfig({ PORT: '', DATABASE_URL: '', JWT_SECRET: '' });
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBe('postgres://postgres@127.0.0.1:5432/marktplatz');
    expect(config.JWT_SECRET).toBe(DEV_JWT_SECRET);
  });

  it('converts numbers and booleans', () => {
    const config = loadConfig({ PORT: '8080', MIGRATIONS_RUN: 'false', LOGIN_RATE_LIMIT: '3', OUTBOX_POLL_MS: '50' });
    expect(config.PORT).toBe(8080);
    expect(config.MIGRATIONS_RUN).toBe(false);
    expect(config.LOGIN_RATE_LIMIT).toBe(3);
    expect(config.OUTBOX_POLL_MS).toBe(50);
    expect(loadConfig({ MARKETPLACE_INVITE_FACTOR: '2.5' }).MARKETPLACE_INVITE_FACTOR).toBe(2.5);
    expect(loadConfig({}).MARKETPLACE_INVITE_FACTOR).toBe(1.5);
  });

  describe.each([['1'], ['true'], ['YES'], ['on']])('MIGRATIONS_RUN=%s', (value) => {
    it('is true', () => expect(loadConfig({ MIGRATIONS_RUN: value }).MIGRATIONS_RUN).toBe(true));
  });

  it('accepts a production setup with a long secret', () => {
    const config = loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET, DATABASE_URL: 'postgresql://u:p@db:5432/mp', REDIS_URL: 'rediss://cache:6380' });
    expect(config.NODE_ENV).toBe('production');
    expect(config.JWT_SECRET).toBe(SECRET);
    expect(config.DATABASE_URL).toBe('postgresql://u:p@db:5432/mp');
  });

  it('ignores unknown variables', () => {
    expect(() => loadConfig({ SOMETHING_ELSE: 'x', HOME: '/root' })).not.toThrow();
  });

  describe.each<[string, NodeJS.ProcessEnv, string]>([
    ['a non-numeric PORT', { PORT: 'abc' }, 'PORT'],
    ['a fractional PORT', { PORT: '80.5' }, 'PORT'],
    ['a PORT above 65535', { PORT: '70000' }, 'PORT'],
    ['a negative PORT', { PORT: '-1' }, 'PORT'],
    ['a mysql DATABASE_URL', { DATABASE_URL: 'mysql://root@localhost/db' }, 'DATABASE_URL'],
    ['a DATABASE_URL without scheme', { DATABASE_URL: 'localhost:5432/db' }, 'DATABASE_URL'],
    ['an http REDIS_URL', { REDIS_URL: 'http://127.0.0.1:6379' }, 'REDIS_URL'],
    ['production without JWT_SECRET', { NODE_ENV: 'production' }, 'JWT_SECRET'],
    ['a short JWT_SECRET', { JWT_SECRET: 'short' }, 'JWT_SECRET'],
    ['an unknown NODE_ENV', { NODE_ENV: 'staging' }, 'NODE_ENV'],
    ['an unknown MARKTPLATZ_ROLE', { MARKTPLATZ_ROLE: 'both' }, 'MARKTPLATZ_ROLE'],
    ['a bad JWT_EXPIRES_IN', { JWT_EXPIRES_IN: '12 hours' }, 'JWT_EXPIRES_IN'],
    ['a bad LOG_LEVEL', { LOG_LEVEL: 'verbose' }, 'LOG_LEVEL'],
    ['a QUEUE_PREFIX with spaces', { QUEUE_PREFIX: 'my prefix' }, 'QUEUE_PREFIX'],
    ['an OUTBOX_POLL_MS below 10', { OUTBOX_POLL_MS: '5' }, 'OUTBOX_POLL_MS'],
    ['a DATABASE_CONNECT_TIMEOUT_MS below 100', { DATABASE_CONNECT_TIMEOUT_MS: '50' }, 'DATABASE_CONNECT_TIMEOUT_MS'],
    ['a negative DATABASE_STATEMENT_TIMEOUT_MS', { DATABASE_STATEMENT_TIMEOUT_MS: '-1' }, 'DATABASE_STATEMENT_TIMEOUT_MS'],
    ['a SHUTDOWN_TIMEOUT_MS below a second', { SHUTDOWN_TIMEOUT_MS: '500' }, 'SHUTDOWN_TIMEOUT_MS'],
    ['a METRICS_TOKEN with a space', { METRICS_TOKEN: `${'x'.repeat(20)} ${'y'.repeat(20)}` }, 'METRICS_TOKEN'],
    ['a METRICS_PORT of 0', { METRICS_PORT: '0' }, 'METRICS_PORT'],
    ['a LOGIN_RATE_LIMIT of 0', { LOGIN_RATE_LIMIT: '0' }, 'LOGIN_RATE_LIMIT'],
    ['an EXPIRY_CRON that is no cron pattern', { EXPIRY_CRON: 'not a cron' }, 'EXPIRY_CRON'],
    ['a DATABASE_POOL_MAX that is no number', { DATABASE_POOL_MAX: 'abc' }, 'DATABASE_POOL_MAX'],
    ['a TRUST_PROXY that is no address', { TRUST_PROXY: 'everyone!' }, 'TRUST_PROXY'],
    ['CORS_ORIGINS without a scheme', { CORS_ORIGINS: 'portal.example' }, 'CORS_ORIGINS'],
    ['an unknown NOTIFY_TRANSPORT', { NOTIFY_TRANSPORT: 'sendgrid' }, 'NOTIFY_TRANSPORT'],
    ['NOTIFY_TRANSPORT=smtp without SMTP_URL', { NOTIFY_TRANSPORT: 'smtp', NOTIFY_FROM: 'noreply@marktplatz.example' }, 'SMTP_URL'],
    ['NOTIFY_TRANSPORT=smtp without NOTIFY_FROM', { NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'smtp://mail.example:587' }, 'NOTIFY_FROM'],
    ['an http SMTP_URL', { SMTP_URL: 'http://mail.example' }, 'SMTP_URL'],
    ['a NOTIFY_FROM that is no address', { NOTIFY_FROM: 'Marktplatz' }, 'NOTIFY_FROM'],
    ['a MARKETPLACE_INVITE_FACTOR that is no number', { MARKETPLACE_INVITE_FACTOR: 'lots' }, 'MARKETPLACE_INVITE_FACTOR'],
    ['a negative MARKETPLACE_INVITE_FACTOR', { MARKETPLACE_INVITE_FACTOR: '-1' }, 'MARKETPLACE_INVITE_FACTOR'],
    ['a FOLLOW_UP_FIRST_DAYS of 0', { FOLLOW_UP_FIRST_DAYS: '0' }, 'FOLLOW_UP_FIRST_DAYS'],
    ['a FOLLOW_UP_SECOND_MONTHS that is no number', { FOLLOW_UP_SECOND_MONTHS: 'three' }, 'FOLLOW_UP_SECOND_MONTHS'],
    ['an API_KEY_RATE_LIMIT_PER_MINUTE of 0', { API_KEY_RATE_LIMIT_PER_MINUTE: '0' }, 'API_KEY_RATE_LIMIT_PER_MINUTE'],
    ['an API_KEY_RATE_LIMIT_PER_MINUTE that is no number', { API_KEY_RATE_LIMIT_PER_MINUTE: 'many' }, 'API_KEY_RATE_LIMIT_PER_MINUTE'],
    ['a first follow-up not before the second', { FOLLOW_UP_FIRST_DAYS: '60', FOLLOW_UP_SECOND_MONTHS: '2' }, 'FOLLOW_UP_FIRST_DAYS=60: the first follow-up must come before the second'],
    ['WEBHOOK_RETRY_DELAYS_MS with a word', { WEBHOOK_RETRY_DELAYS_MS: '60000,soon' }, 'WEBHOOK_RETRY_DELAYS_MS'],
    ['WEBHOOK_RETRY_DELAYS_MS with an empty entry', { WEBHOOK_RETRY_DELAYS_MS: '60000,,300000' }, 'WEBHOOK_RETRY_DELAYS_MS'],
    ['WEBHOOK_RETRY_DELAYS_MS with a negative wait', { WEBHOOK_RETRY_DELAYS_MS: '-5' }, 'WEBHOOK_RETRY_DELAYS_MS'],
    ['WEBHOOK_RETRY_DELAYS_MS with a fraction', { WEBHOOK_RETRY_DELAYS_MS: '1.5' }, 'WEBHOOK_RETRY_DELAYS_MS'],
    ['WEBHOOK_RETRY_DELAYS_MS with 21 waits', { WEBHOOK_RETRY_DELAYS_MS: Array(21).fill('1000').join(',') }, 'WEBHOOK_RETRY_DELAYS_MS'],
    ['WEBHOOK_DISABLE_AFTER_FAILURES of 0', { WEBHOOK_DISABLE_AFTER_FAILURES: '0' }, 'WEBHOOK_DISABLE_AFTER_FAILURES'],
    ['a WEBHOOK_TIMEOUT_MS that is no number', { WEBHOOK_TIMEOUT_MS: 'ten seconds' }, 'WEBHOOK_TIMEOUT_MS'],
    ['a WEBHOOK_CONNECT_TIMEOUT_MS below 100', { WEBHOOK_CONNECT_TIMEOUT_MS: '5' }, 'WEBHOOK_CONNECT_TIMEOUT_MS'],
    ['WEBHOOK_ALLOWED_HOSTS with a URL', { WEBHOOK_ALLOWED_HOSTS: 'https://hooks.example' }, 'WEBHOOK_ALLOWED_HOSTS="https://hooks.example": must be a comma-separated list of hostnames, IPs or CIDR ranges: "https://hooks.example" is a URL: list its hostname only'],
    ['WEBHOOK_ALLOWED_HOSTS with a bad CIDR', { WEBHOOK_ALLOWED_HOSTS: '10.0.0.0/33' }, 'WEBHOOK_ALLOWED_HOSTS'],
    ['WEBHOOK_ALLOWED_HOSTS with a space in a name', { WEBHOOK_ALLOWED_HOSTS: 'my host' }, '"my host" is neither a hostname'],
  ])('%s', (_name, env, variable) => {
    it(`throws a ConfigError naming ${variable}`, () => {
      const err = configError(env);
      expect(err).toBeInstanceOf(ConfigError);
      expect(err.message).toMatch(/^Invalid configuration/);
      expect(err.message).toContain(variable);
    });
  });

  it('names every bad variable at once, and not the good ones', () => {
    const err = configError({ PORT: 'abc', DATABASE_URL: 'mysql://x', NODE_ENV: 'production', REDIS_URL: 'redis://ok:6379' });
    expect(err).toBeInstanceOf(ConfigError);
    expect(err.message).toContain('PORT="abc"');
    expect(err.message).toContain('DATABASE_URL="mysql://x"');
    expect(err.message).toContain('JWT_SECRET');
    expect(err.message).not.toContain('REDIS_URL');
  });

  it('does not put the secret into the message when JWT_SECRET is valid', () => {
    const err = configError({ JWT_SECRET: SECRET, PORT: 'x' });
    expect(err.message).not.toContain(SECRET);
  });

  it('lets an API client make 600 requests a minute by default; configurable', () => {
    expect(loadConfig({}).API_KEY_RATE_LIMIT_PER_MINUTE).toBe(600);
    expect(loadConfig({ API_KEY_RATE_LIMIT_PER_MINUTE: '120' }).API_KEY_RATE_LIMIT_PER_MINUTE).toBe(120);
  });

  it('asks for follow-ups 14 days and 3 months after a marketplace by default; both configurable', () => {
    expect(loadConfig({})).toMatchObject({ FOLLOW_UP_FIRST_DAYS: 14, FOLLOW_UP_SECOND_MONTHS: 3 });
    expect(loadConfig({ FOLLOW_UP_FIRST_DAYS: '7', FOLLOW_UP_SECOND_MONTHS: '6' })).toMatchObject({ FOLLOW_UP_FIRST_DAYS: 7, FOLLOW_UP_SECOND_MONTHS: 6 });
    expect(loadConfig({ FOLLOW_UP_FIRST_DAYS: '55', FOLLOW_UP_SECOND_MONTHS: '2' }).FOLLOW_UP_FIRST_DAYS).toBe(55);
  });

  it('sends notifications to the log by default, and by SMTP when configured', () => {
    expect(loadConfig({})).toMatchObject({ NOTIFY_TRANSPORT: 'log', SMTP_URL: '', NOTIFY_FROM: '' });
    const config = loadConfig({ NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'smtps://u:p@mail.example:465', NOTIFY_FROM: 'Marktplatz <noreply@marktplatz.example>' });
    expect(config).toMatchObject({ NOTIFY_TRANSPORT: 'smtp', SMTP_URL: 'smtps://u:p@mail.example:465', NOTIFY_FROM: 'Marktplatz <noreply@marktplatz.example>' });
  });

  it('retries webhooks over about a day by default; the waits, limits and allow-list are configurable', () => {
    const config = loadConfig({});
    expect(config.WEBHOOK_RETRY_DELAYS_MS).toEqual([60_000, 300_000, 900_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000]);
    const day = config.WEBHOOK_RETRY_DELAYS_MS.reduce((a, b) => a + b, 0) / 3_600_000;
    expect(day).toBeGreaterThan(20);
    expect(day).toBeLessThan(26);
    expect(config).toMatchObject({ WEBHOOK_DISABLE_AFTER_FAILURES: 5, WEBHOOK_CONNECT_TIMEOUT_MS: 5_000, WEBHOOK_TIMEOUT_MS: 10_000, WEBHOOK_ALLOWED_HOSTS: '' });
    expect(loadConfig({ WEBHOOK_RETRY_DELAYS_MS: ' 5, 10 ,20' }).WEBHOOK_RETRY_DELAYS_MS).toEqual([5, 10, 20]);
    expect(loadConfig({ WEBHOOK_ALLOWED_HOSTS: '127.0.0.1, hooks.intranet.example, 10.20.0.0/16, ::1' }).WEBHOOK_ALLOWED_HOSTS).toBe('127.0.0.1, hooks.intranet.example, 10.20.0.0/16, ::1');
  });

  it('does not put the SMTP password into the message', () => {
    const err = configError({ SMTP_URL: 'ftp://user:hunter2hunter2@mail.example' });
    expect(err.message).toContain('SMTP_URL');
    expect(err.message).not.toContain('hunter2');
  });

  it('does not put a database or Redis password into the message', () => {
    const err = configError({ DATABASE_URL: 'mysql://marktplatz:s3cr3t-db-pass@db:3306/mp', REDIS_URL: 'http://:r3d1s-pass@cache:6379' });
    expect(err.message).toContain('DATABASE_URL="mysql://marktplatz:[redacted]@db:3306/mp"');
    expect(err.message).toContain('REDIS_URL="http://:[redacted]@cache:6379"');
    expect(err.message).not.toMatch(/s3cr3t|r3d1s/);
  });

  it('requires a JWT_SECRET of at least 32 characters in production, and never uses the development default there', () => {
    expect(configError({ NODE_ENV: 'production' }).message).toMatch(/JWT_SECRET: required when NODE_ENV=production/);
    expect(configError({ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(31) }).message).toMatch(/JWT_SECRET=\[redacted\]: must be at least 32 characters/);
    expect(configError({ NODE_ENV: 'production', JWT_SECRET: DEV_JWT_SECRET }).message).toMatch(/development default/);
    expect(loadConfig({ NODE_ENV: 'production', JWT_SECRET: SECRET }).JWT_SECRET).toBe(SECRET);
  });
});
