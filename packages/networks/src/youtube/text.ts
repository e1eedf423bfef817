import type { Draft, TextMeasure, Violation } from '../contract';

// videos resource: snippet.title ≤ 100 characters, snippet.description ≤ 5,000 bytes, and
// neither may contain < or >.
export const TITLE_LIMIT = 100;
export const DESCRIPTION_LIMIT_BYTES = 5000;

export const descriptionBytes = (text: string) => Buffer.byteLength(text, 'utf8');

export function measureYouTube(text: string): TextMeasure {
  const length = descriptionBytes(text);
  return {
    network: 'youtube',
    length,
    limit: DESCRIPTION_LIMIT_BYTES,
    fits: length <= DESCRIPTION_LIMIT_BYTES,
  };
}

/** The description Araldo sends: the text, with the link after it when the text lacks it. */
export const youtubeDescription = (text: string, link: string | null) =>
  link && !text.includes(link) ? `${text}\n\n${link}`.trim() : text;

export function checkYouTubeText(draft: Draft): Violation[] {
  const out: Violation[] = [];
  const title = draft.options.title;
  if (typeof title !== 'string' || title.trim() === '') {
    out.push({ path: 'options.title', code: 'title_required', message: 'A YouTube video needs a title' });
  } else {
    const chars = [...title].length;
    if (chars > TITLE_LIMIT)
      out.push({
        path: 'options.title',
        code: 'title_too_long',
        message: `The title is ${chars} characters; YouTube takes at most ${TITLE_LIMIT}`,
      });
    if (/[<>]/.test(title))
      out.push({
        path: 'options.title',
        code: 'forbidden_characters',
        message: 'YouTube does not allow < or > in a title',
      });
  }
  const description = youtubeDescription(draft.text, draft.link);
  const bytes = descriptionBytes(description);
  if (bytes > DESCRIPTION_LIMIT_BYTES)
    out.push({
      path: 'text',
      code: 'text_too_long',
      message: `The description is ${bytes} bytes; YouTube takes at most ${DESCRIPTION_LIMIT_BYTES} (accented letters and emoji take 2–4 bytes each)`,
    });
  if (/[<>]/.test(description))
    out.push({
      path: 'text',
      code: 'forbidden_characters',
      message: 'YouTube does not allow < or > in a description',
    });
  return out;
}
