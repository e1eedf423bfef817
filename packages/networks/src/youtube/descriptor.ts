import type { Capabilities, Draft, NetworkDescriptor, Violation } from '../contract';
import { checkMedia } from '../media-rules';
import { verifyWebSubSignature } from '../webhook-signatures';
import { createYouTubeClient } from './client';
import { youtubeCredentials } from './credentials';
import { YOUTUBE_BASE_URL, youtubeOAuth } from './oauth';
import { checkYouTubeText, measureYouTube } from './text';

const capabilities: Capabilities = {
  kinds: ['video', 'short'],
  textOnly: false,
  images: null,
  videos: {
    max: 1,
    // 256 GB or 12 hours, whichever is less (YouTube upload limits; 15 min for unverified channels).
    maxBytes: 256 * 1024 ** 3,
    maxSeconds: 12 * 3600,
    mimeTypes: [
      'video/mp4',
      'video/quicktime',
      'video/webm',
      'video/x-msvideo',
      'video/mpeg',
      'video/x-ms-wmv',
      'video/x-flv',
      'video/3gpp',
    ],
  },
  mixedMedia: false,
  threads: false,
  firstComment: true,
  linkPreview: false,
  audienceTargeting: false,
  inbox: true,
  directMessages: false,
  webhooks: true,
  metrics: true,
};

const PRIVACY = ['public', 'unlisted', 'private'];

function checkOptions(draft: Draft): Violation[] {
  const out: Violation[] = [];
  const { privacyStatus, publishAt } = draft.options;
  if (privacyStatus !== undefined && !PRIVACY.includes(String(privacyStatus)))
    out.push({
      path: 'options.privacyStatus',
      code: 'invalid_option',
      message: 'The visibility must be public, unlisted or private',
    });
  if (publishAt !== undefined) {
    const at = typeof publishAt === 'string' ? Date.parse(publishAt) : Number.NaN;
    if (Number.isNaN(at))
      out.push({
        path: 'options.publishAt',
        code: 'invalid_option',
        message: 'The release time is not a date',
      });
    else if (at <= Date.now())
      out.push({
        path: 'options.publishAt',
        code: 'invalid_option',
        message: 'The release time is in the past',
      });
    // YouTube releases a scheduled video by turning it from private to public.
    if (privacyStatus !== undefined && privacyStatus !== 'private')
      out.push({
        path: 'options.privacyStatus',
        code: 'invalid_option',
        message: 'A video with a release time must stay private until then',
      });
  }
  return out;
}

export const youtubeDescriptor: NetworkDescriptor = {
  id: 'youtube',
  name: 'YouTube',
  defaultBaseUrl: YOUTUBE_BASE_URL,
  capabilities,
  // videos.insert has its own bucket of 100 calls a day per project (the quota page).
  publishLimits: { app: { max: 100, windowMs: 86_400_000 } },
  connect: { kind: 'oauth2', oauth: youtubeOAuth },
  credentials: youtubeCredentials,
  measure: measureYouTube,
  validate(draft: Draft): Violation[] {
    const isImage = (path: string) => draft.media[Number(path.split('.')[1])]?.mimeType.startsWith('image/');
    const out = [
      ...checkYouTubeText(draft),
      ...checkOptions(draft),
      // One plain "video only" says more than "does not take image/png" for each image.
      ...checkMedia(draft, 'YouTube', capabilities).filter(
        (v) => !(v.code === 'unsupported_media_type' && isImage(v.path)),
      ),
    ];
    if (draft.media.some((m) => m.mimeType.startsWith('image/')))
      out.push({ path: 'media', code: 'video_only', message: 'YouTube publishes videos only, not images' });
    if (!draft.media.some((m) => m.mimeType.startsWith('video/')))
      out.push({ path: 'media', code: 'media_required', message: 'A YouTube post needs a video' });
    return out;
  },
  createClient: createYouTubeClient,
  verifyWebhook: (request) => verifyWebSubSignature(request),
  // The channel is looked up once at connection, so a Google account without a channel is
  // refused then rather than at the first publication.
  async credentialsFromTokens(tokens, context) {
    const credentials = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
    };
    const client = createYouTubeClient({
      ...context,
      credentials,
      stateDir: '',
      onCredentials: async () => {},
    });
    const account = await client.verify();
    return { ...credentials, channelId: account.accountId };
  },
};
