/** Parsing the engines' tqdm progress line, e.g.
 * `steps:  12%|█▏        | 192/1600 [05:31<40:28,  1.72s/it, avr_loss=0.0912]`. Pure. */

export interface TqdmProgress {
  desc: string;
  n: number;
  total: number;
  elapsedSeconds: number;
  /** null while tqdm shows `?` */
  etaSeconds: number | null;
  /** Iterations per second (tqdm shows s/it below 1 it/s; converted here). */
  rate: number | null;
  /** The postfix, e.g. { avr_loss: '0.0912', 'Keys Scaled': '3' }. */
  postfix: Record<string, string>;
}

const LINE =
  /^(?:(.*?): )?\s*(\d+)%\|[^|]*\|\s*(\d+)\/(\d+)\s*\[(\d+(?::\d+){1,2})<(\d+(?::\d+){1,2}|\?),\s*(\?|[\d.]+)\s*(it\/s|s\/it)(?:,\s*(.*))?\]\s*$/u;

/** "mm:ss" or "h:mm:ss" (tqdm's format_interval) to seconds. */
export function parseInterval(s: string): number {
  return s.split(':').reduce((acc, part) => acc * 60 + Number(part), 0);
}

/** Splits a tqdm postfix: `Keys Scaled=3, Average key norm=0.5, avr_loss=0.1` (keys may contain spaces). */
export function parsePostfix(s: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of s.split(/,\s*(?=[^,=]+=)/)) {
    const eq = part.indexOf('=');
    if (eq > 0) out[part.slice(0, eq).trim()] = part.slice(eq + 1).trim();
  }
  return out;
}

/** One tqdm update (a `\r`-separated segment); null when the text is not a tqdm bar. */
export function parseTqdm(segment: string): TqdmProgress | null {
  const m = LINE.exec(segment.trim());
  if (!m) return null;
  const [, desc = '', , n, total, elapsed, remaining, rateText, unit, postfix] = m;
  const r = rateText === '?' ? null : Number(rateText);
  return {
    desc: desc.trim(),
    n: Number(n),
    total: Number(total),
    elapsedSeconds: parseInterval(elapsed!),
    etaSeconds: remaining === '?' ? null : parseInterval(remaining!),
    rate: r === null || r === 0 ? null : unit === 's/it' ? 1 / r : r,
    postfix: postfix ? parsePostfix(postfix) : {},
  };
}

/** The training bar only: the engines create it with desc "steps"; sampling, validation ("validation steps"),
 * caching and denoising bars are ignored. */
export function parseTrainingProgress(segment: string): (TqdmProgress & { avrLoss: number | null }) | null {
  const p = parseTqdm(segment);
  if (!p || p.desc !== 'steps') return null;
  const loss = p.postfix.avr_loss;
  return { ...p, avrLoss: loss === undefined ? null : Number(loss) };
}

/** Any other bar with a total (a caching script's), for a step's own progress. */
export function parseAnyProgress(segment: string): TqdmProgress | null {
  return parseTqdm(segment);
}
