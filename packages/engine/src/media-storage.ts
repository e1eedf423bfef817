import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

/**
 * Media files live under the data folder, addressed by a storage key that never contains
 * user input, so no filename can escape the folder.
 */
export class MediaStorage {
  constructor(readonly root: string) {}

  pathOf(key: string): string {
    return path.join(this.root, key);
  }

  async write(key: string, body: Buffer): Promise<{ sha256: string; sizeBytes: number }> {
    const file = this.pathOf(key);
    await fs.promises.mkdir(path.dirname(file), { recursive: true });
    // Written under a temporary name first so a crash never leaves half a file in place.
    const temporary = `${file}.partial`;
    await fs.promises.writeFile(temporary, body);
    await fs.promises.rename(temporary, file);
    return { sha256: createHash('sha256').update(body).digest('hex'), sizeBytes: body.length };
  }

  async remove(key: string): Promise<void> {
    await fs.promises.rm(this.pathOf(key), { force: true });
  }

  open(key: string): fs.ReadStream {
    return fs.createReadStream(this.pathOf(key));
  }
}
