import { describe, expect, it } from 'vitest';
import { EMAILED_NOTICE_KINDS, mailLocale, noticeLink, renderNoticeMail } from './notice-mail';
import { redact } from './smtp-transport';

const base = {
  kind: 'channel.needs_reconnect' as const,
  locale: 'en' as const,
  workspaceName: 'Acme',
  channel: { name: 'Acme on X', network: 'x' },
  message: 'Acme on X (x) needs to be reconnected: token revoked',
  link: 'https://araldo.example.org/w/ws1/channels',
};

describe('notice e-mails', () => {
  it('has words for every e-mailed kind in both languages', () => {
    for (const kind of EMAILED_NOTICE_KINDS) {
      for (const locale of ['en', 'it'] as const) {
        const mail = renderNoticeMail({ ...base, kind, locale });
        expect(mail.subject.length).toBeGreaterThan(5);
        expect(mail.text).toContain(base.link);
        expect(mail.html).toContain(`href="${base.link}"`);
        expect(mail.text).toContain(base.message);
      }
    }
  });

  it('keeps names someone typed from breaking the subject line or the HTML', () => {
    const mail = renderNoticeMail({
      ...base,
      workspaceName: 'Acme\r\nBcc: victim@example.org',
      channel: { name: '<script>alert(1)</script>', network: 'x' },
      message: 'a "quoted" <b>reason</b> & more',
    });
    expect(mail.subject).not.toMatch(/[\r\n]/);
    expect(mail.subject).toBe('Reconnect <script>alert(1)</script> (x) in Acme Bcc: victim@example.org');
    expect(mail.html).not.toContain('<script>');
    expect(mail.html).toContain('&lt;script&gt;alert(1)&lt;/script&gt;');
    expect(mail.html).toContain('a &quot;quoted&quot; &lt;b&gt;reason&lt;/b&gt; &amp; more');
  });

  it('speaks Italian to Italian readers and English to everyone else', () => {
    expect(mailLocale('it')).toBe('it');
    expect(mailLocale('it-IT')).toBe('it');
    expect(mailLocale('en')).toBe('en');
    expect(mailLocale('de')).toBe('en');
  });

  it('links channel notices to the channels page and post notices to the planner', () => {
    expect(noticeLink('https://a.example', 'w 1', 'channel.token_expiring')).toBe(
      'https://a.example/w/w%201/channels',
    );
    expect(noticeLink('https://a.example', 'w1', 'post.failed')).toBe('https://a.example/w/w1/planner');
  });

  it('redacts every occurrence of every secret', () => {
    expect(redact('535 AUTH PLAIN AGFAAHB3 for pw and pw', ['pw', 'AGFAAHB3'])).toBe(
      '535 AUTH PLAIN [redacted] for [redacted] and [redacted]',
    );
  });
});
