import { randomUUID } from 'node:crypto';
import { link, mkdir, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';

export interface Person {
  id: string;
  handle: string | null;
  name: string | null;
}

/** One thing the account published: a post, a reply in a thread or to someone, or a direct message. */
export interface StoredItem {
  id: string;
  kind: 'post' | 'reply' | 'message';
  text: string;
  link: string | null;
  media: { mimeType: string; sizeBytes: number; altText: string | null }[];
  /** What a reply answers: a post of the account or an inbox item. */
  inReplyTo: string | null;
  /** Whom an answer to the audience goes to, so they can answer back. */
  to: Person | null;
  deliveryId: string | null;
  /** Epoch ms. */
  publishedAt: number;
}

const ID = /^[a-f0-9]{24}$/;
export const isItemId = (id: string) => ID.test(id);

/**
 * The account's items, one immutable JSON file each under `<stateDir>/<accountId>/items`.
 * Several worker processes may publish at once, so a file is never rewritten: it is written
 * whole under a temporary name and then linked into place, and link() refuses an existing
 * name, so of two writers of the same id exactly one wins and the other reads the winner's.
 */
export class SandboxStore {
  private readonly dir: string;
  private readonly cache = new Map<string, StoredItem>();

  constructor(stateDir: string, accountId: string) {
    this.dir = join(stateDir, accountId, 'items');
  }

  /** Writes the item unless one with its id exists; returns the item that is stored. */
  async create(item: StoredItem): Promise<StoredItem> {
    const existing = await this.read(item.id);
    if (existing) return existing;
    await mkdir(this.dir, { recursive: true });
    const tmp = join(this.dir, `.${item.id}.${process.pid}.${randomUUID()}.tmp`);
    await writeFile(tmp, JSON.stringify(item), { flag: 'wx' });
    try {
      await link(tmp, this.file(item.id));
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EEXIST') {
        await unlink(tmp);
        return (await this.read(item.id)) ?? item;
      }
      if (code !== 'EPERM' && code !== 'ENOTSUP' && code !== 'ENOSYS') throw e;
      // Filesystems without hard links: rename is still atomic, and a concurrent writer of
      // the same id writes the same delivery, so the loser's copy differs only in its instant.
      await rename(tmp, this.file(item.id));
      return (await this.read(item.id)) ?? item;
    }
    await unlink(tmp);
    this.cache.set(item.id, item);
    return item;
  }

  async read(id: string): Promise<StoredItem | null> {
    if (!isItemId(id)) return null;
    const cached = this.cache.get(id);
    if (cached) return cached;
    try {
      const item = JSON.parse(await readFile(this.file(id), 'utf8')) as StoredItem;
      this.cache.set(id, item);
      return item;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return null;
      throw e;
    }
  }

  /** Every item, oldest first. */
  async list(): Promise<StoredItem[]> {
    let names: string[];
    try {
      names = await readdir(this.dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
      throw e;
    }
    const items: StoredItem[] = [];
    for (const name of names) {
      const id = name.endsWith('.json') ? name.slice(0, -5) : '';
      const item = isItemId(id) ? await this.read(id) : null;
      if (item) items.push(item);
    }
    return items.sort((a, b) => a.publishedAt - b.publishedAt || a.id.localeCompare(b.id));
  }

  private file(id: string) {
    return join(this.dir, `${id}.json`);
  }
}
