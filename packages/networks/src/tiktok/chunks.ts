const MiB = 1024 * 1024;

// Media Transfer Guide: chunks of 5–64 MB; a video under 5 MB goes whole; total_chunk_count
// = floor(video_size / chunk_size), the last chunk taking the trailing bytes (up to 128 MB);
// 1–1,000 chunks, sent in order.
export const MIN_CHUNK = 5 * MiB;
export const MAX_CHUNK = 64 * MiB;
const PREFERRED_CHUNK = 32 * MiB;

export interface ChunkPlan {
  chunkSize: number;
  count: number;
}

export function chunkPlan(size: number): ChunkPlan {
  // Up to 64 MB the whole file is one chunk (and under 5 MB it must be).
  if (size <= MAX_CHUNK) return { chunkSize: size, count: 1 };
  // 32 MB chunks leave a last chunk under 64 MB, far below its 128 MB ceiling.
  return { chunkSize: PREFERRED_CHUNK, count: Math.floor(size / PREFERRED_CHUNK) };
}

/** Byte range [first, last] of chunk `index` (0-based). */
export function chunkRange(plan: ChunkPlan, size: number, index: number): { first: number; last: number } {
  const first = index * plan.chunkSize;
  const last = index === plan.count - 1 ? size - 1 : first + plan.chunkSize - 1;
  return { first, last };
}
