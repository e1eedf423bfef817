import type { Capabilities, Draft, NetworkDescriptor, TokenSet, Violation } from '../contract';
import type { HttpClient } from '../http/http-client';
import { checkLength, checkMedia } from '../media-rules';
import { verifyLinkedInSignature } from '../webhook-signatures';
import { createLinkedInClient } from './client';
import { linkedinCredentials } from './credentials';
import { linkedinError } from './errors';
import { LINKEDIN_DEFAULT_BASE_URL, linkedinOAuth } from './oauth';
import { measureLinkedIn } from './text';

const MB = 1024 * 1024;

// Videos API, "Video File Size Specifications": MP4, 75 KB to 500 MB, 3 s to 30 min (its
// initializeUpload schema allows 5 GB, but the specification is what processing accepts).
const VIDEO_MIN_BYTES = 75 * 1024;

// Posts API: one image or one video (media), 2–20 images (multiImage); an article for a link alone.
const capabilities: Capabilities = {
  kinds: ['text', 'link', 'image', 'carousel', 'video'],
  textOnly: true,
  // File size limit unverified (the Images API documents pixels, 36,152,320, not bytes).
  images: { max: 20, maxBytes: 36 * MB, mimeTypes: ['image/jpeg', 'image/png', 'image/gif'] },
  videos: { max: 1, maxBytes: 500_000_000, mimeTypes: ['video/mp4'], minSeconds: 3, maxSeconds: 30 * 60 },
  mixedMedia: false,
  threads: false,
  firstComment: true,
  linkPreview: true,
  audienceTargeting: false,
  inbox: true,
  directMessages: false,
  webhooks: true,
  metrics: true,
};

function validate(draft: Draft): Violation[] {
  const text =
    draft.link && draft.media.length > 0 && !draft.text.includes(draft.link)
      ? `${draft.text}\n\n${draft.link}`
      : draft.text;
  const out = [
    ...checkLength(measureLinkedIn(text), 'LinkedIn'),
    ...checkMedia(draft, 'LinkedIn', capabilities),
  ];
  draft.media.forEach((m, i) => {
    if (m.mimeType === 'video/mp4' && m.sizeBytes < VIDEO_MIN_BYTES)
      out.push({
        path: `media.${i}`,
        code: 'media_too_small',
        message: 'LinkedIn takes videos of at least 75 KB',
      });
  });
  if (text.trim() === '' && draft.media.length === 0 && !draft.link)
    out.push({
      path: 'text',
      code: 'empty',
      message: 'A LinkedIn post needs text, a link, images or a video',
    });
  if (draft.firstComment !== null && !measureLinkedIn(draft.firstComment).fits)
    out.push({
      path: 'firstComment',
      code: 'text_too_long',
      message: 'The first comment is over LinkedIn’s 3,000 characters',
    });
  const author = draft.options.author;
  if (
    author !== undefined &&
    (typeof author !== 'string' || !/^urn:li:(person|organization):\S+$/.test(author))
  )
    out.push({
      path: 'options.author',
      code: 'invalid_author',
      message:
        'The author must be a LinkedIn member or company page (urn:li:person:… or urn:li:organization:…)',
    });
  return out;
}

/** The member's id comes from the OpenID userinfo endpoint (`sub`). */
async function credentialsFromTokens(
  tokens: TokenSet,
  context: { http: HttpClient; baseUrl: string },
): Promise<Record<string, unknown>> {
  const response = await context.http.request({
    method: 'GET',
    url: `${context.baseUrl.replace(/\/$/, '')}/v2/userinfo`,
    headers: { authorization: `Bearer ${tokens.accessToken}` },
  });
  if (response.status >= 400) throw linkedinError(response, 'say whose account this is');
  const me = response.json<{ sub: string; name: string }>();
  return linkedinCredentials.parse({
    accessToken: tokens.accessToken,
    refreshToken: tokens.refreshToken,
    expiresAt: tokens.expiresAt,
    personUrn: `urn:li:person:${me.sub}`,
    name: me.name,
  });
}

export const linkedinDescriptor: NetworkDescriptor = {
  id: 'linkedin',
  name: 'LinkedIn',
  defaultBaseUrl: LINKEDIN_DEFAULT_BASE_URL,
  capabilities,
  connect: { kind: 'oauth2', oauth: linkedinOAuth },
  credentials: linkedinCredentials,
  measure: measureLinkedIn,
  validate,
  createClient: createLinkedInClient,
  verifyWebhook: (request) => verifyLinkedInSignature(request),
  credentialsFromTokens,
};
