import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { linkedinDescriptor } from './linkedin/index';
import { tiktokDescriptor } from './tiktok/index';
import { verifyTikTokSignature } from './webhook-signatures';
import { youtubeDescriptor } from './youtube/index';

const body = Buffer.from('{"event":"video.publish.completed","content":"{}"}');
const secret = 'app-secret';
const hmac = (alg: string, data: string | Buffer) => createHmac(alg, secret).update(data).digest('hex');

describe('signatures of pushed events', () => {
  it('TikTok: t and s over "<t>.<body>", fresh timestamps only', () => {
    const t = Math.floor(Date.now() / 1000);
    const header = `t=${t},s=${hmac('sha256', `${t}.${body}`)}`;
    expect(
      tiktokDescriptor.verifyWebhook?.({ headers: { 'tiktok-signature': header }, rawBody: body, secret }),
    ).toBe(true);
    expect(
      tiktokDescriptor.verifyWebhook?.({
        headers: { 'tiktok-signature': header },
        rawBody: Buffer.from('{}'),
        secret,
      }),
    ).toBe(false);
    expect(
      verifyTikTokSignature(
        { headers: { 'tiktok-signature': header }, rawBody: body, secret },
        (t + 3600) * 1000,
      ),
    ).toBe(false);
    expect(tiktokDescriptor.verifyWebhook?.({ headers: {}, rawBody: body, secret })).toBe(false);
  });

  it('LinkedIn: hex HMAC-SHA256 of the body', () => {
    const good = { 'x-li-signature': hmac('sha256', body) };
    expect(linkedinDescriptor.verifyWebhook?.({ headers: good, rawBody: body, secret })).toBe(true);
    expect(linkedinDescriptor.verifyWebhook?.({ headers: good, rawBody: body, secret: 'other' })).toBe(false);
  });

  it('YouTube (WebSub): sha1 or sha256 HMAC of the body with the hub secret', () => {
    for (const alg of ['sha1', 'sha256']) {
      const headers = { 'x-hub-signature': `${alg}=${hmac(alg, body)}` };
      expect(youtubeDescriptor.verifyWebhook?.({ headers, rawBody: body, secret })).toBe(true);
    }
    expect(
      youtubeDescriptor.verifyWebhook?.({ headers: { 'x-hub-signature': 'md5=00' }, rawBody: body, secret }),
    ).toBe(false);
  });
});
