/** Kaomoji keep their underscores (the WD Space's and taggui's list): `^_^` is a face, not `^ ^`. */
export const KAOMOJIS: ReadonlySet<string> = new Set([
  '0_0', '(o)_(o)', '+_+', '+_-', '._.', '<o>_<o>', '<|>_<|>', '=_=', '>_<', '3_3', '6_9', '>_o', '@_@', '^_^', 'o_o',
  'u_u', 'x_x', '|_|', '||_||',
]);

export interface TagTextOptions {
  underscores: 'space' | 'keep';
  escapeParens: boolean;
}

/** A model tag name as written into an item's tags. */
export function displayTag(name: string, opts: TagTextOptions): string {
  let t = opts.underscores === 'space' && !KAOMOJIS.has(name) ? name.replace(/_/g, ' ') : name;
  if (opts.escapeParens) t = escapeParens(t);
  return t;
}

/** A1111 prompt syntax gives `(` `)` a weighting meaning, so literal ones are written `\(` `\)`. */
export function escapeParens(tag: string): string {
  return tag.replace(/(?<!\\)([()])/g, '\\$1');
}

/** One key for "the same tag" across spellings: case, underscores vs spaces, escaped parentheses. */
export function tagKey(tag: string): string {
  return tag.trim().toLowerCase().replace(/\\([()])/g, '$1').replace(/_/g, ' ');
}
