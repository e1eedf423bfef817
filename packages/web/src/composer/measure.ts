/**
 * The character counts of the server, in the browser. The networks' own measuring functions are
 * imported from packages/networks (Vite alias `@network-text`), not copied: those of the networks
 * below are plain string code. Bluesky and YouTube count UTF-8 bytes with Node's Buffer, X uses
 * twitter-text and Facebook's rule sits beside its HTTP client, so those four are measured by the
 * server (POST /text/measure), with the very same functions.
 */
import { measureInstagram } from '@network-text/instagram/text';
import { measureLinkedIn } from '@network-text/linkedin/text';
import { measureMastodon } from '@network-text/mastodon/text';
import { measurePinterest } from '@network-text/pinterest/text';
import { measureSandbox } from '@network-text/sandbox/rules';
import { measureSnapchat } from '@network-text/snapchat/text';
import { measureThreads } from '@network-text/threads/text';
import { measureTikTok } from '@network-text/tiktok/text';
import type { TextMeasure } from '../api/types';

const LOCAL: Partial<Record<string, (text: string) => TextMeasure>> = {
  sandbox: measureSandbox,
  mastodon: (text) => measureMastodon(text),
  instagram: measureInstagram,
  linkedin: measureLinkedIn,
  pinterest: measurePinterest,
  snapchat: (text) => measureSnapchat(text),
  threads: (text) => measureThreads(text),
  tiktok: (text) => measureTikTok(text),
};

/** The count right here, or undefined when only the server can measure this network. */
export const measureLocally = (network: string, text: string): TextMeasure | undefined =>
  LOCAL[network]?.(text);
