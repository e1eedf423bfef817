import type { Capabilities, Draft, NetworkDescriptor, Violation } from '../contract';
import { checkLength, checkMedia } from '../media-rules';
import { verifyTikTokSignature } from '../webhook-signatures';
import { createTikTokClient, tiktokOpenId } from './client';
import { tiktokCredentials } from './credentials';
import { TIKTOK_BASE_URL, tiktokOAuth } from './oauth';
import { measureTikTok, PHOTO_DESCRIPTION_LIMIT, PHOTO_TITLE_LIMIT, tiktokCaption } from './text';

export const PRIVACY_LEVELS = [
  'PUBLIC_TO_EVERYONE',
  'MUTUAL_FOLLOW_FRIENDS',
  'FOLLOWER_OF_CREATOR',
  'SELF_ONLY',
];

const capabilities: Capabilities = {
  kinds: ['video', 'image', 'carousel'],
  textOnly: false,
  // Photo posts: up to 35 JPEG or WebP photos of ≤ 20 MB each (Photo post reference; no PNG).
  images: { max: 35, maxBytes: 20 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/webp'] },
  // Video: MP4, WebM or MOV up to 4 GB; the creator's own maximum duration is checked at publish.
  videos: {
    max: 1,
    maxBytes: 4 * 1024 ** 3,
    minSeconds: 3,
    maxSeconds: 600,
    mimeTypes: ['video/mp4', 'video/webm', 'video/quicktime'],
  },
  mixedMedia: false,
  threads: false,
  firstComment: false,
  linkPreview: false,
  audienceTargeting: false,
  inbox: false,
  directMessages: false,
  webhooks: true,
  metrics: true,
};

function checkText(draft: Draft): Violation[] {
  const caption = tiktokCaption(draft.text, draft.link);
  const photos = !draft.media.some((m) => m.mimeType.startsWith('video/'));
  if (!photos) return checkLength(measureTikTok(caption), 'TikTok');
  const out = checkLength(measureTikTok(caption, PHOTO_DESCRIPTION_LIMIT), 'TikTok');
  const title = draft.options.title;
  if (typeof title === 'string' && title.length > PHOTO_TITLE_LIMIT)
    out.push({
      path: 'options.title',
      code: 'title_too_long',
      message: `The title is ${title.length} characters as TikTok counts them; a photo post takes at most ${PHOTO_TITLE_LIMIT}`,
    });
  return out;
}

export const tiktokDescriptor: NetworkDescriptor = {
  id: 'tiktok',
  name: 'TikTok',
  defaultBaseUrl: TIKTOK_BASE_URL,
  capabilities,
  // A creator may post about 15 times a day (the Content Posting API guide).
  publishLimits: { channel: { max: 15, windowMs: 86_400_000 } },
  connect: { kind: 'oauth2', oauth: tiktokOAuth },
  credentials: tiktokCredentials,
  measure: (text) => measureTikTok(text),
  validate(draft: Draft): Violation[] {
    const out = [...checkText(draft), ...checkMedia(draft, 'TikTok', capabilities)];
    if (draft.media.length === 0)
      out.push({ path: 'media', code: 'media_required', message: 'A TikTok post needs a video or photos' });
    // TikTok's posting guidelines require the person to choose who sees the post; no default.
    const privacy = draft.options.privacyLevel;
    if (typeof privacy !== 'string' || !PRIVACY_LEVELS.includes(privacy))
      out.push({
        path: 'options.privacyLevel',
        code: 'option_required',
        message: 'Choose who can see this TikTok post: everyone, friends, followers or only you',
      });
    return out;
  },
  createClient: createTikTokClient,
  verifyWebhook: (request) => verifyTikTokSignature(request),
  // The token answer carries open_id; when it does not, the user info endpoint says it.
  async credentialsFromTokens(tokens, context) {
    const credentials = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
    };
    const openId =
      typeof tokens.raw.open_id === 'string'
        ? tokens.raw.open_id
        : await tiktokOpenId({ ...context, credentials });
    return { ...credentials, openId };
  },
};
