import type { NetworkId, RateLimit } from '@araldo/core';
import type { z } from 'zod';
import type { HttpClient } from './http/http-client';

/**
 * What every network adapter provides. One folder per network implements it; the server,
 * the web app's composer and the engine read only this contract, never a network's name.
 */

export type PostKind = 'text' | 'link' | 'image' | 'video' | 'carousel' | 'story' | 'reel' | 'short' | 'pin';

export interface MediaRules {
  /** Largest count of this kind in one post. */
  max: number;
  maxBytes: number;
  mimeTypes: string[];
  /** Video only. */
  minSeconds?: number;
  maxSeconds?: number;
}

export interface Capabilities {
  kinds: PostKind[];
  /** A post may be text alone (false for Instagram, YouTube, Pinterest, TikTok, Snapchat). */
  textOnly: boolean;
  images: MediaRules | null;
  videos: MediaRules | null;
  /** Images and a video in the same post. */
  mixedMedia: boolean;
  threads: boolean;
  firstComment: boolean;
  linkPreview: boolean;
  audienceTargeting: boolean;
  inbox: boolean;
  directMessages: boolean;
  webhooks: boolean;
  metrics: boolean;
}

export interface TextMeasure {
  network: NetworkId;
  /** As the network counts (weighted for X, graphemes for Bluesky, URLs as 23 on Mastodon…). */
  length: number;
  limit: number;
  fits: boolean;
}

export interface MediaInfo {
  id: string;
  mimeType: string;
  sizeBytes: number;
  width?: number | undefined;
  height?: number | undefined;
  durationSeconds?: number | undefined;
  altText?: string | undefined;
}

/** A variant with everything inherited from the post already filled in. */
export interface Draft {
  text: string;
  link: string | null;
  media: MediaInfo[];
  firstComment: string | null;
  /** Network-specific options (a Pinterest board, a YouTube title, a TikTok privacy level…). */
  options: Record<string, unknown>;
}

export interface Violation {
  /** Where the problem is: `text`, `media.1`, `options.boardId`… */
  path: string;
  code: string;
  /** Plain words, shown to the person writing the post. */
  message: string;
}

export interface MediaFile extends MediaInfo {
  filename: string;
  read(): Promise<Buffer>;
  /** A signed, expiring URL for networks that fetch media themselves (Instagram, Threads, Pinterest). */
  publicUrl: string;
}

export interface PublishRequest {
  /** Stable across retries of one delivery; networks with idempotency keys get it. */
  deliveryId: string;
  text: string;
  link: string | null;
  media: MediaFile[];
  firstComment: string | null;
  options: Record<string, unknown>;
  /**
   * What earlier attempts of this delivery journalled (a Bluesky record key, an Instagram
   * container, a TikTok publish id, a YouTube upload URI): the adapter resumes from it.
   */
  journal: Record<string, unknown>;
  /** Saves progress durably before the adapter takes a step that cannot be undone. */
  record(entries: Record<string, unknown>): Promise<void>;
}

export interface Published {
  remoteId: string;
  url: string;
}

export interface AccountInfo {
  accountId: string;
  handle: string | null;
  displayName: string;
}

export interface PostMetrics {
  remoteId: string;
  likes: number;
  comments: number;
  shares: number;
  impressions: number | null;
  clicks: number | null;
  raw: Record<string, unknown>;
}

export interface InboxItem {
  remoteId: string;
  kind: 'comment' | 'mention' | 'direct_message';
  /** The published post it answers, when there is one. */
  inReplyTo: string | null;
  author: { id: string; handle: string | null; name: string | null };
  text: string;
  createdAt: string;
  url: string | null;
}

export interface NetworkClient {
  /** Checks the credentials against the network and says whose account they open. */
  verify(): Promise<AccountInfo>;
  publish(request: PublishRequest): Promise<Published>;
  /**
   * Looks for a post an earlier attempt may have made (answer lost, process killed): by the
   * journal first, then by text fingerprint among the account's posts since `since`.
   */
  findPublished(query: {
    text: string;
    since: Date;
    journal: Record<string, unknown>;
  }): Promise<Published | null>;
  fetchMetrics(remoteIds: string[]): Promise<PostMetrics[]>;
  fetchInbox(since: Date | null): Promise<InboxItem[]>;
  reply(to: InboxItem, text: string): Promise<Published>;
}

/** What an OAuth token endpoint answered, normalised. */
export interface TokenSet {
  accessToken: string;
  refreshToken?: string | undefined;
  /** Epoch ms. */
  expiresAt?: number | undefined;
  scope?: string | undefined;
  raw: Record<string, unknown>;
}

/** Decrypted credentials as the adapter stored them; refresh may replace them. */
export type Credentials = Record<string, unknown>;

export interface ClientOptions {
  baseUrl: string;
  http: HttpClient;
  credentials: Credentials;
  app: { clientId?: string | undefined; clientSecret?: string | undefined };
  /** Called when the adapter refreshed its tokens, so the caller stores the new ones encrypted. */
  onCredentials(credentials: Credentials): Promise<void>;
  /**
   * A folder of the data directory this network may keep state in (`<data>/networks/<id>`).
   * Only the in-process sandbox network uses it; real networks keep their state remotely.
   */
  stateDir: string;
}

export interface OAuthDescription {
  authorizationUrl: string;
  tokenUrl: string;
  revocationUrl?: string;
  scopes: string[];
  pkce: boolean;
  /** How the client authenticates at the token endpoint. */
  clientAuth: 'basic' | 'post' | 'none';
  extraAuthorizationParams?: Record<string, string>;
  /** Default ' ' (RFC 6749); Meta and TikTok join scopes with ','. */
  scopeSeparator?: string;
  /** Default 'client_id'; TikTok calls it 'client_key'. */
  clientIdParameter?: string;
}

export type ConnectMethod =
  | { kind: 'oauth2'; oauth: OAuthDescription }
  | { kind: 'app_password'; fields: string[] }
  | { kind: 'access_token'; fields: string[] }
  | { kind: 'none' };

export interface NetworkDescriptor {
  id: NetworkId;
  name: string;
  /**
   * The documented API origin (scheme and host, no path). Config `ARALDO_<NETWORK>_BASE_URL`
   * overrides it, and then every URL of the network — API, upload, OAuth authorize and token
   * endpoints — is reached at the override's origin with its documented path (how tests
   * point an adapter at its fake).
   */
  defaultBaseUrl: string;
  capabilities: Capabilities;
  /**
   * The documented publishing budgets, per connected account and per app (all accounts
   * using the operator's client id). The engine spends them itself instead of learning
   * them from refusals; ARALDO_<NETWORK>_CHANNEL_LIMIT / _APP_LIMIT override them.
   */
  publishLimits?: { channel?: RateLimit; app?: RateLimit };
  connect: ConnectMethod;
  credentials: z.ZodType<Credentials>;
  measure(text: string): TextMeasure;
  /** Every problem at once, in plain words, before anything is sent. */
  validate(draft: Draft): Violation[];
  createClient(options: ClientOptions): NetworkClient;
  /**
   * OAuth networks: turns the token endpoint's answer into what is stored (a Meta
   * long-lived exchange, a page token…). Without it, the token set itself is stored.
   */
  credentialsFromTokens?(
    tokens: TokenSet,
    context: { http: HttpClient; baseUrl: string; app: ClientOptions['app'] },
  ): Promise<Credentials>;
  /** Networks connected without any login (the sandbox): the credentials of a new account. */
  initialCredentials?(input: { name: string; timeZone: string }): Credentials;
  /** For networks that push events: checks the signature over the raw body. */
  verifyWebhook?(request: {
    headers: Record<string, string | undefined>;
    rawBody: Buffer;
    secret: string;
  }): boolean;
}
