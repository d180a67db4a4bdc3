import { describe, expect, it } from 'vitest';
import { captionLine, conceptNameFrom, conceptNameProblem, planKohyaExport, type ExportItem } from '../../src/core/export';

let nextId = 1;
function item(relPath: string, over: Partial<ExportItem> = {}): ExportItem {
  return {
    id: nextId++, relPath, absPath: `/src/${relPath}`, status: 'ready', errorCode: null, error: null,
    role: 'target', pairKey: null, caption: null, tags: [], ...over,
  };
}

describe('caption files', () => {
  it('use the caption, else the tags in order joined by ", ", else the concept name; always one line', () => {
    expect(captionLine('  a girl\nwith  green hair \r\n', ['x'], 'zoe')).toBe('a girl with green hair');
    expect(captionLine('', ['1girl', 'green hair', ' smile '], 'zoe')).toBe('1girl, green hair, smile');
    expect(captionLine('   ', [], 'zoe')).toBe('zoe');
    expect(captionLine(null, ['a, b'], 'zoe')).toBe('a, b');
  });
});

describe('planning a kohya export', () => {
  it('keeps names, and renames later same-stem files (any case, any extension, any folder) with -2, -3', () => {
    const plan = planKohyaExport([
      item('b/Cat.png'), item('a/cat.png'), item('a/cat.jpg'), item('cat-2.png'), item('c/d/dog.webp'),
    ], { conceptName: 'pets', controlPairs: false });
    expect(plan.images.map((i) => [i.src, i.name, i.captionName])).toEqual([
      ['/src/a/cat.jpg', 'cat.jpg', 'cat.txt'],
      ['/src/a/cat.png', 'cat-2.png', 'cat-2.txt'],
      ['/src/b/Cat.png', 'Cat-3.png', 'Cat-3.txt'],
      ['/src/c/d/dog.webp', 'dog.webp', 'dog.txt'],
      ['/src/cat-2.png', 'cat-2-2.png', 'cat-2-2.txt'],
    ]);
    expect(new Set(plan.images.map((i) => i.name.toLowerCase().replace(/\.[^.]+$/, ''))).size).toBe(5);
  });

  it('skips items that are not ready, with the reason, and ignores control pictures outside control-pair datasets', () => {
    const plan = planKohyaExport([
      item('ok.png', { caption: 'fine' }),
      item('bad.png', { status: 'error', errorCode: 'DECODE', error: 'The file is truncated.' }),
      item('gone.png', { status: 'missing' }),
      item('wait.png', { status: 'pending' }),
      item('ctl.png', { role: 'control', pairKey: 'k' }),
    ], { conceptName: 'c', controlPairs: false });
    expect(plan.images.map((i) => i.name)).toEqual(['ok.png']);
    expect(plan.images[0]!.caption).toBe('fine');
    expect(plan.skipped).toEqual([
      { path: '/src/bad.png', code: 'DECODE', message: 'Not exported: The file is truncated.' },
      { path: '/src/gone.png', code: 'MISSING', message: expect.stringContaining('no longer on disk') },
      { path: '/src/wait.png', code: 'NOT_READY', message: expect.stringContaining('export again') },
    ]);
  });

  it('pairs control pictures with their target by pair_key and names them after it', () => {
    const plan = planKohyaExport([
      item('targets/a.png', { pairKey: 'p1' }),
      item('targets/b.png', { pairKey: 'p2' }),
      item('targets/lonely.png', { pairKey: 'p3' }),
      item('start/a_start.jpg', { role: 'control', pairKey: 'p1' }),
      item('start/b0.jpg', { role: 'control', pairKey: 'p2' }),
      item('start/b1.webp', { role: 'control', pairKey: 'p2' }),
      item('start/broken.jpg', { role: 'control', pairKey: 'p3', status: 'error', error: 'bad' }),
    ], { conceptName: 'edit', controlPairs: true });
    expect(plan.images.map((i) => [i.name, i.controls.map((c) => [c.src, c.name])])).toEqual([
      ['a.png', [['/src/start/a_start.jpg', 'a.jpg']]],
      ['b.png', [['/src/start/b0.jpg', 'b_0.jpg'], ['/src/start/b1.webp', 'b_1.webp']]],
    ]);
    expect(plan.skipped).toEqual([expect.objectContaining({ path: '/src/targets/lonely.png', code: 'NO_CONTROL' })]);
  });
});

describe('concept names', () => {
  it('refuses names that cannot be folder names and cleans dataset names', () => {
    expect(conceptNameProblem('zoe')).toBeNull();
    expect(conceptNameProblem('a/b')).toMatch(/cannot contain/);
    expect(conceptNameProblem('a:b')).toMatch(/cannot contain/);
    expect(conceptNameProblem('..')).toMatch(/cannot be/);
    expect(conceptNameProblem('name.')).toMatch(/end with a dot/);
    expect(conceptNameFrom('Portraits: 2024/25?')).toBe('Portraits_ 2024_25_');
    expect(conceptNameFrom('...')).toBe('dataset');
  });
});
