import { z } from 'zod';
import type { MediaFile, Published, PublishRequest } from '../contract';
import { NetworkError } from '../http/network-error';
import {
  externalEmbed,
  imagesEmbed,
  langs,
  POST,
  type PostRecord,
  postText,
  postUrl,
  type StrongRef,
  textRecord,
  uploadFile,
  videoEmbed,
} from './records';
import type { BlueskySession } from './session';
import { nextTid } from './tid';
import { errorBody, isOk, xrpcError } from './xrpc';

const entry = z.object({ rkey: z.string(), record: z.record(z.string(), z.unknown()) });
type Entry = { rkey: string; record: Record<string, unknown> };

/**
 * What a delivery journals: the root post's record key and exact record, then one entry per
 * reply (thread posts, first comment) as each is about to be sent. The whole journal is
 * written every time, so it reads the same whether `record()` merges or replaces.
 */
const journalSchema = z.object({
  rkey: z.string().optional(),
  record: z.record(z.string(), z.unknown()).optional(),
  replies: z.array(entry).optional(),
});

export const parseJournal = (journal: Record<string, unknown>) => {
  const parsed = journalSchema.safeParse(journal);
  return parsed.success ? parsed.data : {};
};

/**
 * Publishes exactly once (PLATFORMS.md §10): the TID and the whole record are fixed and
 * journalled before the first request, and every attempt sends them with `putRecord …
 * swapRecord: null`, which creates the record when absent and is a no-op when the identical
 * record is already there. A different record under the key is refused (InvalidSwap).
 */
export async function publishPost(session: BlueskySession, request: PublishRequest): Promise<Published> {
  await session.ensure();
  const journal = parseJournal(request.journal);
  let root: Entry;
  if (journal.rkey && journal.record) {
    root = { rkey: journal.rkey, record: journal.record };
  } else {
    root = { rkey: nextTid(), record: await rootRecord(session, request) };
    await request.record({ rkey: root.rkey, record: root.record });
  }
  const rootRef = await put(session, root, request.media);

  const thread = Array.isArray(request.options.thread)
    ? request.options.thread.filter((t): t is string => typeof t === 'string' && t.trim() !== '')
    : [];
  const replies: Entry[] = [...(journal.replies ?? [])];
  let parent = rootRef;
  const texts = [...thread.map((text) => ({ text, comment: false })), ...comment(request.firstComment)];
  for (const [i, { text, comment }] of texts.entries()) {
    let reply = replies[i];
    if (!reply) {
      // A thread chains each post to the one before; the first comment answers the post itself.
      const record = await textRecord(session, text, {
        langs: langs(request.options),
        reply: { root: rootRef, parent: comment ? rootRef : parent },
      });
      reply = { rkey: nextTid(), record };
      replies.push(reply);
      await request.record({ rkey: root.rkey, record: root.record, replies });
    }
    const ref = await put(session, reply, []);
    if (!comment) parent = ref;
  }
  return { remoteId: rootRef.uri, url: postUrl(session.handle, rootRef.uri) };
}

const comment = (text: string | null) => (text && text.trim() !== '' ? [{ text, comment: true }] : []);

/**
 * The root post's record, blobs uploaded first: they become part of the journalled record,
 * so a retry re-sends the same blob refs (and re-uploads the same bytes only if the PDS
 * dropped them, see `put`).
 */
async function rootRecord(session: BlueskySession, request: PublishRequest): Promise<PostRecord> {
  const images = request.media.filter((m) => m.mimeType.startsWith('image/'));
  const videos = request.media.filter((m) => m.mimeType.startsWith('video/'));
  if (videos.length > 1 || (videos.length > 0 && images.length > 0)) {
    // One embed per post (app.bsky.feed.post): images, a video or a card.
    throw new NetworkError('permanent', 'Bluesky takes one video, or up to 4 images, in a post');
  }
  if (images.length + videos.length !== request.media.length) {
    throw new NetworkError('permanent', 'Bluesky takes only images and MP4 video');
  }
  let embed: unknown;
  if (videos[0]) {
    embed = videoEmbed(videos[0], await uploadFile(session, videos[0]));
  } else if (images.length > 0) {
    const blobs = [];
    // One at a time, in order: the PDS rate-limits uploads and the images keep their order.
    for (const image of images) blobs.push(await uploadFile(session, image));
    embed = imagesEmbed(images, blobs);
  } else if (request.link) {
    embed = externalEmbed(request.link, request.options);
  }
  return textRecord(session, postText(request.text, request.link, request.media.length > 0), {
    langs: langs(request.options),
    embed,
  });
}

/** Sends one journalled record; the same call on every attempt. */
export async function put(session: BlueskySession, entry: Entry, media: MediaFile[]): Promise<StrongRef> {
  const send = () =>
    session.send({
      nsid: 'com.atproto.repo.putRecord',
      type: 'procedure',
      json: { repo: session.did, collection: POST, rkey: entry.rkey, record: entry.record, swapRecord: null },
    });
  let response = await send();
  if (!isOk(response) && errorBody(response).error === 'BlobNotFound' && media.length > 0) {
    // A PDS deletes uploaded blobs no record claims after a while. Blobs are addressed by
    // content, so uploading the same files again restores the very CIDs the record names.
    for (const file of media) await uploadFile(session, file);
    response = await send();
  }
  if (!isOk(response)) throw xrpcError(response, 'publish the post', session.secrets, true);
  // Only uri and cid: the answer also carries the commit, which must not leak into reply refs.
  const { uri, cid } = response.json<StrongRef>();
  return { uri, cid };
}
