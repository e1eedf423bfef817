import { createChannel, warnBeforeLapse } from '@araldo/engine';
import { createTestContext, DIALECTS, seedWorkspace, type TestContext } from '@araldo/testkit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const DAY = 86_400_000;

describe.each(DIALECTS)('warning before a token lapses on %s', (dialect) => {
  let ctx: TestContext;
  let ws: string;
  let owner: { userId: string; role: 'owner' };

  beforeAll(async () => {
    ctx = await createTestContext(dialect);
    const seed = await seedWorkspace(ctx);
    ws = seed.workspaceId;
    owner = { userId: seed.callers.owner.userId, role: 'owner' };
  });
  afterAll(() => ctx?.dispose());

  const channelWith = (name: string, credentials: Record<string, unknown>) =>
    createChannel(ctx, owner, ws, { network: 'linkedin', name, accountId: name, credentials });
  const notices = () =>
    ctx.store.db
      .selectFrom('notifications')
      .selectAll()
      .where('kind', '=', 'channel.token_expiring')
      .execute();

  it('tells the workspace once, a week ahead, when a token cannot be refreshed', async () => {
    const now = Date.now();
    const soon = await channelWith('Soon', { accessToken: 't', expiresAt: now + 3 * DAY });
    const later = await channelWith('Later', { accessToken: 't', expiresAt: now + 30 * DAY });
    const refreshable = await channelWith('Refreshable', {
      accessToken: 't',
      refreshToken: 'r',
      expiresAt: now + DAY,
    });
    expect(await warnBeforeLapse(ctx, soon.id, now)).toBe(true);
    expect(await warnBeforeLapse(ctx, soon.id, now + DAY)).toBe(false);
    expect(await warnBeforeLapse(ctx, later.id, now)).toBe(false);
    expect(await warnBeforeLapse(ctx, refreshable.id, now)).toBe(false);
    const list = await notices();
    expect(list).toHaveLength(1);
    expect(list[0]?.message).toMatch(/^Soon \(linkedin\) must be reconnected before \d{4}-\d{2}-\d{2}/);
    expect(await warnBeforeLapse(ctx, later.id, now + 25 * DAY)).toBe(true);
  });
});
