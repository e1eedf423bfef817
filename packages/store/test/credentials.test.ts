import fs from 'node:fs';
import { Secret } from '@araldo/core';
import { createChannel, createOwner } from '@araldo/engine';
import { createTestContext, DIALECTS } from '@araldo/testkit';
import { sql } from 'kysely';
import { describe, expect, it } from 'vitest';
import { CredentialCipher, KEY_FILE, loadCredentialKey } from '../src/credential-cipher';
import { readChannelCredentials } from '../src/repos/channels';

const TOKEN = 'mastodon-access-token-THIS-MUST-NOT-APPEAR-IN-PLAIN';

describe.each(DIALECTS)('network credentials at rest on %s', (dialect) => {
  it('are stored only encrypted, and read back intact', async () => {
    const ctx = await createTestContext(dialect);
    try {
      const { user, workspace } = await createOwner(ctx, {
        email: 'o@example.org',
        password: 'long enough pw',
      });
      const channel = await createChannel(ctx, { userId: user.id, role: 'owner' }, workspace.id, {
        network: 'mastodon',
        name: 'Mastodon',
        accountId: '1',
        credentials: { accessToken: TOKEN },
      });
      const row = await ctx.store.db.selectFrom('channels').selectAll().executeTakeFirstOrThrow();
      expect(row.credentials).toMatch(/^v1\./);
      expect(JSON.stringify(row)).not.toContain(TOKEN);
      expect(JSON.stringify(channel)).not.toContain(TOKEN);
      await expect(
        readChannelCredentials(ctx.store.db, ctx.cipher, workspace.id, channel.id),
      ).resolves.toEqual({
        accessToken: TOKEN,
      });
      if (dialect === 'sqlite') {
        // Checkpoint the WAL so the main file holds everything, then search the raw bytes.
        await sql`PRAGMA wal_checkpoint(TRUNCATE)`.execute(ctx.store.db);
        for (const file of fs.readdirSync(ctx.dataDir).filter((f) => f.startsWith('araldo-test.db'))) {
          expect(fs.readFileSync(`${ctx.dataDir}/${file}`).includes(TOKEN), file).toBe(false);
        }
      }
    } finally {
      await ctx.dispose();
    }
  });
});

describe('the credential cipher', () => {
  it('refuses a tampered envelope', () => {
    const cipher = new CredentialCipher(Buffer.alloc(32, 7));
    const sealed = cipher.seal({ token: 'abc' });
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3]!, 'base64url');
    body[0] = (body[0] ?? 0) ^ 1;
    parts[3] = body.toString('base64url');
    expect(() => cipher.open(parts.join('.'))).toThrow();
    expect(cipher.open(sealed)).toEqual({ token: 'abc' });
  });

  it('cannot be opened with another key', () => {
    const sealed = new CredentialCipher(Buffer.alloc(32, 1)).seal('x');
    expect(() => new CredentialCipher(Buffer.alloc(32, 2)).open(sealed)).toThrow();
  });

  it('creates a 0600 key file once and reuses it; ARALDO_SECRET takes precedence', () => {
    const dir = fs.mkdtempSync('/tmp/araldo-key-');
    const first = loadCredentialKey({ secret: undefined, dataDir: dir });
    expect(fs.statSync(`${dir}/${KEY_FILE}`).mode & 0o777).toBe(0o600);
    expect(loadCredentialKey({ secret: undefined, dataDir: dir }).equals(first)).toBe(true);
    const fromSecret = loadCredentialKey({ secret: new Secret('s'.repeat(40)), dataDir: dir });
    expect(fromSecret.equals(first)).toBe(false);
    expect(fromSecret.length).toBe(32);
    fs.rmSync(dir, { recursive: true });
  });
});
