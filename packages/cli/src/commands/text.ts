import { descriptorFor } from '@araldo/networks';
import { loadConfig } from '../environment';

/** Reads the text on stdin and measures it as the network does; prints one JSON object. */
export async function textMeasure(o: { network: string }) {
  loadConfig();
  const chunks: Buffer[] = [];
  for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
  // A trailing newline from `echo` or a heredoc is not part of the post.
  const text = Buffer.concat(chunks)
    .toString('utf8')
    .replace(/\r?\n$/, '');
  const { network, length, limit, fits } = descriptorFor(o.network).measure(text);
  console.log(JSON.stringify({ network, length, limit, fits }));
}
