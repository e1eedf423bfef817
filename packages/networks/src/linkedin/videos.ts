import type { MediaFile, PublishRequest } from '../contract';
import type { HttpRequest, HttpResponse } from '../http/http-client';
import { NetworkError } from '../http/network-error';

// Processing takes seconds to minutes; past this the engine retries later, from the journal.
const POLL_FIRST_MS = 200;
const POLL_MAX_MS = 5_000;
const POLL_BUDGET_MS = 120_000;

type Call = (req: Omit<HttpRequest, 'url'> & { path: string }, doing: string) => Promise<HttpResponse>;

interface Part {
  uploadUrl: string;
  firstByte: number;
  /** Inclusive, as LinkedIn's upload instructions give it. */
  lastByte: number;
}

/** What the journal keeps of one video upload, so a retry goes on where the last one stopped. */
export interface VideoUpload {
  urn: string;
  uploadToken: string;
  parts: Part[];
  /** The ETag each part answered with, in order; null for a part not sent yet. */
  etags: (string | null)[];
  finalized: boolean;
}

type VideoStatus = 'WAITING_UPLOAD' | 'PROCESSING' | 'AVAILABLE' | 'PROCESSING_FAILED';

/**
 * Videos API: `initializeUpload` gives the video URN, one upload URL per part and an upload
 * token; every part is PUT and its ETag kept; `finalizeUpload` with the ETags in order; the
 * video can be a post's media once AVAILABLE. Each step is journalled, so a retry sends only
 * the parts without an ETag, and asks the video whether a finalize whose answer was lost
 * got through (PROCESSING or AVAILABLE) instead of finalizing twice.
 */
export async function uploadLinkedInVideo(
  call: Call,
  rebase: (url: string) => string,
  owner: string,
  file: MediaFile,
  request: Pick<PublishRequest, 'journal' | 'record'>,
): Promise<string> {
  const status = async (urn: string): Promise<VideoStatus | null> => {
    try {
      const video = await call(
        { method: 'GET', path: `/rest/videos/${encodeURIComponent(urn)}` },
        'report on the video',
      );
      return video.json<{ status: VideoStatus }>().status;
    } catch (error) {
      if (error instanceof NetworkError && error.status === 404) return null;
      throw error;
    }
  };

  let upload = request.journal.video as VideoUpload | undefined;
  if (upload) {
    const now = await status(upload.urn);
    // Gone, or failed in processing: the upload cannot be resumed, only made again.
    if (now === null || now === 'PROCESSING_FAILED') upload = undefined;
    else if (now !== 'WAITING_UPLOAD' && !upload.finalized) upload = { ...upload, finalized: true };
  }
  if (!upload) {
    const init = (
      await call(
        {
          method: 'POST',
          path: '/rest/videos?action=initializeUpload',
          json: {
            initializeUploadRequest: {
              owner,
              fileSizeBytes: file.sizeBytes,
              uploadCaptions: false,
              uploadThumbnail: false,
            },
          },
        },
        'start the video upload',
      )
    ).json<{ value: { video: string; uploadInstructions: Part[]; uploadToken?: string } }>().value;
    upload = {
      urn: init.video,
      uploadToken: init.uploadToken ?? '',
      parts: init.uploadInstructions,
      etags: init.uploadInstructions.map(() => null),
      finalized: false,
    };
  }
  const save = (u: VideoUpload) => request.record({ video: { ...u, etags: [...u.etags] } });
  await save(upload);

  if (!upload.finalized) {
    const bytes = upload.etags.every((e) => e) ? null : await file.read();
    for (const [i, part] of upload.parts.entries()) {
      if (upload.etags[i] || !bytes) continue;
      const response = await call(
        {
          method: 'PUT',
          path: rebase(part.uploadUrl),
          body: bytes.subarray(part.firstByte, part.lastByte + 1),
          headers: { 'content-type': 'application/octet-stream' },
        },
        `take part ${i + 1} of ${upload.parts.length} of the video`,
      );
      const etag = response.headers.etag;
      if (typeof etag !== 'string' || etag === '') {
        throw new NetworkError(
          'transient',
          'LinkedIn took a part of the video without an ETag; Araldo will retry',
        );
      }
      upload.etags[i] = etag;
      await save(upload);
    }
    await call(
      {
        method: 'POST',
        path: '/rest/videos?action=finalizeUpload',
        json: {
          finalizeUploadRequest: {
            video: upload.urn,
            uploadToken: upload.uploadToken,
            uploadedPartIds: upload.etags,
          },
        },
      },
      'finish the video upload',
    );
    upload.finalized = true;
    await save(upload);
  }

  for (
    let waited = 0, wait = POLL_FIRST_MS;
    waited < POLL_BUDGET_MS;
    waited += wait, wait = Math.min(wait * 2, POLL_MAX_MS)
  ) {
    const now = await status(upload.urn);
    if (now === 'AVAILABLE') return upload.urn;
    if (now === 'PROCESSING_FAILED' || now === null) {
      await request.record({ video: null });
      throw new NetworkError('permanent', 'LinkedIn could not process the video');
    }
    await new Promise((r) => setTimeout(r, wait));
  }
  throw new NetworkError('transient', 'LinkedIn is still processing the video; Araldo will try again');
}
