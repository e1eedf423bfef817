import { ApiError } from '../api/api-error';
import type { ErrorDetail } from '../api/types';

/** Where a server detail belongs in the composer. */
export type ComposerField =
  | 'text'
  | 'comment'
  | 'media'
  | 'link'
  | 'channels'
  | 'schedule'
  | 'evergreen'
  | 'other';

export interface PlacedError {
  /** The channel's tab, or null for the common fields. */
  channelId: string | null;
  field: ComposerField;
  message: string;
}

const fieldOf = (part: string | undefined): ComposerField => {
  if (part === 'text') return 'text';
  if (part === 'firstComment') return 'comment';
  if (part === 'media') return 'media';
  if (part === 'link') return 'link';
  if (part === 'channelIds') return 'channels';
  if (part === 'schedule') return 'schedule';
  if (part === 'evergreen') return 'evergreen';
  return 'other';
};

const place = (detail: ErrorDetail): PlacedError => {
  const parts = detail.path.split(/[./]/).filter((part) => part !== '' && part !== 'body');
  // The server names a channel's problems `variants.<channelId>.<field>` (its network's rules).
  if (parts[0] === 'variants' && parts[1] && !/^\d+$/.test(parts[1])) {
    return { channelId: parts[1], field: fieldOf(parts[2]), message: detail.message };
  }
  return { channelId: null, field: fieldOf(parts[0]), message: detail.message };
};

export const placeErrors = (error: unknown): PlacedError[] =>
  error instanceof ApiError ? error.details.map(place) : [];
