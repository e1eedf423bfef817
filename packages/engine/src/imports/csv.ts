import { AraldoError, type ErrorDetail, invalid, isTimeZone, notFound } from '@araldo/core';
import { getWorkspace } from '@araldo/store';
import { CsvError, parse } from 'csv-parse/sync';
import { DateTime } from 'luxon';
import { ensureAllowed } from '../commands/guard';
import type { Actor, Context } from '../context';
import type { When } from '../publishing/schedule';
import {
  checkFits,
  createPostWithin,
  type ImportChannel,
  type ImportedPost,
  workspaceChannels,
} from './post-writer';

/** Documented in docs/csv-import.md; keep the two in step. */
export const CSV_COLUMNS = [
  'text',
  'channels',
  'at',
  'time_zone',
  'link',
  'first_comment',
  'campaign',
] as const;
type Column = (typeof CSV_COLUMNS)[number];
const REQUIRED: Column[] = ['text', 'channels'];

export const CSV_MAX_BYTES = 1024 * 1024;
export const CSV_MAX_ROWS = 1000;

const LOCAL_TIME = /^(\d{4}-\d{2}-\d{2})[T ](\d{2}:\d{2})$/;

export interface CsvImportResult {
  imported: number;
  posts: { line: number; postId: string; scheduled: boolean }[];
}

interface Row {
  line: number;
  /** How many fields the record has; anything but the header's count is an error. */
  fields: number;
  values: Partial<Record<Column, string>>;
}

interface PlannedPost {
  line: number;
  post: ImportedPost;
  when: When | undefined;
}

const at = (line: number, column: string, message: string): ErrorDetail => ({
  path: `line.${line}.${column}`,
  message: `Line ${line}: ${message}`,
});

/**
 * csv-parse reports the line a record ends on; a quoted field may span lines, and skipped
 * blank lines come before it, so the line it starts on is counted back from the end.
 */
function startLine(endLine: number, raw: string): number {
  const body = raw.replace(/^(?:\r?\n)+/, '').replace(/\r?\n$/, '');
  return endLine - (body.match(/\n/g)?.length ?? 0);
}

function readRows(csv: string): { header: Column[]; rows: Row[] } {
  let records: { record: string[]; info: { lines: number }; raw: string }[];
  try {
    records = parse(csv, {
      bom: true,
      info: true,
      raw: true,
      relax_column_count: true,
      skip_empty_lines: true,
      // With `info` and `raw` each record comes wrapped; csv-parse's types do not follow.
    }) as unknown as typeof records;
  } catch (error) {
    if (!(error instanceof CsvError)) throw error;
    const line = (error as CsvError & { lines?: number }).lines ?? 0;
    throw invalid('The file is not valid CSV; nothing was imported', [at(line, 'file', error.message)]);
  }
  const [first, ...rest] = records;
  if (!first) throw invalid('The file is empty; the first line must name the columns');
  const names = first.record.map((n) => n.trim().toLowerCase());
  const problems: ErrorDetail[] = [];
  names.forEach((n, i) => {
    if (!(CSV_COLUMNS as readonly string[]).includes(n))
      problems.push(
        at(1, n || `column ${i + 1}`, `unknown column "${n}"; the columns are ${CSV_COLUMNS.join(', ')}`),
      );
    else if (names.indexOf(n) !== i) problems.push(at(1, n, `the column "${n}" appears twice`));
  });
  for (const r of REQUIRED.filter((c) => !names.includes(c)))
    problems.push(at(1, r, `the column "${r}" is required`));
  if (problems.length > 0) throw invalid('The first line does not name the columns Araldo reads', problems);
  if (rest.length === 0) throw invalid('The file has no posts, only the line naming the columns');
  if (rest.length > CSV_MAX_ROWS) {
    throw invalid(`The file has ${rest.length} posts; import at most ${CSV_MAX_ROWS} at a time`, [
      { path: 'file', message: `at most ${CSV_MAX_ROWS} rows` },
    ]);
  }
  const header = names as Column[];
  return {
    header,
    rows: rest.map((r) => {
      const line = startLine(r.info.lines, r.raw);
      const values: Row['values'] = {};
      r.record.forEach((v, i) => {
        const column = header[i];
        if (column) values[column] = v.trim();
      });
      return { line, fields: r.record.length, values };
    }),
  };
}

/** Channel ids, or names when unambiguous, separated by `|`. */
function resolveChannels(row: Row, channels: ImportChannel[], problems: ErrorDetail[]): string[] {
  const wanted = (row.values.channels ?? '')
    .split('|')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (wanted.length === 0) problems.push(at(row.line, 'channels', 'name at least one channel'));
  const ids: string[] = [];
  for (const w of wanted) {
    const byId = channels.find((c) => c.id === w);
    const byName = channels.filter((c) => c.name.toLowerCase() === w.toLowerCase());
    if (byId) ids.push(byId.id);
    else if (byName.length === 1) ids.push(byName[0]!.id);
    else if (byName.length > 1)
      problems.push(at(row.line, 'channels', `several channels are named "${w}"; use the channel's id`));
    else problems.push(at(row.line, 'channels', `no channel "${w}" in this workspace`));
  }
  if (new Set(ids).size !== ids.length) problems.push(at(row.line, 'channels', 'a channel is listed twice'));
  return ids;
}

function resolveWhen(row: Row, defaultZone: string, now: number, problems: ErrorDetail[]): When | undefined {
  const zone = row.values.time_zone || defaultZone;
  if (!isTimeZone(zone)) {
    problems.push(at(row.line, 'time_zone', `"${zone}" is not an IANA time zone (e.g. Europe/Rome)`));
    return undefined;
  }
  const local = row.values.at;
  if (!local) return undefined;
  const match = LOCAL_TIME.exec(local);
  const parsed = match ? DateTime.fromISO(`${match[1]}T${match[2]}`, { zone }) : undefined;
  if (!match || !parsed?.isValid) {
    problems.push(at(row.line, 'at', `"${local}" is not a local date and time like 2026-12-01T09:30`));
    return undefined;
  }
  if (parsed.toMillis() < now) {
    problems.push(at(row.line, 'at', `${local} in ${zone} is in the past`));
    return undefined;
  }
  return { kind: 'at', local: `${match[1]}T${match[2]}`, zone };
}

function checkLink(row: Row, problems: ErrorDetail[]): string | null {
  const link = row.values.link;
  if (!link) return null;
  const ok = URL.canParse(link) && /^https?:$/.test(new URL(link).protocol) && link.length <= 2048;
  if (!ok) problems.push(at(row.line, 'link', `"${link.slice(0, 80)}" is not an http(s) URL`));
  return link;
}

/** Every row is checked before anything is written, and every problem is reported. */
function planRows(
  rows: Row[],
  header: Column[],
  channels: ImportChannel[],
  defaultZone: string,
  now: number,
) {
  const problems: ErrorDetail[] = [];
  const planned: PlannedPost[] = [];
  for (const row of rows) {
    const before = problems.length;
    if (row.fields !== header.length) {
      problems.push(at(row.line, 'file', `has ${row.fields} fields; the first line names ${header.length}`));
      continue;
    }
    const text = row.values.text ?? '';
    if (text === '') problems.push(at(row.line, 'text', 'the text is empty'));
    const campaign = row.values.campaign || null;
    if (campaign && campaign.length > 200) problems.push(at(row.line, 'campaign', 'at most 200 characters'));
    const post: ImportedPost = {
      text,
      channelIds: resolveChannels(row, channels, problems),
      link: checkLink(row, problems),
      firstComment: row.values.first_comment || null,
      campaign,
    };
    const when = resolveWhen(row, defaultZone, now, problems);
    if (problems.length === before && text !== '') {
      for (const p of checkFits(post, channels)) problems.push(at(row.line, p.path, p.message));
    }
    if (problems.length === before) planned.push({ line: row.line, post, when });
  }
  return { problems, planned };
}

/**
 * Imports a CSV file of posts (docs/csv-import.md): all of it, in one transaction, or none
 * of it with every bad row named by its line number.
 */
export async function importPostsFromCsv(
  ctx: Context,
  actor: Actor,
  workspaceId: string,
  csv: string,
  now = Date.now(),
): Promise<CsvImportResult> {
  ensureAllowed(actor, 'posts.create');
  const size = Buffer.byteLength(csv, 'utf8');
  if (size > CSV_MAX_BYTES) {
    throw new AraldoError(
      'payload_too_large',
      `The file is ${(size / 1024 / 1024).toFixed(1)} MB; import at most ${CSV_MAX_BYTES / 1024 / 1024} MB at a time`,
    );
  }
  const workspace = await getWorkspace(ctx.store.db, workspaceId);
  if (!workspace) throw notFound('Workspace');
  const { header, rows } = readRows(csv);
  const channels = await workspaceChannels(ctx.store.db, workspaceId);
  const { problems, planned } = planRows(rows, header, channels, workspace.time_zone, now);
  if (problems.length > 0) {
    const lines = new Set(problems.map((p) => p.path.split('.')[1]));
    throw invalid(
      `${lines.size} ${lines.size === 1 ? 'row has' : 'rows have'} problems; nothing was imported`,
      problems,
    );
  }
  return ctx.store.db.transaction().execute(async (trx) => {
    const posts: CsvImportResult['posts'] = [];
    for (const p of planned) {
      const postId = await createPostWithin(ctx, trx, actor, workspaceId, p.post, p.when, {
        source: 'csv',
        line: p.line,
      });
      posts.push({ line: p.line, postId, scheduled: p.when !== undefined });
    }
    return { imported: posts.length, posts };
  });
}
