import type { Capabilities, Draft, NetworkDescriptor, Violation } from '../contract';
import { checkMedia } from '../media-rules';
import { createSnapchatClient, snapchatProfileId } from './client';
import { snapchatCredentials } from './credentials';
import { SNAPCHAT_BASE_URL, snapchatOAuth } from './oauth';
import {
  characters,
  measureSnapchat,
  SAVED_STORY_TITLE_LIMIT,
  SNAP_KINDS,
  snapchatDescription,
  snapKind,
} from './text';

// Public Profile media: one JPEG/PNG image ≤ 20 MB or one MP4 video of 5–60 s ≤ 500 MB.
const capabilities: Capabilities = {
  kinds: ['story', 'video', 'image'],
  textOnly: false,
  images: { max: 1, maxBytes: 20 * 1024 * 1024, mimeTypes: ['image/jpeg', 'image/png'] },
  videos: { max: 1, maxBytes: 500 * 1024 * 1024, minSeconds: 5, maxSeconds: 60, mimeTypes: ['video/mp4'] },
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

function checkKind(draft: Draft): Violation[] {
  const out: Violation[] = [];
  const kind = draft.options.kind;
  if (kind !== undefined && !SNAP_KINDS.includes(kind as never)) {
    return [
      {
        path: 'options.kind',
        code: 'invalid_option',
        message: 'Post to Snapchat as a Story, a Saved Story or a Spotlight',
      },
    ];
  }
  const text = snapchatDescription(draft.text, draft.link);
  switch (snapKind(draft.options)) {
    case 'story':
      // A Story is the media alone: text would silently be lost.
      if (text.trim())
        out.push({
          path: 'text',
          code: 'text_not_posted',
          message: 'A Snapchat Story carries no text; remove it, or post a Spotlight or a Saved Story',
        });
      break;
    case 'saved_story': {
      const title =
        typeof draft.options.title === 'string' && draft.options.title ? draft.options.title : text;
      if (!title.trim())
        out.push({
          path: 'options.title',
          code: 'title_required',
          message: 'A Snapchat Saved Story needs a title',
        });
      else if (characters(title) > SAVED_STORY_TITLE_LIMIT)
        out.push({
          path: 'options.title',
          code: 'title_too_long',
          message: `The title is ${characters(title)} characters; a Saved Story title takes at most ${SAVED_STORY_TITLE_LIMIT}`,
        });
      break;
    }
    case 'spotlight': {
      const m = measureSnapchat(text);
      if (!m.fits)
        out.push({
          path: 'text',
          code: 'text_too_long',
          message: `The description is ${m.length} characters; a Spotlight takes at most ${m.limit}, hashtags included`,
        });
      if (draft.media.some((x) => !x.mimeType.startsWith('video/')))
        out.push({ path: 'media', code: 'video_required', message: 'A Snapchat Spotlight must be a video' });
      const locale = draft.options.locale;
      if (locale !== undefined && !/^[a-z]{2}_[A-Z]{2}$/.test(String(locale)))
        out.push({
          path: 'options.locale',
          code: 'invalid_option',
          message: 'The Spotlight language must look like en_US',
        });
      break;
    }
  }
  return out;
}

export const snapchatDescriptor: NetworkDescriptor = {
  id: 'snapchat',
  name: 'Snapchat',
  defaultBaseUrl: SNAPCHAT_BASE_URL,
  capabilities,
  // 10 requests a second per token, 20 per app.
  publishLimits: { channel: { max: 10, windowMs: 1_000 }, app: { max: 20, windowMs: 1_000 } },
  connect: { kind: 'oauth2', oauth: snapchatOAuth },
  credentials: snapchatCredentials,
  measure: (text) => measureSnapchat(text),
  validate(draft: Draft): Violation[] {
    const out = [...checkKind(draft), ...checkMedia(draft, 'Snapchat', capabilities)];
    if (draft.media.length === 0)
      out.push({
        path: 'media',
        code: 'media_required',
        message: 'A Snapchat post needs one image or video',
      });
    if (draft.media.length > 1 && !out.some((v) => v.code.startsWith('too_many') || v.code === 'mixed_media'))
      out.push({
        path: 'media',
        code: 'too_many_media',
        message: 'A Snapchat post takes exactly one image or video',
      });
    return out;
  },
  createClient: createSnapchatClient,
  // The profile id comes from the token itself ("Get Profile ID by Auth Token").
  async credentialsFromTokens(tokens, context) {
    const credentials = {
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      expiresAt: tokens.expiresAt,
    };
    return { ...credentials, profileId: await snapchatProfileId({ ...context, credentials }) };
  },
};
