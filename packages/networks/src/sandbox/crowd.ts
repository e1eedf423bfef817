import { createHash } from 'node:crypto';
import { chance } from './audience';
import type { SandboxLanguage } from './credentials';
import type { Person } from './store';

export type Utterance = 'comment' | 'mention' | 'message' | 'answer';

/** What the simulated audience says; `{handle}` is the account's handle. */
export const PHRASES: Record<SandboxLanguage, Record<Utterance, string[]>> = {
  en: {
    comment: [
      'Love this!',
      'Great news, congratulations 👏',
      'Where can I find out more?',
      'This is exactly what I needed today.',
      'Interesting, but how does it work in practice?',
      'Shared with my team.',
      'Is this available outside the US?',
      'Finally! Been waiting for this.',
      'Not sure I agree, but thanks for posting.',
      'How much does it cost?',
    ],
    mention: [
      '{handle} you should see what people are saying about your last post',
      'Following {handle} for a while now, always good stuff',
      'Anyone tried what {handle} just announced?',
      'Thanks {handle}, this helped a lot',
    ],
    message: [
      'Hi! Do you ship to Canada?',
      'Hello, is there someone I can talk to about a partnership?',
      'Hi, I tried the link in your post and it did not open for me.',
      'Quick question: are you hiring?',
      'Hey, can I use your picture in my newsletter? I will credit you.',
    ],
    answer: [
      'Thanks for the quick answer!',
      'Perfect, thank you 🙏',
      'Got it, thanks.',
      'Great, I will try that.',
    ],
  },
  it: {
    comment: [
      'Bellissimo!',
      'Ottima notizia, complimenti 👏',
      'Dove posso saperne di più?',
      'Proprio quello che mi serviva oggi.',
      'Interessante, ma in pratica come funziona?',
      'Condiviso con il mio gruppo.',
      'È disponibile anche fuori dall’Italia?',
      'Finalmente! Lo aspettavo da tempo.',
      'Non sono del tutto d’accordo, ma grazie per averlo scritto.',
      'Quanto costa?',
    ],
    mention: [
      '{handle} guarda cosa dicono del tuo ultimo post',
      'Seguo {handle} da un po’, sempre contenuti utili',
      'Qualcuno ha provato quello che ha annunciato {handle}?',
      'Grazie {handle}, mi è stato molto utile',
    ],
    message: [
      'Ciao! Spedite anche in Svizzera?',
      'Buongiorno, con chi posso parlare per una collaborazione?',
      'Ciao, il link nel vostro post non mi si apre.',
      'Domanda veloce: state assumendo?',
      'Posso usare la vostra foto nella mia newsletter? Citerò la fonte.',
    ],
    answer: [
      'Grazie della risposta veloce!',
      'Perfetto, grazie 🙏',
      'Ricevuto, grazie.',
      'Ottimo, ci provo.',
    ],
  },
};

const NAMES: Record<SandboxLanguage, { first: string[]; last: string[] }> = {
  en: {
    first: [
      'Olivia',
      'Liam',
      'Emma',
      'Noah',
      'Ava',
      'James',
      'Mia',
      'Lucas',
      'Grace',
      'Ethan',
      'Chloe',
      'Ryan',
    ],
    last: ['Smith', 'Johnson', 'Brown', 'Taylor', 'Walker', 'Clarke', 'Hughes', 'Turner', 'Price', 'Bennett'],
  },
  it: {
    first: [
      'Giulia',
      'Marco',
      'Sofia',
      'Luca',
      'Chiara',
      'Matteo',
      'Elena',
      'Andrea',
      'Sara',
      'Davide',
      'Anna',
    ],
    last: [
      'Rossi',
      'Russo',
      'Ferrari',
      'Esposito',
      'Bianchi',
      'Romano',
      'Colombo',
      'Ricci',
      'Greco',
      'Conti',
    ],
  },
};

/** The people who talk to an account: a fixed crowd, so regulars come back. */
const CROWD = 150;

/** One member of the account's crowd, chosen by `key`. */
export function personFor(accountId: string, language: SandboxLanguage, key: string): Person {
  const i = Math.floor(chance(`person:${accountId}:${key}`) * CROWD);
  const { first, last } = NAMES[language];
  const given = first[i % first.length]!;
  const family = last[Math.floor(i / first.length) % last.length]!;
  const digits = Math.floor(chance(`digits:${accountId}:${i}`) * 90) + 10;
  return {
    id: `sbx-${createHash('sha256').update(`${accountId}:${i}`).digest('hex').slice(0, 16)}`,
    handle: `@${given.toLowerCase()}.${family.toLowerCase()}${digits}`,
    name: `${given} ${family}`,
  };
}

export function say(language: SandboxLanguage, what: Utterance, key: string, handle: string): string {
  const bank = PHRASES[language][what];
  return bank[Math.floor(chance(`say:${what}:${key}`) * bank.length)]!.replace('{handle}', handle);
}
