import { makePng } from '@araldo/testkit/bluesky';
import { describe, expect, it } from 'vitest';
import { HttpClient, type HttpRequest } from '../http/http-client';
import { NetworkError } from '../http/network-error';
import { noSession, useReferencePds } from './pds-fixture';
import { delivery, failure, makeMp4, mp4File, pngFile } from './test-delivery';

// Against the reference PDS (@atproto/pds via @atproto/dev-env) on loopback, one per file:
// loading the atproto stack takes seconds on a busy machine.
const t = useReferencePds();
const rkey = (uri: string) => uri.split('/').pop()!;

describe('publishing to the reference PDS', () => {
  it('starts offline in well under a second, once its modules are loaded', () => {
    expect(t.pds.startMs).toBeLessThan(1_000);
  });

  it('publishes text with a link, a mention, a hashtag and an image, with byte-exact facets', async () => {
    const { client } = t.connect(t.alice);
    const png = makePng();
    const text = 'Ciao @bob.test 👋🏽 日本語 e\u0301 see https://example.com/a?b=1. #araldo (@nobody.test)';
    const published = await client.publish(
      delivery(text, {
        media: [pngFile(png, { altText: 'A small gradient', width: 4, height: 3 })],
        options: { langs: ['it'] },
      }),
    );
    expect(published.remoteId).toMatch(new RegExp(`^at://${t.alice.did}/app.bsky.feed.post/[a-z2-7]{13}$`));
    expect(published.url).toBe(`https://bsky.app/profile/alice.test/post/${rkey(published.remoteId)}`);

    const { value } = await t.getPost(published.remoteId);
    expect(value.text).toBe(text);
    expect(value.langs).toEqual(['it']);
    const bytes = Buffer.from(text, 'utf8');
    const slices = value.facets.map((f) => ({
      text: bytes.subarray(f.index.byteStart, f.index.byteEnd).toString('utf8'),
      feature: f.features[0],
    }));
    // @nobody.test resolves to no account, so it stays plain text.
    expect(slices).toEqual([
      { text: '@bob.test', feature: { $type: 'app.bsky.richtext.facet#mention', did: t.bob.did } },
      {
        text: 'https://example.com/a?b=1',
        feature: { $type: 'app.bsky.richtext.facet#link', uri: 'https://example.com/a?b=1' },
      },
      { text: '#araldo', feature: { $type: 'app.bsky.richtext.facet#tag', tag: 'araldo' } },
    ]);

    const embedded = value.embed.images[0]!;
    expect(value.embed.$type).toBe('app.bsky.embed.images');
    expect(embedded).toMatchObject({ alt: 'A small gradient', aspectRatio: { width: 4, height: 3 } });
    expect(embedded.image).toMatchObject({ $type: 'blob', mimeType: 'image/png', size: png.length });
    const blob = await fetch(
      `${t.pds.url}/xrpc/com.atproto.sync.getBlob?did=${t.alice.did}&cid=${embedded.image.ref.$link}`,
    );
    expect(Buffer.from(await blob.arrayBuffer()).equals(png)).toBe(true);
  });

  it('shows a link as a card, or, beside images, as a link in the text', async () => {
    const { client } = t.connect(t.alice);
    const link = 'https://example.com/launch';
    const card = await client.publish(
      delivery('We launched', { link, options: { linkTitle: 'Launch', linkDescription: 'All about it' } }),
    );
    const { value: cardPost } = await t.getPost(card.remoteId);
    expect(cardPost.text).toBe('We launched');
    expect(cardPost.embed).toEqual({
      $type: 'app.bsky.embed.external',
      external: { uri: link, title: 'Launch', description: 'All about it' },
    });
    const withImage = await client.publish(delivery('We launched', { link, media: [pngFile(makePng())] }));
    const { value: imagePost } = await t.getPost(withImage.remoteId);
    expect(imagePost.text).toBe(`We launched\n\n${link}`);
    expect(imagePost.embed.$type).toBe('app.bsky.embed.images');
    expect(imagePost.facets[0]?.features[0]).toEqual({ $type: 'app.bsky.richtext.facet#link', uri: link });
  });

  it('publishes an MP4 as a video embed whose blob the PDS holds, once across a lost answer', async () => {
    // The PDS loses nothing but the answer to the first putRecord.
    class LosingAnswers extends HttpClient {
      lose = 1;
      uploads = 0;
      override async request(req: HttpRequest) {
        if (req.url.includes('com.atproto.repo.uploadBlob')) this.uploads++;
        const response = await super.request(req);
        if (req.url.includes('com.atproto.repo.putRecord') && this.lose-- > 0) {
          throw new NetworkError('transient', 'socket hang up', { mayHaveSucceeded: true });
        }
        return response;
      }
    }
    const losing = new LosingAnswers({ allowPrivate: true });
    const { client } = t.connect(t.alice, {}, losing);
    const mp4 = makeMp4();
    const before = await t.postCount(t.alice.did);
    const request = delivery('A short clip https://example.com/clip', {
      media: [mp4File(mp4, { altText: 'Two quiet seconds', width: 1920, height: 1080 })],
    });
    expect((await failure(client.publish(request))).mayHaveSucceeded).toBe(true);
    const published = await client.publish(request);
    expect(await client.publish(request)).toEqual(published);
    expect(await t.postCount(t.alice.did)).toBe(before + 1);
    // The blob ref is part of the journalled record: the retries uploaded nothing again.
    expect(losing.uploads).toBe(1);
    await losing.close();

    const { value } = await t.getPost(published.remoteId);
    expect(value.embed).toEqual({
      $type: 'app.bsky.embed.video',
      video: { $type: 'blob', ref: { $link: expect.any(String) }, mimeType: 'video/mp4', size: mp4.length },
      alt: 'Two quiet seconds',
      aspectRatio: { width: 1920, height: 1080 },
    });
    expect((request.journal.record as { embed: unknown }).embed).toEqual(value.embed);
    expect(value.facets[0]?.features[0]).toMatchObject({ uri: 'https://example.com/clip' });
    const blob = await fetch(
      `${t.pds.url}/xrpc/com.atproto.sync.getBlob?did=${t.alice.did}&cid=${value.embed.video!.ref.$link}`,
    );
    expect(blob.headers.get('content-type')).toBe('video/mp4');
    expect(Buffer.from(await blob.arrayBuffer()).equals(mp4)).toBe(true);
  });

  it('passes on the refusal of a "video/mp4" whose bytes are QuickTime (the PDS sniffs them)', async () => {
    const { client } = t.connect(t.alice);
    const mov = makeMp4();
    mov.write('qt  ', 8, 'latin1'); // the ftyp brand of a QuickTime movie
    const error = await failure(client.publish(delivery('Not an MP4', { media: [mp4File(mov)] })));
    expect(error).toMatchObject({ failure: 'permanent', networkCode: 'InvalidRequest' });
    expect(error.message).toMatch(/video\/quicktime/);
  });

  it('publishes the same delivery twice as one post with the same uri and cid', async () => {
    const { client } = t.connect(t.alice);
    const before = await t.postCount(t.alice.did);
    const request = delivery('Once only, however often it is sent');
    const first = await client.publish(request);
    const firstCid = (await t.getPost(first.remoteId)).cid;
    const second = await client.publish(request);
    expect(second).toEqual(first);
    expect((await t.getPost(second.remoteId)).cid).toBe(firstCid);
    expect(await t.postCount(t.alice.did)).toBe(before + 1);
    expect(request.saves).toBe(1);
  });

  it('reconciles a publish whose answer was lost, and a retry makes no second post', async () => {
    // The PDS does the write; the answer never reaches Araldo.
    class LosingAnswers extends HttpClient {
      lose = 1;
      override async request(req: HttpRequest) {
        const response = await super.request(req);
        if (req.url.includes('com.atproto.repo.putRecord') && this.lose-- > 0) {
          throw new NetworkError('transient', 'socket hang up', { mayHaveSucceeded: true });
        }
        return response;
      }
    }
    const losing = new LosingAnswers({ allowPrivate: true });
    const { client } = t.connect(t.alice, {}, losing);
    const before = await t.postCount(t.alice.did);
    const request = delivery('An answer lost on the way back');
    const lost = await failure(client.publish(request));
    expect(lost.mayHaveSucceeded).toBe(true);
    expect(request.journal).toMatchObject({
      rkey: expect.any(String),
      record: { text: 'An answer lost on the way back' },
    });

    const found = await client.findPublished({
      text: request.text,
      since: new Date(Date.now() - 60_000),
      journal: request.journal,
    });
    expect(found?.remoteId).toBe(`at://${t.alice.did}/app.bsky.feed.post/${request.journal.rkey}`);
    expect(await client.publish(request)).toEqual(found);
    expect(await t.postCount(t.alice.did)).toBe(before + 1);
    await losing.close();
  });

  it('finds a post without a journal by its text among recent posts', async () => {
    const { client } = t.connect(t.alice);
    const since = new Date(Date.now() - 1_000);
    const published = await client.publish(delivery('Findable by its words alone'));
    expect(await client.findPublished({ text: 'findable by its  words alone', since, journal: {} })).toEqual(
      published,
    );
    expect(await client.findPublished({ text: 'Never written', since, journal: {} })).toBeNull();
    expect(await client.findPublished({ text: 'x', since, journal: { rkey: '3zzzzzzzzzzz2' } })).toBeNull();
  });

  it('refuses a changed record under a journalled key instead of overwriting the post', async () => {
    const { client } = t.connect(t.alice);
    const request = delivery('The original words');
    await client.publish(request);
    const changed = {
      ...request,
      journal: { ...request.journal, record: { ...(request.journal.record as object), text: 'Other words' } },
    };
    const error = await failure(client.publish(changed));
    expect(error).toMatchObject({ failure: 'permanent', networkCode: 'InvalidSwap', status: 400 });
    expect(error.message).toMatch(/^Bluesky refused to publish the post: a different post already exists/);
  });

  it('publishes a thread and a first comment as replies, once each across retries', async () => {
    const { client } = t.connect(t.alice);
    const before = await t.postCount(t.alice.did);
    const request = delivery('1/3 a thread', {
      options: { thread: ['2/3 goes on', '3/3 ends'] },
      firstComment: 'More at https://example.com',
    });
    const root = await client.publish(request);
    expect(await client.publish(request)).toEqual(root);
    expect(await t.postCount(t.alice.did)).toBe(before + 4);

    const replies = request.journal.replies as { rkey: string }[];
    const posts = await Promise.all(
      replies.map((r) => t.getPost(`at://${t.alice.did}/app.bsky.feed.post/${r.rkey}`)),
    );
    const rootCid = (await t.getPost(root.remoteId)).cid;
    expect(posts.map((p) => p.value.text)).toEqual([
      '2/3 goes on',
      '3/3 ends',
      'More at https://example.com',
    ]);
    expect(posts[0]!.value.reply).toEqual({
      root: { uri: root.remoteId, cid: rootCid },
      parent: { uri: root.remoteId, cid: rootCid },
    });
    expect(posts[1]!.value.reply.parent).toEqual({ uri: posts[0]!.uri, cid: posts[0]!.cid });
    expect(posts[2]!.value.reply.parent).toEqual({ uri: root.remoteId, cid: rootCid });
  });

  it('answers a post as a reply in its thread', async () => {
    const { client } = t.connect(t.alice);
    const root = await client.publish(delivery('Ask me anything'));
    const { client: bobClient } = t.connect(t.bob);
    const answer = await bobClient.reply(
      {
        remoteId: root.remoteId,
        kind: 'comment',
        inReplyTo: null,
        author: { id: t.alice.did, handle: 'alice.test', name: null },
        text: '',
        createdAt: '',
        url: null,
      },
      'Thanks @alice.test',
    );
    const { value } = await t.getPost(answer.remoteId);
    expect(value.reply.root.uri).toBe(root.remoteId);
    expect(value.facets[0]?.features[0]).toEqual({
      $type: 'app.bsky.richtext.facet#mention',
      did: t.alice.did,
    });
  });

  it("passes on the server's own reason when it refuses a record", async () => {
    const { client } = t.connect(t.alice);
    const text = await failure(client.publish(delivery('x'.repeat(301))));
    expect(text).toMatchObject({ failure: 'permanent', networkCode: 'InvalidRequest' });
    expect(text.message).toContain('grapheme too big (maximum 300, got 301)');
    // The lexicon this PDS validates against still caps image blobs at 1,000,000 bytes.
    const big = Buffer.alloc(1_000_001, 7);
    const tooBig = await failure(client.publish(delivery('Too big', { media: [pngFile(big)] })));
    expect(tooBig.message).toContain('blob too big (maximum 1000000');
  });
});

describe('sessions on the reference PDS', () => {
  it('connects with an app password and says whose account it is', async () => {
    // No AppView runs, so the display name comes from the profile record in the repository.
    const login = await t.pds.xrpc<{ accessJwt: string }>('com.atproto.server.createSession', {
      body: { identifier: t.alice.handle, password: t.alice.password },
    });
    await t.pds.xrpc('com.atproto.repo.putRecord', {
      token: login.body.accessJwt,
      body: {
        repo: t.alice.did,
        collection: 'app.bsky.actor.profile',
        rkey: 'self',
        record: { $type: 'app.bsky.actor.profile', displayName: 'Alice Araldo' },
      },
    });
    const { client, saved } = t.connect(t.alice, noSession);
    expect(await client.verify()).toEqual({
      accountId: t.alice.did,
      handle: 'alice.test',
      displayName: 'Alice Araldo',
    });
    expect(saved).toHaveLength(1);
    expect(saved[0]).toMatchObject({
      did: t.alice.did,
      handle: 'alice.test',
      appPassword: t.alice.appPassword,
    });
    expect(saved[0]?.accessJwt).toEqual(expect.any(String));
  });

  it('refreshes an expired access token, publishes, and hands over the new tokens', async () => {
    const session = t.session(t.alice);
    const expired = t.pds.expireAccessJwt(session.accessJwt as string);
    const proof = await t.pds.xrpc('com.atproto.server.getSession', { token: expired });
    expect(proof).toMatchObject({ status: 400, body: { error: 'ExpiredToken' } });

    const { client, saved } = t.connect(t.alice, {
      did: t.alice.did,
      handle: t.alice.handle,
      accessJwt: expired,
      refreshJwt: session.refreshJwt,
    });
    const published = await client.publish(delivery('Posted after a refresh'));
    expect((await t.getPost(published.remoteId)).value.text).toBe('Posted after a refresh');
    expect(saved).toHaveLength(1);
    expect(saved[0]?.accessJwt).not.toBe(expired);
    expect(saved[0]?.refreshJwt).not.toBe(session.refreshJwt);
  });

  it('logs in again with the app password when the refresh token is refused too', async () => {
    const { client, saved } = t.connect(t.alice, {
      did: t.alice.did,
      handle: t.alice.handle,
      accessJwt: 'not.a.jwt',
      refreshJwt: 'not.a.jwt',
    });
    expect((await client.verify()).accountId).toBe(t.alice.did);
    expect(saved).toHaveLength(1);
  });

  it('says plainly that a wrong app password needs a reconnect, without echoing it', async () => {
    const { client } = t.connect(t.alice, { ...noSession, appPassword: 'wrong-pass-word-1234' });
    const error = await failure(client.verify());
    expect(error.failure).toBe('auth_expired');
    expect(error.message).toContain('alice.test');
    expect(error.message).not.toContain('wrong-pass-word-1234');
    expect(JSON.stringify(error)).not.toContain('wrong-pass-word-1234');
  });

  it('turns an app password revoked by the user into auth_expired once refresh and login fail', async () => {
    const revoked = await t.pds.createAccount('carol.test', 'carol-password-1');
    const login = await t.pds.xrpc<{ accessJwt: string }>('com.atproto.server.createSession', {
      body: { identifier: revoked.handle, password: revoked.password },
    });
    await t.pds.xrpc('com.atproto.server.revokeAppPassword', {
      token: login.body.accessJwt,
      body: { name: 'araldo' },
    });
    const { client } = t.connect(revoked, {
      did: revoked.did,
      accessJwt: 'not.a.jwt',
      refreshJwt: 'not.a.jwt',
    });
    const error = await failure(client.publish(delivery('Never sent')));
    expect(error.failure).toBe('auth_expired');
    expect(error.message).not.toContain(revoked.appPassword);
  });

  it('reports AppView reads as a passing outage when the PDS has no AppView behind it', async () => {
    const { client } = t.connect(t.alice);
    const error = await failure(
      client.fetchMetrics([`at://${t.alice.did}/app.bsky.feed.post/3kaaaaaaaaaa2`]),
    );
    expect(error).toMatchObject({
      failure: 'transient',
      status: 502,
      networkCode: 'UpstreamFailure',
      mayHaveSucceeded: false,
    });
    expect((await failure(client.fetchInbox(null))).failure).toBe('transient');
  });
});
