import type { MediaFile } from '../contract';
import type { BlueskySession } from './session';
import { facets } from './text';
import { isOk, xrpcError } from './xrpc';

export const POST = 'app.bsky.feed.post';

export interface StrongRef {
  uri: string;
  cid: string;
}

export interface BlobRef {
  $type: 'blob';
  ref: { $link: string };
  mimeType: string;
  size: number;
}

/** A record as JSON; journalled as it is, so a retry sends it byte for byte. */
export type PostRecord = Record<string, unknown> & { $type: typeof POST; text: string; createdAt: string };

/**
 * A post's embed is one of images, a video or an external card, never two. With media, the
 * link stays in the text as a link facet, appended when the author did not write it there.
 */
export function postText(text: string, link: string | null, hasMedia: boolean): string {
  if (!link || !hasMedia || text.includes(link)) return text;
  return text.trim() === '' ? link : `${text}\n\n${link}`;
}

/** Facets with mentions resolved to DIDs; a handle nobody owns stays plain text. */
export async function buildFacets(session: BlueskySession, text: string): Promise<Record<string, unknown>[]> {
  const detected = facets(text);
  const handles = [...new Set(detected.flatMap((f) => (f.kind === 'mention' ? [f.handle] : [])))];
  const dids = new Map<string, string>();
  await Promise.all(
    handles.map(async (handle) => {
      const did = await resolveHandle(session, handle);
      if (did) dids.set(handle, did);
    }),
  );
  const out: Record<string, unknown>[] = [];
  for (const f of detected) {
    const feature =
      f.kind === 'link'
        ? { $type: 'app.bsky.richtext.facet#link', uri: f.uri }
        : f.kind === 'tag'
          ? { $type: 'app.bsky.richtext.facet#tag', tag: f.tag }
          : dids.has(f.handle)
            ? { $type: 'app.bsky.richtext.facet#mention', did: dids.get(f.handle) }
            : null;
    if (feature) out.push({ index: { byteStart: f.byteStart, byteEnd: f.byteEnd }, features: [feature] });
  }
  return out;
}

async function resolveHandle(session: BlueskySession, handle: string): Promise<string | null> {
  const response = await session.anonymous({
    nsid: 'com.atproto.identity.resolveHandle',
    type: 'query',
    params: { handle },
  });
  if (isOk(response)) return response.json<{ did?: string }>().did ?? null;
  // 400 "Unable to resolve handle" is the answer for a handle nobody owns; anything else
  // (outage, rate limit) must not silently drop a mention the author meant.
  if (response.status === 400) return null;
  throw xrpcError(response, `look up @${handle}`, session.secrets);
}

/**
 * An image or a video, as a blob of the account's repository. The PDS sniffs the type from
 * the bytes and answers with the blob ref the record must carry unchanged (its mimeType and
 * size are checked against the stored blob when the record is written).
 */
export async function uploadFile(session: BlueskySession, file: MediaFile): Promise<BlobRef> {
  const data = await file.read();
  const kind = file.mimeType.startsWith('video/') ? 'video' : 'image';
  const answer = await session.call<{ blob: BlobRef }>(
    { nsid: 'com.atproto.repo.uploadBlob', type: 'procedure', bytes: { data, mimeType: file.mimeType } },
    `upload the ${kind} ${file.filename}`,
  );
  return answer.blob;
}

export function imagesEmbed(files: MediaFile[], blobs: BlobRef[]) {
  return {
    $type: 'app.bsky.embed.images',
    images: files.map((file, i) => ({
      image: blobs[i],
      alt: file.altText ?? '',
      ...(file.width && file.height ? { aspectRatio: { width: file.width, height: file.height } } : {}),
    })),
  };
}

/** app.bsky.embed.video: the blob itself, with optional alt text and aspect ratio. */
export function videoEmbed(file: MediaFile, blob: BlobRef) {
  return {
    $type: 'app.bsky.embed.video',
    video: blob,
    ...(file.altText ? { alt: file.altText } : {}),
    ...(file.width && file.height ? { aspectRatio: { width: file.width, height: file.height } } : {}),
  };
}

export function externalEmbed(link: string, options: Record<string, unknown>) {
  const str = (v: unknown) => (typeof v === 'string' ? v : '');
  return {
    $type: 'app.bsky.embed.external',
    external: { uri: link, title: str(options.linkTitle), description: str(options.linkDescription) },
  };
}

/** Post languages (BCP-47), at most 3 in the lexicon. */
export function langs(options: Record<string, unknown>): string[] | undefined {
  const value = options.langs;
  if (!Array.isArray(value)) return undefined;
  const list = value.filter((v): v is string => typeof v === 'string' && v.length > 0);
  return list.length > 0 ? list.slice(0, 3) : undefined;
}

export async function textRecord(
  session: BlueskySession,
  text: string,
  extra: { langs?: string[] | undefined; embed?: unknown; reply?: { root: StrongRef; parent: StrongRef } },
): Promise<PostRecord> {
  const richtext = await buildFacets(session, text);
  return {
    $type: POST,
    text,
    createdAt: new Date().toISOString(),
    ...(richtext.length > 0 ? { facets: richtext } : {}),
    ...(extra.langs ? { langs: extra.langs } : {}),
    ...(extra.reply ? { reply: extra.reply } : {}),
    ...(extra.embed ? { embed: extra.embed } : {}),
  };
}

export const rkeyOf = (uri: string) => uri.split('/').pop() ?? '';

export const postUrl = (handle: string, uri: string) =>
  `https://bsky.app/profile/${handle}/post/${rkeyOf(uri)}`;
