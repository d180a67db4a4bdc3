import { AppError } from '../../shared/errors';
import type { Vocab } from './select';

/** Splits one CSV line, honouring double-quoted fields ("a,b" and "" escapes). */
function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const c = line[i]!;
    if (quoted) {
      if (c === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (c === '"') quoted = false;
      else cur += c;
    } else if (c === '"') quoted = true;
    else if (c === ',') {
      out.push(cur);
      cur = '';
    } else cur += c;
  }
  out.push(cur);
  return out;
}

/** Parses a WD-style selected_tags.csv (`tag_id,name,category,count`; extra columns such as PixAI's are ignored).
 * Row order is output order, so every row is kept. */
export function parseSelectedTags(text: string, file = 'selected_tags.csv'): Vocab {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/).filter((l) => l.trim() !== '');
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const nameCol = header.indexOf('name');
  const catCol = header.indexOf('category');
  const countCol = header.indexOf('count');
  if (nameCol < 0 || catCol < 0) {
    throw new AppError('INVALID_INPUT', `${file} needs "name" and "category" columns; its header is "${lines[0] ?? ''}".`);
  }
  const rows = lines.slice(1);
  const names: string[] = [];
  const codes = new Uint8Array(rows.length);
  const postCounts = new Int32Array(rows.length);
  rows.forEach((line, r) => {
    const f = splitCsvLine(line);
    const code = Number(f[catCol]);
    if (f[nameCol] === undefined || !Number.isInteger(code) || code < 0 || code > 255) {
      throw new AppError('INVALID_INPUT', `${file} line ${r + 2} is malformed: "${line}".`);
    }
    names.push(f[nameCol]!);
    codes[r] = code;
    postCounts[r] = countCol >= 0 ? Math.min(2 ** 31 - 1, Math.max(0, Math.trunc(Number(f[countCol]) || 0))) : 0;
  });
  if (names.length === 0) throw new AppError('INVALID_INPUT', `${file} lists no tags.`);
  return { names, codes, postCounts };
}
