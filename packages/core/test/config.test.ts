import { describe, expect, it } from 'vitest';
import { ConfigError, parseConfig, parseRateLimit } from '../src/config';

describe('configuration', () => {
  it('has working defaults: SQLite in ./data on port 8080', () => {
    const config = parseConfig({}, '/srv/araldo');
    expect(config.port).toBe(8080);
    expect(config.dataDir).toBe('/srv/araldo/data');
    expect(config.database).toEqual({ kind: 'sqlite', file: '/srv/araldo/data/araldo.db' });
    expect(config.publicUrl).toBe('http://localhost:8080');
    expect(config.allowPrivateUrls).toBe(false);
    expect(config.smtp).toBeUndefined();
  });

  it('names every bad value at once, and never echoes a secret', () => {
    let message = '';
    try {
      parseConfig({ PORT: 'eighty', ARALDO_SECRET: 'short-secret', ARALDO_ALLOW_PRIVATE_URLS: 'maybe' });
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      message = (error as Error).message;
    }
    expect(message).toMatch(/PORT: .*\(got "eighty"\)/);
    expect(message).toMatch(/ARALDO_SECRET: must be at least 32 characters/);
    expect(message).toMatch(/ARALDO_ALLOW_PRIVATE_URLS/);
    expect(message).not.toContain('short-secret');
  });

  it('reads PostgreSQL, SMTP and per-network settings, keeping secrets out of JSON', () => {
    const config = parseConfig({
      DATABASE_URL: 'postgres://araldo:hunter2hunter2@db:5432/araldo',
      SMTP_HOST: 'smtp.example.org',
      SMTP_PASSWORD: 'mail-secret',
      SMTP_FROM: 'news@example.org',
      ARALDO_MASTODON_BASE_URL: 'http://127.0.0.1:9999',
      ARALDO_X_CLIENT_ID: 'id',
      ARALDO_X_CLIENT_SECRET: 'x-secret',
      ARALDO_ALLOW_PRIVATE_URLS: '1',
    });
    expect(config.database.kind).toBe('postgres');
    expect(config.database.kind === 'postgres' && config.database.display).toBe(
      'postgres://araldo:***@db:5432/araldo',
    );
    expect(config.networks.mastodon.baseUrl).toBe('http://127.0.0.1:9999');
    expect(config.networks.x.clientSecret?.reveal()).toBe('x-secret');
    expect(config.allowPrivateUrls).toBe(true);
    const json = JSON.stringify(config);
    for (const secret of ['hunter2hunter2', 'mail-secret', 'x-secret']) expect(json).not.toContain(secret);
  });

  it('refuses a network base URL that is not http(s)', () => {
    expect(() => parseConfig({ ARALDO_BLUESKY_BASE_URL: 'ftp://pds' })).toThrow(/ARALDO_BLUESKY_BASE_URL/);
  });

  it('reads publishing budget overrides per network, and names a malformed one', () => {
    const config = parseConfig({
      ARALDO_MASTODON_CHANNEL_LIMIT: '1000/5m',
      ARALDO_X_APP_LIMIT: 'off',
      ARALDO_RECONNECT_HOLD_MINUTES: '0',
    });
    expect(config.networks.mastodon.channelLimit).toEqual({ max: 1000, windowMs: 300_000 });
    expect(config.networks.x.appLimit).toBeNull();
    expect(config.networks.x.channelLimit).toBeUndefined();
    expect(config.reconnectHoldMs).toBe(0);
    expect(parseConfig({}).reconnectHoldMs).toBe(3_600_000);
    expect(parseRateLimit('50/24h')).toEqual({ max: 50, windowMs: 86_400_000 });
    expect(parseRateLimit('10/s')).toEqual({ max: 10, windowMs: 1_000 });
    expect(parseRateLimit('0/5m')).toBeUndefined();
    expect(() => parseConfig({ ARALDO_THREADS_CHANNEL_LIMIT: 'lots' })).toThrow(
      /ARALDO_THREADS_CHANNEL_LIMIT: must look like 300\/5m, 50\/24h or off \(got "lots"\)/,
    );
  });
});
