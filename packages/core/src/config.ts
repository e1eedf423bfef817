import path from 'node:path';
import { z } from 'zod';
import { NETWORK_IDS, type NetworkId } from './networks';
import { Secret } from './secret';

export type Database = { kind: 'sqlite'; file: string } | { kind: 'postgres'; url: Secret; display: string };

export interface NetworkAppConfig {
  clientId: string | undefined;
  clientSecret: Secret | undefined;
  /** Overrides the network's documented API host; how tests point adapters at fakes. */
  baseUrl: string | undefined;
  /**
   * Overrides the network's documented publishing budget per account and per app: a
   * Mastodon instance may set its own, an app may hold a higher tier. `null` turns it off.
   */
  channelLimit: RateLimit | null | undefined;
  appLimit: RateLimit | null | undefined;
}

/** At most `max` posts in any `windowMs`. */
export interface RateLimit {
  max: number;
  windowMs: number;
}

const UNITS: Record<string, number> = { s: 1_000, m: 60_000, h: 3_600_000, d: 86_400_000 };

/** `300/5m`, `50/24h`, `off`: what an operator writes in ARALDO_<NETWORK>_CHANNEL_LIMIT. */
export function parseRateLimit(text: string): RateLimit | null | undefined {
  if (text === 'off') return null;
  const match = /^(\d+)\/(\d*)([smhd])$/.exec(text.trim());
  if (!match) return undefined;
  const max = Number(match[1]);
  const windowMs = Number(match[2] || '1') * UNITS[match[3]!]!;
  return max > 0 && windowMs > 0 ? { max, windowMs } : undefined;
}

export interface SmtpConfig {
  host: string;
  port: number;
  secure: boolean;
  user: string | undefined;
  password: Secret | undefined;
  from: string;
}

export interface Config {
  port: number;
  host: string;
  dataDir: string;
  database: Database;
  secret: Secret | undefined;
  publicUrl: string;
  allowPrivateUrls: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  sessionDays: number;
  maxUploadBytes: number;
  /** Embedded (jobs in the application's database) or pg-boss (PostgreSQL only). */
  queue: 'embedded' | 'pg-boss';
  /** How long a worker holds a job before another may take it over. */
  jobLeaseSeconds: number;
  /** How long a call to a network may take before it counts as lost (and is reconciled). */
  httpTimeoutMs: number;
  /**
   * A post that waited for its channel to be reconnected and is by then more than this late
   * is held for a person to confirm instead of going out at once; 0 never holds.
   */
  reconnectHoldMs: number;
  smtp: SmtpConfig | undefined;
  networks: Record<NetworkId, NetworkAppConfig>;
}

export class ConfigError extends Error {
  override name = 'ConfigError';
}

const flag = z
  .enum(['0', '1', 'true', 'false', 'yes', 'no', 'on', 'off', ''])
  .transform((v) => ['1', 'true', 'yes', 'on'].includes(v));
const port = z.coerce.number().int().min(1).max(65535);
const httpUrl = z
  .string()
  .url()
  .refine((u) => /^https?:\/\//.test(u), 'must start with http:// or https://');

const schema = z.object({
  PORT: port.default(8080),
  HOST: z.string().min(1).default('localhost'),
  ARALDO_DATA_DIR: z.string().min(1).default('./data'),
  DATABASE_URL: z
    .string()
    .refine(
      (u) => /^(postgres|postgresql):\/\//.test(u) || u.startsWith('sqlite:'),
      'must be postgres://… or sqlite:<file>',
    )
    .optional(),
  ARALDO_SECRET: z.string().min(32, 'must be at least 32 characters').optional(),
  ARALDO_PUBLIC_URL: httpUrl.optional(),
  ARALDO_ALLOW_PRIVATE_URLS: flag.default(false),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  ARALDO_SESSION_DAYS: z.coerce.number().int().min(1).max(365).default(30),
  ARALDO_MAX_UPLOAD_MB: z.coerce.number().int().min(1).max(4096).default(100),
  ARALDO_QUEUE: z.enum(['embedded', 'pg-boss']).optional(),
  ARALDO_JOB_LEASE_SECONDS: z.coerce.number().int().min(2).max(3600).default(120),
  ARALDO_HTTP_TIMEOUT_SECONDS: z.coerce.number().min(0.1).max(600).default(30),
  ARALDO_RECONNECT_HOLD_MINUTES: z.coerce.number().int().min(0).max(525_600).default(60),
  SMTP_HOST: z.string().min(1).optional(),
  SMTP_PORT: port.default(587),
  SMTP_SECURE: flag.default(false),
  SMTP_USER: z.string().optional(),
  SMTP_PASSWORD: z.string().optional(),
  SMTP_FROM: z.string().email().optional(),
});

const envKey = (network: NetworkId, part: string) => `ARALDO_${network.toUpperCase()}_${part}`;

const redactUrl = (url: string) => url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@');

/**
 * Parses the environment once at start. Empty strings count as unset, so a blank line in
 * `.env` falls back to the default instead of failing.
 */
export function parseConfig(env: Record<string, string | undefined>, cwd: string = process.cwd()): Config {
  const cleaned = Object.fromEntries(Object.entries(env).filter(([, v]) => v !== undefined && v !== ''));
  const parsed = schema.safeParse(cleaned);
  if (!parsed.success) {
    const lines = parsed.error.issues.map((issue) => {
      const key = String(issue.path[0]);
      const got = key.includes('SECRET') || key.includes('PASSWORD') ? '' : ` (got "${cleaned[key]}")`;
      return `  ${key}: ${issue.message}${got}`;
    });
    throw new ConfigError(`Invalid configuration:\n${lines.join('\n')}`);
  }
  const e = parsed.data;
  const dataDir = path.resolve(cwd, e.ARALDO_DATA_DIR);
  const database: Database = e.DATABASE_URL?.startsWith('postgres')
    ? { kind: 'postgres', url: new Secret(e.DATABASE_URL), display: redactUrl(e.DATABASE_URL) }
    : {
        kind: 'sqlite',
        file: e.DATABASE_URL
          ? path.resolve(cwd, e.DATABASE_URL.slice('sqlite:'.length))
          : path.join(dataDir, 'araldo.db'),
      };

  const networks = {} as Record<NetworkId, NetworkAppConfig>;
  const networkIssues: string[] = [];
  for (const id of NETWORK_IDS) {
    const baseUrl = cleaned[envKey(id, 'BASE_URL')];
    if (baseUrl !== undefined && !httpUrl.safeParse(baseUrl).success) {
      networkIssues.push(`  ${envKey(id, 'BASE_URL')}: must be an http(s) URL (got "${baseUrl}")`);
    }
    const limits: Pick<NetworkAppConfig, 'channelLimit' | 'appLimit'> = {
      channelLimit: undefined,
      appLimit: undefined,
    };
    for (const [part, field] of [
      ['CHANNEL_LIMIT', 'channelLimit'],
      ['APP_LIMIT', 'appLimit'],
    ] as const) {
      const raw = cleaned[envKey(id, part)];
      if (raw === undefined) continue;
      const limit = parseRateLimit(raw);
      if (limit === undefined) {
        networkIssues.push(`  ${envKey(id, part)}: must look like 300/5m, 50/24h or off (got "${raw}")`);
      }
      limits[field] = limit;
    }
    const secret = cleaned[envKey(id, 'CLIENT_SECRET')];
    networks[id] = {
      clientId: cleaned[envKey(id, 'CLIENT_ID')],
      clientSecret: secret === undefined ? undefined : new Secret(secret),
      baseUrl,
      ...limits,
    };
  }
  if (e.ARALDO_QUEUE === 'pg-boss' && database.kind !== 'postgres') {
    networkIssues.push('  ARALDO_QUEUE: pg-boss needs DATABASE_URL=postgres://…');
  }
  if (networkIssues.length > 0) {
    throw new ConfigError(`Invalid configuration:\n${networkIssues.join('\n')}`);
  }

  return {
    port: e.PORT,
    host: e.HOST,
    dataDir,
    database,
    secret: e.ARALDO_SECRET === undefined ? undefined : new Secret(e.ARALDO_SECRET),
    publicUrl: (e.ARALDO_PUBLIC_URL ?? `http://localhost:${e.PORT}`).replace(/\/$/, ''),
    allowPrivateUrls: e.ARALDO_ALLOW_PRIVATE_URLS,
    logLevel: e.LOG_LEVEL,
    sessionDays: e.ARALDO_SESSION_DAYS,
    maxUploadBytes: e.ARALDO_MAX_UPLOAD_MB * 1024 * 1024,
    queue: e.ARALDO_QUEUE ?? (database.kind === 'postgres' ? 'pg-boss' : 'embedded'),
    jobLeaseSeconds: e.ARALDO_JOB_LEASE_SECONDS,
    httpTimeoutMs: e.ARALDO_HTTP_TIMEOUT_SECONDS * 1000,
    reconnectHoldMs: e.ARALDO_RECONNECT_HOLD_MINUTES * 60_000,
    smtp: e.SMTP_HOST
      ? {
          host: e.SMTP_HOST,
          port: e.SMTP_PORT,
          secure: e.SMTP_SECURE,
          user: e.SMTP_USER,
          password: e.SMTP_PASSWORD === undefined ? undefined : new Secret(e.SMTP_PASSWORD),
          from: e.SMTP_FROM ?? `araldo@${new URL(e.ARALDO_PUBLIC_URL ?? 'http://localhost').hostname}`,
        }
      : undefined,
    networks,
  };
}
