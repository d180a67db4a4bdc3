import type { ItemScores, Vocab } from './select';

/** Scores at or below this are not stored: no useful threshold is that low. */
export const SCORE_FLOOR = 0.02;

/**
 * Keeps the scores above the floor, plus per category the best score at or below it: MCut needs the gap
 * between the lowest kept score and the next one, which the floor would otherwise hide (and the best rating
 * is always known).
 */
export function keepScores(probs: ArrayLike<number>, vocab: Vocab, floor = SCORE_FLOOR): ItemScores {
  const idx: number[] = [];
  const bestBelow = new Map<number, number>(); // category code → output index
  const n = Math.min(probs.length, vocab.codes.length);
  for (let i = 0; i < n; i++) {
    const p = probs[i]!;
    if (p > floor) idx.push(i);
    else {
      const code = vocab.codes[i]!;
      const cur = bestBelow.get(code);
      if (cur === undefined || p > probs[cur]!) bestBelow.set(code, i);
    }
  }
  idx.push(...bestBelow.values());
  // Highest first: selection then reads each category in score order without sorting.
  idx.sort((a, b) => probs[b]! - probs[a]! || a - b);
  const score = new Float32Array(idx.length);
  idx.forEach((i, k) => (score[k] = probs[i]!));
  return { idx: Uint32Array.from(idx), score };
}

/** Stored form: n uint32 output indices then n float32 scores, little-endian, highest score first. */
export function encodeScores(s: ItemScores): Buffer {
  const n = s.idx.length;
  const buf = Buffer.alloc(n * 8);
  for (let k = 0; k < n; k++) {
    buf.writeUInt32LE(s.idx[k]!, k * 4);
    buf.writeFloatLE(s.score[k]!, n * 4 + k * 4);
  }
  return buf;
}

export function decodeScores(buf: Uint8Array): ItemScores {
  const n = buf.byteLength >>> 3;
  // Copy into an aligned buffer: SQLite blobs may start at any byte offset.
  const copy = new ArrayBuffer(n * 8);
  new Uint8Array(copy).set(buf.subarray(0, n * 8));
  return { idx: new Uint32Array(copy, 0, n), score: new Float32Array(copy, n * 4, n) };
}
