/**
 * Media containers as Instagram and Threads describe them: made by one call, processed while
 * the network fetches the media from its public URL (IN_PROGRESS), then FINISHED or ERROR;
 * EXPIRED after 24 h unpublished; PUBLISHED once `*_publish` used it — a container serves one
 * post only.
 */
export type FakeContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

export interface FakeContainer {
  id: string;
  owner: string;
  mediaType: string;
  params: Record<string, string>;
  children: string[];
  status: FakeContainerStatus;
  error: string | null;
  pollsLeft: number;
  createdAt: number;
  publishedId: string | null;
}

export class ContainerStore {
  readonly all = new Map<string, FakeContainer>();
  /** How many status reads an image (or text) stays IN_PROGRESS; videos take `videoPolls`. */
  imagePolls = 0;
  videoPolls = 1;
  /** Media URLs the network cannot fetch (the container ends in ERROR). */
  readonly unreachable = new Set<string>();
  /** Containers made in the last 24 h per owner; Instagram allows 400. */
  readonly ttlMs = 86_400_000;

  constructor(private readonly nextId: () => string) {}

  create(owner: string, mediaType: string, params: Record<string, string>, children: string[] = []) {
    const url = params.image_url ?? params.video_url;
    const video = mediaType === 'VIDEO' || mediaType === 'REELS';
    const c: FakeContainer = {
      id: this.nextId(),
      owner,
      mediaType,
      params,
      children,
      status: 'IN_PROGRESS',
      error: url && this.unreachable.has(url) ? 'ERROR: media could not be fetched from the URI' : null,
      pollsLeft: video ? this.videoPolls : this.imagePolls,
      createdAt: Date.now(),
      publishedId: null,
    };
    this.all.set(c.id, c);
    this.#advance(c);
    return c;
  }

  /** The container as its owner reads it: processing advances with each read. */
  read(id: string, owner: string): FakeContainer | undefined {
    const c = this.all.get(id);
    if (!c || c.owner !== owner) return undefined;
    if (c.status === 'IN_PROGRESS') c.pollsLeft--;
    this.#advance(c);
    return c;
  }

  /** Ends a container's life early, as 24 h would. */
  expire(id: string) {
    const c = this.all.get(id);
    if (c) c.createdAt = 0;
    if (c) this.#advance(c);
  }

  madeToday(owner: string) {
    return [...this.all.values()].filter((c) => c.owner === owner && c.createdAt > Date.now() - this.ttlMs)
      .length;
  }

  #advance(c: FakeContainer) {
    if (c.status !== 'PUBLISHED' && Date.now() - c.createdAt > this.ttlMs) {
      c.status = 'EXPIRED';
      return;
    }
    if (c.status !== 'IN_PROGRESS' || c.pollsLeft > 0) return;
    c.status = c.error ? 'ERROR' : 'FINISHED';
  }
}
