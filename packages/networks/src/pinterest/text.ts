import type { TextMeasure } from '../contract';

/** The post's text is the Pin's description: 800 characters. The title has its own 100. */
export const PINTEREST_DESCRIPTION_LIMIT = 800;
export const PINTEREST_TITLE_LIMIT = 100;

export const pinterestLength = (text: string) => [...text].length;

export function measurePinterest(text: string): TextMeasure {
  const length = pinterestLength(text);
  return {
    network: 'pinterest',
    length,
    limit: PINTEREST_DESCRIPTION_LIMIT,
    fits: length <= PINTEREST_DESCRIPTION_LIMIT,
  };
}
