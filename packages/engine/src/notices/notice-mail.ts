/**
 * The words of a notice e-mail, in the recipient's language. Pure: the e-mail pass renders
 * each message once, when it queues it, so a retry sends exactly what was first tried.
 */

/** The notices worth an e-mail: each asks a person to act, and nothing else will tell them. */
export const EMAILED_NOTICE_KINDS = [
  'channel.needs_reconnect',
  'channel.token_expiring',
  'post.failed',
  'post.held',
] as const;
export type EmailedNoticeKind = (typeof EMAILED_NOTICE_KINDS)[number];

export const isEmailedNotice = (kind: string): kind is EmailedNoticeKind =>
  (EMAILED_NOTICE_KINDS as readonly string[]).includes(kind);

export type MailLocale = 'en' | 'it';
export const mailLocale = (locale: string): MailLocale =>
  locale.toLowerCase().startsWith('it') ? 'it' : 'en';

export interface NoticeMailInput {
  kind: EmailedNoticeKind;
  locale: MailLocale;
  workspaceName: string;
  channel: { name: string; network: string } | null;
  /** The notice as the app shows it; the network's own reason is in it. */
  message: string;
  /** Where in the app the person acts on it. */
  link: string;
}

export interface RenderedMail {
  subject: string;
  text: string;
  html: string;
}

interface Words {
  subject: string;
  lead: string;
  action: string;
}

type Phrasebook = Record<EmailedNoticeKind, (ws: string, ch: string) => Words> & {
  details: string;
  someChannel: string;
  footer: (ws: string) => string;
};

const PHRASES: Record<MailLocale, Phrasebook> = {
  en: {
    'channel.needs_reconnect': (ws, ch) => ({
      subject: `Reconnect ${ch} in ${ws}`,
      lead: `Araldo can no longer publish to ${ch} in ${ws}: the network stopped accepting its connection. Posts due on it wait until it is reconnected.`,
      action: 'Reconnect the channel',
    }),
    'channel.token_expiring': (ws, ch) => ({
      subject: `${ch} must be reconnected soon (${ws})`,
      lead: `Araldo's access to ${ch} in ${ws} ends soon and cannot be renewed automatically. Reconnect it before then so that no post is held up.`,
      action: 'Reconnect the channel',
    }),
    'post.failed': (ws, ch) => ({
      subject: `A post to ${ch} failed (${ws})`,
      lead: `A post to ${ch} in ${ws} could not be published.`,
      action: 'Open the planner',
    }),
    'post.held': (ws, ch) => ({
      subject: `Overdue posts wait for you in ${ws}`,
      lead: `${ch} in ${ws} is connected again. Posts that were due while it was disconnected wait for you to publish, reschedule or withdraw them.`,
      action: 'Open the planner',
    }),
    details: 'Details',
    someChannel: 'a channel',
    footer: (ws) => `You receive this e-mail because you are an owner or admin of ${ws} in Araldo.`,
  },
  it: {
    'channel.needs_reconnect': (ws, ch) => ({
      subject: `Ricollega ${ch} in ${ws}`,
      lead: `Araldo non riesce più a pubblicare su ${ch} in ${ws}: il social network non accetta più il collegamento. I post previsti restano in attesa finché non lo ricolleghi.`,
      action: 'Ricollega il canale',
    }),
    'channel.token_expiring': (ws, ch) => ({
      subject: `${ch} va ricollegato a breve (${ws})`,
      lead: `L'accesso di Araldo a ${ch} in ${ws} scade a breve e non può essere rinnovato automaticamente. Ricollegalo prima della scadenza perché nessun post resti bloccato.`,
      action: 'Ricollega il canale',
    }),
    'post.failed': (ws, ch) => ({
      subject: `Pubblicazione non riuscita su ${ch} (${ws})`,
      lead: `Un post su ${ch} in ${ws} non è stato pubblicato.`,
      action: 'Apri il planner',
    }),
    'post.held': (ws, ch) => ({
      subject: `Post in ritardo ti aspettano in ${ws}`,
      lead: `${ch} in ${ws} è di nuovo collegato. I post previsti mentre era scollegato aspettano che tu li pubblichi, li riprogrammi o li ritiri.`,
      action: 'Apri il planner',
    }),
    details: 'Dettagli',
    someChannel: 'un canale',
    footer: (ws) => `Ricevi questa e-mail perché sei proprietario o amministratore di ${ws} su Araldo.`,
  },
};

// A name is someone's input: one line, and short enough for a subject line.
const oneLine = (s: string, max = 80) => {
  const flat = s.replace(/[\r\n\t\u2028\u2029]+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max - 1)}…` : flat;
};

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function renderNoticeMail(input: NoticeMailInput): RenderedMail {
  const book = PHRASES[input.locale];
  const ws = oneLine(input.workspaceName);
  const ch = input.channel
    ? `${oneLine(input.channel.name)} (${oneLine(input.channel.network, 30)})`
    : book.someChannel;
  const words = book[input.kind](ws, ch);
  const details = `${book.details}: ${input.message}`;
  const footer = book.footer(ws);
  const text = [words.lead, '', `${words.action}: ${input.link}`, '', details, '', '-- ', footer, ''].join(
    '\n',
  );
  const html = [
    '<!doctype html>',
    `<html lang="${input.locale}"><body style="font-family: sans-serif; line-height: 1.5; color: #1a1a1a">`,
    `<p>${escapeHtml(words.lead)}</p>`,
    `<p><a href="${escapeHtml(input.link)}">${escapeHtml(words.action)}</a></p>`,
    `<p style="color: #555">${escapeHtml(details)}</p>`,
    `<hr><p style="color: #777; font-size: 12px">${escapeHtml(footer)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject: words.subject, text, html };
}

/** Where a person acts on the notice: the channels page to reconnect, the planner for posts. */
export function noticeLink(publicUrl: string, workspaceId: string, kind: EmailedNoticeKind) {
  const section = kind.startsWith('channel.') ? 'channels' : 'planner';
  return `${publicUrl}/w/${encodeURIComponent(workspaceId)}/${section}`;
}
