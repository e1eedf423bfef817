import type { Capabilities, Draft, MediaInfo, NetworkDescriptor, TokenSet, Violation } from '../contract';
import type { HttpClient } from '../http/http-client';
import { checkLength, checkMedia } from '../media-rules';
import { createXClient } from './client';
import { xCredentials } from './credentials';
import { xError } from './errors';
import { X_DEFAULT_BASE_URL, xOAuth } from './oauth';
import { composeXText, measureX } from './text';
import { verifyXWebhook } from './webhook';

const MB = 1024 * 1024;
const GIF_MAX_BYTES = 15 * MB;

// docs.x.com media best practices: up to 4 photos, or 1 animated GIF, or 1 video per post.
const capabilities: Capabilities = {
  kinds: ['text', 'link', 'image', 'video'],
  textOnly: true,
  images: { max: 4, maxBytes: 5 * MB, mimeTypes: ['image/jpeg', 'image/png', 'image/webp'] },
  videos: {
    max: 1,
    maxBytes: 512 * MB,
    mimeTypes: ['video/mp4', 'video/quicktime'],
    minSeconds: 0.5,
    maxSeconds: 140,
  },
  mixedMedia: false,
  threads: true,
  firstComment: true,
  linkPreview: true,
  audienceTargeting: false,
  inbox: true,
  directMessages: false,
  webhooks: true,
  metrics: true,
};

/** A GIF is its own kind on X: alone in its post, up to 15 MB. */
function gifRules(media: MediaInfo[]): Violation[] {
  const out: Violation[] = [];
  const gifs = media.filter((m) => m.mimeType === 'image/gif');
  media.forEach((m, i) => {
    if (m.mimeType === 'image/gif' && m.sizeBytes > GIF_MAX_BYTES)
      out.push({ path: `media.${i}`, code: 'media_too_large', message: 'X takes GIFs of at most 15 MB' });
  });
  if (gifs.length > 0 && media.length > 1)
    out.push({ path: 'media', code: 'mixed_media', message: 'On X a GIF must be alone in its post' });
  return out;
}

function validate(draft: Draft): Violation[] {
  const text = composeXText(draft.text, draft.link);
  const indexed = draft.media.map((m, i) => ({ m, i })).filter(({ m }) => m.mimeType !== 'image/gif');
  const out = [
    ...checkLength(measureX(text), 'X'),
    // checkMedia numbers the files it sees; map its paths back to the draft's positions.
    ...checkMedia({ ...draft, media: indexed.map(({ m }) => m) }, 'X', capabilities).map((v) => {
      const at = /^media\.(\d+)$/.exec(v.path);
      return at ? { ...v, path: `media.${indexed[Number(at[1])]!.i}` } : v;
    }),
    ...gifRules(draft.media),
  ];
  if (text.trim() === '' && draft.media.length === 0)
    out.push({ path: 'text', code: 'empty', message: 'A post on X needs text or media' });
  const thread = draft.options.thread;
  if (Array.isArray(thread)) {
    thread.forEach((t, i) => {
      if (typeof t !== 'string' || !measureX(t).fits)
        out.push({
          path: `options.thread.${i}`,
          code: 'text_too_long',
          message: `Reply ${i + 1} of the thread is over X’s 280 characters`,
        });
    });
  }
  if (draft.firstComment !== null && !measureX(draft.firstComment).fits)
    out.push({
      path: 'firstComment',
      code: 'text_too_long',
      message: 'The first comment is over X’s 280 characters',
    });
  return out;
}

/** Stores who the token belongs to, so reconciliation can list the account's posts. */
async function credentialsFromTokens(
  tokens: TokenSet,
  context: { http: HttpClient; baseUrl: string },
): Promise<Record<string, unknown>> {
  const response = await context.http.request({
    method: 'GET',
    url: `${context.baseUrl.replace(/\/$/, '')}/2/users/me`,
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  });
  if (response.status >= 400) throw xError(response, 'say whose account this is');
  const me = response.json<{ data: { id: string; username: string } }>().data;
  return xCredentials.parse({
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    userId: me.id,
    username: me.username,
  });
}

export const xDescriptor: NetworkDescriptor = {
  id: 'x',
  name: 'X',
  defaultBaseUrl: X_DEFAULT_BASE_URL,
  capabilities,
  // POST /2/tweets: 100 per 15 minutes per user, 10,000 per 24 hours per app.
  publishLimits: { channel: { max: 100, windowMs: 15 * 60_000 }, app: { max: 10_000, windowMs: 86_400_000 } },
  connect: { kind: 'oauth2', oauth: xOAuth },
  credentials: xCredentials,
  measure: measureX,
  validate,
  createClient: createXClient,
  credentialsFromTokens,
  verifyWebhook: verifyXWebhook,
};
