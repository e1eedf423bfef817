import { createHash, randomBytes } from 'node:crypto';
import type { FakeRequest, FakeResponse, FakeServer } from '../fake-server';

/**
 * LinkedIn's Videos API as learn.microsoft.com documents it: `initializeUpload` with the
 * owner and the file size (MP4, 75 KB to 500 MB) answers the video URN, one upload
 * instruction per part (`firstByte`…`lastByte`, inclusive) and an upload token; each part is
 * PUT to its URL and answers an ETag; `finalizeUpload` names the video, the token and the
 * ETags in order; the video is then PROCESSING and, once AVAILABLE, can be a post's media.
 */
export interface FakeLinkedInVideo {
  urn: string;
  owner: string;
  fileSizeBytes: number;
  uploadToken: string;
  parts: { token: string; firstByte: number; lastByte: number; etag: string | null }[];
  status: 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';
  /** Status reads left before PROCESSING turns AVAILABLE. */
  processingReads: number;
  finalizeCalls: number;
}

const error = (status: number, message: string): FakeResponse => ({ status, json: { status, message } });

export const VIDEO_MIN_BYTES = 75 * 1024;
export const VIDEO_MAX_BYTES = 500 * 1024 * 1024;

export interface VideoHost {
  server: FakeServer;
  url(): string;
  rest(r: FakeRequest, handler: () => FakeResponse): FakeResponse;
  mayActAs(urn: unknown): boolean;
}

export class FakeLinkedInVideos {
  readonly videos = new Map<string, FakeLinkedInVideo>();
  /** LinkedIn cuts uploads in 4 MB parts; tests make it small to see several parts. */
  partSize = 4 * 1024 * 1024;
  /** How many status reads a finalized video stays PROCESSING. */
  processingReads = 1;

  constructor(private readonly host: VideoHost) {}

  routes() {
    const s = this.host.server;
    s.route('POST', '/rest/videos', (r) =>
      this.host.rest(r, () => {
        const action = r.query.get('action');
        if (action === 'initializeUpload') return this.#initialize(r);
        if (action === 'finalizeUpload') return this.#finalize(r);
        return error(400, 'Unsupported action');
      }),
    );
    // Upload URLs are signed: the part is addressed by its token, no bearer token needed.
    s.route('PUT', '/dms-uploads/videos/:token', (r) => this.#part(r));
    s.route('GET', '/rest/videos/:urn', (r) =>
      this.host.rest(r, () => {
        const video = this.videos.get(r.params.urn ?? '');
        if (!video) return error(404, 'Not Found');
        if (video.status === 'PROCESSING' && video.processingReads-- <= 0) video.status = 'AVAILABLE';
        return {
          status: 200,
          json: { id: video.urn, owner: video.owner, status: video.status, uploadUrlsExpireAt: 0 },
        };
      }),
    );
  }

  /** Why a post may not use this video as its media, or null. */
  problemAsMedia(urn: string, author: string): string | null {
    const video = this.videos.get(urn);
    if (!video || video.owner !== author) return `Video ${urn} does not exist or belongs to someone else`;
    if (video.status !== 'AVAILABLE') return `Video ${urn} is not AVAILABLE (${video.status})`;
    return null;
  }

  #initialize(r: FakeRequest): FakeResponse {
    const req = r.json<{
      initializeUploadRequest?: {
        owner?: string;
        fileSizeBytes?: number;
        uploadCaptions?: boolean;
        uploadThumbnail?: boolean;
      };
    }>().initializeUploadRequest;
    if (!req?.owner) return error(422, 'initializeUploadRequest.owner is required');
    if (!Number.isInteger(req.fileSizeBytes)) return error(422, 'fileSizeBytes is required');
    const size = req.fileSizeBytes!;
    if (size < VIDEO_MIN_BYTES || size > VIDEO_MAX_BYTES)
      return error(400, `The video must be between 75 KB and 500 MB; got ${size} bytes`);
    if (!this.host.mayActAs(req.owner)) return error(403, `Not enough permissions to upload as ${req.owner}`);
    const urn = `urn:li:video:${randomBytes(8).toString('base64url')}`;
    const parts: FakeLinkedInVideo['parts'] = [];
    for (let first = 0; first < size; first += this.partSize) {
      const token = randomBytes(10).toString('hex');
      parts.push({
        token,
        firstByte: first,
        lastByte: Math.min(first + this.partSize, size) - 1,
        etag: null,
      });
    }
    const video: FakeLinkedInVideo = {
      urn,
      owner: req.owner,
      fileSizeBytes: size,
      uploadToken: parts.length > 1 ? randomBytes(12).toString('hex') : '',
      parts,
      status: 'WAITING_UPLOAD',
      processingReads: this.processingReads,
      finalizeCalls: 0,
    };
    this.videos.set(urn, video);
    return {
      status: 200,
      json: {
        value: {
          uploadUrlsExpireAt: Date.now() + 30 * 86_400_000,
          video: urn,
          uploadInstructions: parts.map((p) => ({
            uploadUrl: `${this.host.url()}/dms-uploads/videos/${p.token}`,
            firstByte: p.firstByte,
            lastByte: p.lastByte,
          })),
          uploadToken: video.uploadToken,
        },
      },
    };
  }

  #part(r: FakeRequest): FakeResponse {
    for (const video of this.videos.values()) {
      const part = video.parts.find((p) => p.token === r.params.token);
      if (!part) continue;
      if (video.status !== 'WAITING_UPLOAD') return error(400, 'The upload is already finalized');
      const expected = part.lastByte - part.firstByte + 1;
      if (r.body.length !== expected)
        return error(400, `This part takes bytes ${part.firstByte}-${part.lastByte} (${expected} bytes)`);
      part.etag = `/${createHash('sha256').update(r.body).digest('base64url').slice(0, 24)}`;
      return { status: 200, body: '', headers: { etag: part.etag } };
    }
    return error(404, 'Upload URL not found');
  }

  #finalize(r: FakeRequest): FakeResponse {
    const req = r.json<{
      finalizeUploadRequest?: { video?: string; uploadToken?: string; uploadedPartIds?: string[] };
    }>().finalizeUploadRequest;
    const video = this.videos.get(req?.video ?? '');
    if (!video) return error(404, 'Video not found');
    video.finalizeCalls++;
    if (video.status !== 'WAITING_UPLOAD') return error(400, `The video is already ${video.status}`);
    if (req?.uploadToken !== video.uploadToken) return error(400, 'uploadToken does not match the upload');
    const etags = video.parts.map((p) => p.etag);
    if (etags.includes(null)) return error(400, 'Not every part of the video was uploaded');
    if (JSON.stringify(req.uploadedPartIds) !== JSON.stringify(etags))
      return error(400, 'uploadedPartIds must be the ETags of every part, in order');
    video.status = 'PROCESSING';
    return { status: 200, body: '' };
  }
}
