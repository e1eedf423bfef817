import type { Config, Role } from '@araldo/core';
import type { HttpClient } from '@araldo/networks';
import type { CredentialCipher, Store } from '@araldo/store';
import type { MediaStorage } from './media-storage';
import type { JobQueue } from './queue/job-queue';

/** What every command needs; built once per process by the entry point. */
export interface Context {
  store: Store;
  cipher: CredentialCipher;
  config: Config;
  media: MediaStorage;
  /** The one outgoing HTTP layer of the process (keep-alive pools, private-address guard). */
  http: HttpClient;
  /** Embedded (the application's database) or pg-boss, chosen by the database in use. */
  queue: JobQueue;
  close(): Promise<void>;
}

/** Who is acting, and with which role in the workspace at hand. */
export interface Actor {
  userId: string;
  role: Role;
}
