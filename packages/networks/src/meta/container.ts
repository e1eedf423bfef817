import type { PublishRequest } from '../contract';
import { NetworkError } from '../http/network-error';

/** A media container's `status_code` (Instagram) or `status` (Threads). */
export type ContainerStatus = 'IN_PROGRESS' | 'FINISHED' | 'ERROR' | 'EXPIRED' | 'PUBLISHED';

/** What the journal keeps for one published item (the post, a carousel, a reply in a thread). */
export interface ContainerEntry {
  children?: string[];
  container?: string;
  /** When the container was made (epoch ms): bounds the search if the publish answer is lost. */
  containerAt?: number;
  published?: string;
}

export interface ContainerStep {
  /** Makes the container (and its carousel children, journalled through `save`). */
  create(entry: ContainerEntry, save: () => Promise<void>): Promise<string>;
  status(id: string): Promise<{ status: ContainerStatus; error?: string | undefined }>;
  publish(containerId: string): Promise<string>;
  /** The published media made from a container whose publish answer was lost. */
  find(since: number): Promise<string | null>;
}

export interface Timing {
  firstWaitMs: number;
  maxWaitMs: number;
}

/** Meta processes an image in seconds and a video in minutes; past this, the engine retries later. */
export const CONTAINER_TIMING: Timing = { firstWaitMs: 250, maxWaitMs: 60_000 };

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls until the container leaves IN_PROGRESS; gives a transient error if it takes too long. */
export async function settle(
  network: string,
  id: string,
  status: ContainerStep['status'],
  timing: Timing = CONTAINER_TIMING,
) {
  let waited = 0;
  for (let wait = timing.firstWaitMs; ; wait *= 2) {
    const state = await status(id);
    if (state.status !== 'IN_PROGRESS') return state;
    if (waited >= timing.maxWaitMs) {
      throw new NetworkError('transient', `${network} is still processing the media; Araldo will try again`);
    }
    await sleep(wait);
    waited += wait;
  }
}

/**
 * The container flow of Instagram and Threads, exactly once (DESIGN.md): the container id is
 * journalled before `*_publish`, and a retry asks the container where it stands instead of
 * publishing again — PUBLISHED means an earlier try got through (its answer was lost), so the
 * post is looked up on the account; EXPIRED (24 h) means the container is made anew.
 */
export async function publishOnce(
  network: string,
  key: string,
  step: ContainerStep,
  request: Pick<PublishRequest, 'journal' | 'record'>,
  timing: Timing = CONTAINER_TIMING,
): Promise<string> {
  const steps = { ...((request.journal.steps as Record<string, ContainerEntry> | undefined) ?? {}) };
  const entry: ContainerEntry = { ...steps[key] };
  const save = async () => {
    steps[key] = { ...entry };
    await request.record({ steps: { ...steps } });
  };
  if (entry.published) return entry.published;
  for (let fresh = 0; fresh < 2; fresh++) {
    if (!entry.container) {
      const at = Date.now();
      entry.container = await step.create(entry, save);
      entry.containerAt = at;
      await save();
    }
    const state = await settle(network, entry.container, (id) => step.status(id), timing);
    if (state.status === 'PUBLISHED') {
      const found = await step.find(entry.containerAt ?? 0);
      if (!found) {
        throw new NetworkError(
          'transient',
          `${network} published this post but does not list it yet; Araldo will look again`,
          { mayHaveSucceeded: true },
        );
      }
      entry.published = found;
      await save();
      return found;
    }
    if (state.status === 'EXPIRED') {
      delete entry.container;
      delete entry.children;
      continue;
    }
    if (state.status === 'ERROR') {
      delete entry.container;
      delete entry.children;
      await save();
      throw new NetworkError(
        'permanent',
        `${network} could not process the media${state.error ? `: ${state.error}` : ''}`,
      );
    }
    entry.published = await step.publish(entry.container);
    await save();
    return entry.published;
  }
  throw new NetworkError('transient', `${network} let the media container expire; Araldo will try again`);
}
