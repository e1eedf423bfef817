import type { FakeResponse } from '../fake-server';

/** X's error body: an RFC 7807 problem whose type names the kind. */
export const xProblem = (status: number, kind: string, title: string, detail: string): FakeResponse => ({
  status,
  json: { type: `https://api.x.com/2/problems/${kind}`, title, detail, status },
});

let snowflake = BigInt(Date.now()) << 22n;
/** Ids that grow with time, like X's snowflakes. */
export function nextSnowflake(): string {
  snowflake += 4_194_304n + BigInt(Math.floor(Math.random() * 4096));
  return String(snowflake);
}
