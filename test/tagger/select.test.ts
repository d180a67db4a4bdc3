import { describe, expect, it } from 'vitest';
import { tagSelectionSchema, type TagSelectionInput } from '../../src/shared/contract';
import {
  decodeScores,
  displayTag,
  encodeScores,
  escapeParens,
  keepScores,
  mcutThreshold,
  parseSelectedTags,
  prepareSelection,
  selectIndices,
  bandChanges,
  countChange,
  selectionCounts,
  selectionStats,
  selectTags,
  tagKey,
  tagPosition,
  thresholdBand,
  type Vocab,
} from '../../src/core/tagger';
import { rng } from '../helpers/rng';

const CSV = `tag_id,name,category,count
9999999,general,9,0
9999999,sensitive,9,0
9999999,questionable,9,0
9999999,explicit,9,0
1000,1girl,0,5000
1001,long_hair,0,4000
1002,^_^,0,3000
1003,smile,0,2000
1004,hat,0,1000
5000,saber_(fate),4,900
5001,rem_(re:zero),4,800
`;
const vocab: Vocab = parseSelectedTags(CSV);
// Output order follows the CSV rows.
const probs = [0.1, 0.7, 0.15, 0.05, 0.95, 0.6, 0.5, 0.3, 0.01, 0.9, 0.2];

function pick(sel: TagSelectionInput, p: number[] = probs, suppressed?: Set<string>): string[] {
  const prepared = prepareSelection(vocab, tagSelectionSchema.parse(sel));
  return selectTags(prepared, keepScores(p, vocab), suppressed).map((t) => t.tag);
}

describe('selected_tags.csv', () => {
  it('keeps row order, categories and post counts, and ignores extra columns', () => {
    expect(vocab.names).toHaveLength(11);
    expect(vocab.names[9]).toBe('saber_(fate)');
    expect([...vocab.codes.slice(0, 5)]).toEqual([9, 9, 9, 9, 0]);
    expect(vocab.postCounts[4]).toBe(5000);
    const pixai = parseSelectedTags('id,tag_id,name,category,count,ips\n0,12,"a,b",0,7,[]\n');
    expect(pixai.names).toEqual(['a,b']);
    expect(pixai.postCounts[0]).toBe(7);
  });
  it('rejects a file without the name/category columns', () => {
    expect(() => parseSelectedTags('foo,bar\n1,2\n')).toThrow(/name.*category/);
  });
});

describe('thresholds', () => {
  it('keeps general tags strictly above the general threshold, characters above theirs, characters first', () => {
    expect(pick({ general: 0.35, character: 0.85 })).toEqual(['saber (fate)', '1girl', 'long hair', '^_^']);
    // 0.5 is not > 0.5
    expect(pick({ general: 0.5, character: 0.95 })).toEqual(['1girl', 'long hair']);
    expect(pick({ general: 0.35, character: 0.1, characterFirst: false })).toEqual([
      '1girl', 'long hair', '^_^', 'saber (fate)', 'rem (re:zero)',
    ]);
  });
  it('orders general tags by score and caps them with maxGeneral', () => {
    expect(pick({ general: 0.25, character: 1, maxGeneral: 2 })).toEqual(['1girl', 'long hair']);
    expect(pick({ general: 0.25, character: 1 })).toEqual(['1girl', 'long hair', '^_^', 'smile']);
  });
});

describe('MCut', () => {
  it('is the midpoint of the largest gap, as the reference computes it', () => {
    // gaps: 0.05, 0.5, 0.05 → between 0.85 and 0.35
    expect(mcutThreshold([0.9, 0.85, 0.35, 0.3])).toBeCloseTo(0.6, 10);
    expect(mcutThreshold([0.4])).toBeCloseTo(0.2, 10);
    expect(mcutThreshold([])).toBe(Infinity);
  });
  it('applies per category, with the character floor of 0.15', () => {
    // general sorted: .95 .6 .5 .3 (.01 kept as the best below the floor) → largest gap .95-.6 → .775
    expect(pick({ generalMcut: true, character: 1 })).toEqual(['1girl']);
    // characters .9 .2 → .55; rem (0.2) drops, saber stays
    expect(pick({ general: 1, characterMcut: true })).toEqual(['saber (fate)']);
    // both characters low: MCut would be 0.1, the floor 0.15 keeps 0.12 out
    const low = [...probs];
    low[9] = 0.18;
    low[10] = 0.03;
    expect(pick({ general: 1, characterMcut: true }, low)).toEqual(['saber (fate)']);
    low[9] = 0.14;
    expect(pick({ general: 1, characterMcut: true }, low)).toEqual([]);
  });
  it('sees the gap below the storage floor', () => {
    // stored general scores are only 0.04 (floor 0.02): without the best score below the floor, MCut would have one value
    const p = [0.1, 0.7, 0.15, 0.05, 0.04, 0.019, 0.001, 0.001, 0.001, 0.001, 0.001];
    const kept = keepScores(p, vocab);
    expect([...kept.idx]).toContain(5);
    expect(pick({ generalMcut: true, character: 1 }, p)).toEqual(['1girl']);
  });
});

describe('rating', () => {
  it('adds the best rating tag first, or none', () => {
    expect(pick({ general: 0.55, character: 1, rating: 'best' })).toEqual(['sensitive', '1girl', 'long hair']);
    expect(pick({ general: 0.55, character: 1, rating: 'none' })).toEqual(['1girl', 'long hair']);
  });
  it('knows the best rating even when every rating score is under the storage floor', () => {
    const p = [0.001, 0.015, 0.002, 0.001, 0.95, 0, 0, 0, 0, 0, 0];
    expect(pick({ general: 0.5, character: 1, rating: 'best' }, p)).toEqual(['sensitive', '1girl']);
  });
});

describe('exclusion, always-first and suppressions', () => {
  it('drops excluded tags in any spelling', () => {
    expect(pick({ general: 0.35, character: 1, exclude: ['Long Hair', '1GIRL'] })).toEqual(['^_^']);
    expect(pick({ general: 0.35, character: 0.5, exclude: ['saber \\(fate\\)'] })).toEqual(['1girl', 'long hair', '^_^']);
  });
  it('moves always-first tags to the front in the given order, after the rating', () => {
    expect(pick({ general: 0.35, character: 0.5, alwaysFirst: ['^_^', 'long_hair', 'absent'], rating: 'best' })).toEqual([
      'sensitive', '^_^', 'long hair', 'saber (fate)', '1girl',
    ]);
  });
  it('never brings back a tag the user removed, whatever its spelling now', () => {
    const suppressed = new Set([tagKey('long hair')]);
    expect(pick({ general: 0.35, character: 1, underscores: 'keep' }, probs, suppressed)).toEqual(['1girl', '^_^']);
  });
});

describe('tag text', () => {
  it('turns underscores into spaces except in kaomoji', () => {
    const o = { underscores: 'space' as const, escapeParens: false };
    expect(displayTag('long_hair', o)).toBe('long hair');
    expect(displayTag('^_^', o)).toBe('^_^');
    expect(displayTag('o_o', o)).toBe('o_o');
    expect(displayTag('||_||', o)).toBe('||_||');
    expect(displayTag('long_hair', { ...o, underscores: 'keep' })).toBe('long_hair');
  });
  it('escapes parentheses for prompts, once', () => {
    expect(escapeParens('saber (fate)')).toBe('saber \\(fate\\)');
    expect(escapeParens('saber \\(fate\\)')).toBe('saber \\(fate\\)');
    expect(pick({ general: 1, character: 0.5, escapeParens: true })).toEqual(['saber \\(fate\\)']);
    expect(pick({ general: 1, character: 0.5, escapeParens: true, underscores: 'keep' })).toEqual(['saber_\\(fate\\)']);
  });
  it('gives one key to every spelling of a tag', () => {
    expect(tagKey('Saber_\\(Fate\\)')).toBe(tagKey('saber (fate)'));
  });
});

describe('stored scores', () => {
  it('round-trip through the blob form, from any byte offset', () => {
    const kept = keepScores(probs, vocab);
    const blob = encodeScores(kept);
    const shifted = Buffer.concat([Buffer.from([1, 2, 3]), blob]).subarray(3);
    const back = decodeScores(shifted);
    expect([...back.idx]).toEqual([...kept.idx]);
    expect([...back.score]).toEqual([...kept.score]);
    // highest first; one score under the floor per category is kept (the best below it), the others are not
    expect(keepScores([0.5, 0, 0, 0, 0.9, 0.01, 0.015, 0, 0, 0.3, 0], vocab).idx).toEqual(Uint32Array.from([4, 0, 9, 6, 1, 10]));
  });
  it('count what a selection yields', () => {
    const prepared = prepareSelection(vocab, tagSelectionSchema.parse({ general: 0.35, character: 0.85 }));
    const lists = [probs, probs.map(() => 0.01)].map((p) => selectIndices(prepared, keepScores(p, vocab)));
    expect(selectionStats(prepared, lists)).toEqual({
      scoredItems: 2, taggedItems: 1, tags: 4, distinctTags: 4, byCategory: { character: 1, general: 3 },
    });
  });
  it('find a threshold move from the scores between the thresholds, as selecting both sides would, and keep counts up to date', () => {
    const r = rng(11);
    const moves: [TagSelectionInput, TagSelectionInput][] = [
      [{ general: 0.35 }, { general: 0.55 }],
      [{ general: 0.6, character: 0.95 }, { general: 0.2, character: 0.1 }],
      [{ character: 0.85, characterFirst: false, alwaysFirst: ['hat', 'saber (fate)'] }, { character: 0.15, characterFirst: false, alwaysFirst: ['hat', 'saber (fate)'] }],
      [{ general: 0.5, characterMcut: true, exclude: ['smile'] }, { general: 0.1, characterMcut: true, exclude: ['smile'] }],
      [{ general: 0.5, maxGeneral: 2 }, { general: 0.5, character: 0.1, maxGeneral: 2 }],
    ];
    for (const [a, b] of moves) {
      const before = prepareSelection(vocab, tagSelectionSchema.parse(a));
      const after = prepareSelection(vocab, tagSelectionSchema.parse(b));
      const band = thresholdBand(before.settings, after.settings)!;
      expect(band).not.toBeNull();
      const items = Array.from({ length: 30 }, () => keepScores(probs.map(() => r()), vocab));
      const suppressed = new Set(['long hair']);
      const counts = selectionCounts(before, new Map(items.map((s, id) => [id, selectIndices(before, s, suppressed)])));
      items.forEach((s, id) => {
        const was = selectIndices(before, s, suppressed);
        const now = selectIndices(after, s, suppressed);
        const added = new Map<number, number>();
        const dropped: number[] = [];
        bandChanges(after, band, s, suppressed, (k, adding) => {
          if (adding) added.set(s.idx[k]!, tagPosition(after, s.idx[k]!, s.score[k]!));
          else dropped.push(s.idx[k]!);
          countChange(counts, after, id, s.idx[k]!, adding ? 1 : -1);
        });
        const wasPos = new Map(was.idx.map((i, k) => [i, was.position[k]!]));
        const nowPos = new Map(now.idx.map((i, k) => [i, now.position[k]!]));
        expect(new Map([...nowPos].filter(([i]) => !wasPos.has(i)))).toEqual(added);
        expect(was.idx.filter((i) => !nowPos.has(i)).sort()).toEqual(dropped.sort());
        // Tags on both sides keep their positions.
        for (const [i, pos] of nowPos) if (wasPos.has(i)) expect(wasPos.get(i)).toBe(pos);
      });
      expect(counts.stats).toEqual(selectionStats(after, items.map((s) => selectIndices(after, s, suppressed))));
    }
    // Other changes are not threshold moves.
    const base = tagSelectionSchema.parse({});
    expect(thresholdBand(base, tagSelectionSchema.parse({ generalMcut: true }))).toBeNull();
    expect(thresholdBand(base, tagSelectionSchema.parse({ general: 0.5, underscores: 'keep' }))).toBeNull();
    expect(thresholdBand(tagSelectionSchema.parse({ generalMcut: true }), tagSelectionSchema.parse({ generalMcut: true, general: 0.2 }))).toBeNull();
    expect(thresholdBand(tagSelectionSchema.parse({ maxGeneral: 3 }), tagSelectionSchema.parse({ maxGeneral: 3, general: 0.2 }))).toBeNull();
  });
});
