import { z } from 'zod';
import type { Violation } from '../contract';

// Page feed reference (v26) and the Pages guide: `targeting` restricts who may see the post,
// `feed_targeting` only tells News Feed whom to prefer. Unknown keys are refused so a typo
// never silently publishes to everyone.
const country = z.string().regex(/^[A-Z]{2}$/, 'a country is a two-letter ISO code such as "IT"');
const keyed = z.array(z.object({ key: z.string().min(1) }).strict());
const geo = z
  .object({
    countries: z.array(country).max(25, 'at most 25 countries'),
    regions: keyed,
    cities: keyed,
  })
  .partial()
  .strict();
const ids = z.array(z.union([z.number().int(), z.string().regex(/^\d+$/)]));

export const restrictionSchema = z
  .object({
    geo_locations: geo,
    age_min: z.literal([13, 15, 18, 21, 25]),
    locales: ids,
  })
  .partial()
  .strict();

export const preferenceSchema = z
  .object({
    age_min: z.number().int().min(13).max(65),
    age_max: z.number().int().min(13).max(65),
    genders: z.array(z.union([z.literal(1), z.literal(2)])),
    geo_locations: geo,
    locales: ids,
    interests: ids,
    education_statuses: ids,
    college_years: ids,
    relationship_statuses: ids,
  })
  .partial()
  .strict();

export type Restriction = z.infer<typeof restrictionSchema>;
export type Preference = z.infer<typeof preferenceSchema>;

const WORDS: Record<string, string> = {
  age_min: 'the minimum age must be one of 13, 15, 18, 21 or 25',
};

function violations(field: string, schema: z.ZodType, value: unknown, describe: string): Violation[] {
  if (value === undefined || value === null) return [];
  const parsed = schema.safeParse(value);
  if (parsed.success) return [];
  return parsed.error.issues.map((issue) => {
    const path = ['options', field, ...issue.path.map(String)].join('.');
    const last = String(issue.path.at(-1) ?? '');
    const words =
      issue.code === 'unrecognized_keys'
        ? `Facebook does not know ${issue.keys.join(', ')}`
        : field === 'targeting' && last === 'age_min' && issue.code !== 'custom'
          ? WORDS.age_min!
          : issue.message;
    return { path, code: 'invalid_targeting', message: `${describe}: ${words}` };
  });
}

/** Both targeting options checked against their documented shapes, every problem named. */
export function checkTargeting(options: Record<string, unknown>): Violation[] {
  return [
    ...violations('targeting', restrictionSchema, options.targeting, 'Who may see the post'),
    ...violations('feed_targeting', preferenceSchema, options.feed_targeting, 'Whom the feed should prefer'),
    ...ageRange(options.feed_targeting),
  ];
}

// Checked apart from the schema so it is reported even when another field is wrong too.
function ageRange(value: unknown): Violation[] {
  const t = value as { age_min?: unknown; age_max?: unknown } | null | undefined;
  if (typeof t?.age_min !== 'number' || typeof t.age_max !== 'number' || t.age_min <= t.age_max) return [];
  return [
    {
      path: 'options.feed_targeting.age_min',
      code: 'invalid_targeting',
      message: `Whom the feed should prefer: the minimum age ${t.age_min} is above the maximum ${t.age_max}`,
    },
  ];
}
