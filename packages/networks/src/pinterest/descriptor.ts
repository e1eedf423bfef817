import type { Capabilities, Draft, NetworkDescriptor, TokenSet, Violation } from '../contract';
import type { HttpClient } from '../http/http-client';
import { checkLength, checkMedia } from '../media-rules';
import { createPinterestClient } from './client';
import { pinterestCredentials } from './credentials';
import { pinterestError } from './errors';
import { PINTEREST_DEFAULT_BASE_URL, pinterestOAuth } from './oauth';
import { measurePinterest, PINTEREST_TITLE_LIMIT, pinterestLength } from './text';

const MB = 1024 * 1024;

// Pins need media: one image, a carousel of 2–5, or one video. Byte and duration limits
// come from Pinterest's help pages (secondary); the API reference states none.
const capabilities: Capabilities = {
  kinds: ['pin', 'image', 'carousel', 'video'],
  textOnly: false,
  images: { max: 5, maxBytes: 20 * MB, mimeTypes: ['image/jpeg', 'image/png', 'image/webp', 'image/gif'] },
  videos: {
    max: 1,
    maxBytes: 2048 * MB,
    mimeTypes: ['video/mp4', 'video/quicktime'],
    minSeconds: 4,
    maxSeconds: 900,
  },
  mixedMedia: false,
  threads: false,
  firstComment: false,
  linkPreview: false,
  audienceTargeting: false,
  inbox: false,
  directMessages: false,
  webhooks: false,
  metrics: true,
};

function validate(draft: Draft): Violation[] {
  const out = [
    ...checkLength(measurePinterest(draft.text), 'Pinterest'),
    ...checkMedia(draft, 'Pinterest', capabilities),
  ];
  if (draft.media.length === 0)
    out.push({ path: 'media', code: 'media_required', message: 'A Pin needs an image or a video' });
  const { boardId, title } = draft.options;
  if (typeof boardId !== 'string' || boardId === '')
    out.push({
      path: 'options.boardId',
      code: 'board_required',
      message: 'Choose the Pinterest board to pin to',
    });
  if (title !== undefined && (typeof title !== 'string' || pinterestLength(title) > PINTEREST_TITLE_LIMIT))
    out.push({
      path: 'options.title',
      code: 'title_too_long',
      message: `A Pin title has at most ${PINTEREST_TITLE_LIMIT} characters`,
    });
  if (draft.link !== null && draft.link.length > 2048)
    out.push({
      path: 'link',
      code: 'link_too_long',
      message: 'Pinterest takes links of at most 2,048 characters',
    });
  draft.media.forEach((m, i) => {
    if (m.altText && pinterestLength(m.altText) > 500)
      out.push({
        path: `media.${i}`,
        code: 'alt_text_too_long',
        message: 'Pinterest alt text has at most 500 characters',
      });
  });
  if (draft.firstComment)
    out.push({
      path: 'firstComment',
      code: 'unsupported',
      message: 'Pinterest has no comments to post through its API',
    });
  return out;
}

async function credentialsFromTokens(
  tokens: TokenSet,
  context: { http: HttpClient; baseUrl: string },
): Promise<Record<string, unknown>> {
  const response = await context.http.request({
    method: 'GET',
    url: `${context.baseUrl.replace(/\/$/, '')}/v5/user_account`,
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  });
  if (response.status >= 400) throw pinterestError(response, 'say whose account this is');
  return pinterestCredentials.parse({
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    username: response.json<{ username: string }>().username,
  });
}

export const pinterestDescriptor: NetworkDescriptor = {
  id: 'pinterest',
  name: 'Pinterest',
  defaultBaseUrl: PINTEREST_DEFAULT_BASE_URL,
  capabilities,
  connect: { kind: 'oauth2', oauth: pinterestOAuth },
  credentials: pinterestCredentials,
  measure: measurePinterest,
  validate,
  createClient: createPinterestClient,
  credentialsFromTokens,
};
