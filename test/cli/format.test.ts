import { describe, expect, it } from 'vitest';
import { formatBytes, formatDuration, formatRate, oneLine, plural, table } from '../../src/cli/format';
import { describeJob, resultCounts } from '../../src/cli/job-report';
import { ProgressView, renderBar, renderLine } from '../../src/cli/progress';
import type { Job } from '../../src/shared/contract';

describe('CLI formatting', () => {
  it('formats sizes, durations and rates', () => {
    expect(formatBytes(null)).toBe('-');
    expect(formatBytes(512)).toBe('512 B');
    expect(formatBytes(1536)).toBe('1.5 KB');
    expect(formatBytes(50 * 1024 * 1024)).toBe('50 MB');
    expect(formatDuration(null)).toBe('--:--');
    expect(formatDuration(5)).toBe('00:05');
    expect(formatDuration(3725)).toBe('1:02:05');
    expect(formatRate(null)).toBe('- files/s');
    expect(formatRate(12.34)).toBe('12.3 files/s');
    expect(formatRate(250.4)).toBe('250 files/s');
  });

  it('aligns tables and shortens lines', () => {
    expect(table([['A', 'BB', 'x'], ['CCC', 'D', 'y']])).toBe('A    BB  x\nCCC  D   y');
    expect(oneLine('a\n b\tc', 10)).toBe('a b c');
    expect(oneLine('abcdefghijkl', 5)).toBe('abcd…');
    expect(plural(1, 'item')).toBe('1 item');
    expect(plural(2, 'item')).toBe('2 items');
  });

  it('draws a bar that fits the terminal, with done/total, percent, rate and ETA', () => {
    const p = { label: 'Import', done: 25, total: 100, rate: 5, etaSeconds: 15 };
    const bar = renderBar(p, 100);
    expect(bar).toContain('[##########------------------------------]');
    expect(bar).toContain('25/100');
    expect(bar).toContain('25%');
    expect(bar).toContain('5.0 files/s');
    expect(bar).toContain('ETA 00:15');
    expect(bar.length).toBeLessThan(100);
    expect(renderBar(p, 40).length).toBeLessThan(40);
    expect(renderBar({ ...p, total: 0, done: 0 }, 80)).toContain('0/?');
    expect(renderLine(p)).toBe('Import: 25/100 (25%), 5.0 files/s, ETA 00:15');
    // Each job's own unit: pictures for tagging, sizes for a download.
    expect(renderLine({ ...p, unit: 'pictures' })).toBe('Import: 25/100 (25%), 5.0 pictures/s, ETA 00:15');
    expect(renderLine({ ...p, unit: 'bytes', done: 3 * 1024 * 1024, total: 12 * 1024 * 1024, rate: 1.5 * 1024 * 1024 })).toBe(
      'Import: 3.0 MB/12 MB (25%), 1.5 MB/s, ETA 00:15',
    );
    expect(renderBar({ ...p, unit: 'bytes', done: 2048, total: 4096 }, 100)).toContain('2.0 KB/4.0 KB');
  });

  it('summarises a job generically from its numeric result fields and lists its file errors', () => {
    const job: Job = {
      id: 3, kind: 'import', status: 'done', title: 'Import into Faces', datasetId: 1, done: 10, total: 10, unit: 'files', rate: null,
      etaSeconds: null, message: null, errorCount: 1, error: null, result: { added: 9, duplicates: 1, note: 'x' },
      createdAt: '2025-01-01T00:00:00.000Z', startedAt: '2025-01-01T00:00:00.000Z', finishedAt: '2025-01-01T00:00:02.500Z',
    };
    expect(resultCounts(job.result)).toBe('added 9, duplicates 1');
    expect(resultCounts(null)).toBe('');
    const text = describeJob(job, [{ path: 'bad.jpg', code: 'CORRUPT', message: 'The picture is truncated.' }]);
    expect(text).toContain('Import into Faces (#3) done in 2.5 s: 10/10 (added 9, duplicates 1)');
    expect(text).toContain('1 problem:');
    expect(text).toMatch(/bad\.jpg\s+CORRUPT\s+The picture is truncated\./);
  });

  it('redraws one line on a terminal and writes plain lines elsewhere', () => {
    const job = { id: 1, title: 'Import', status: 'running', done: 3, total: 10, rate: 2, etaSeconds: 3.5 } as Job;
    const fake = (isTTY: boolean) => {
      const writes: string[] = [];
      return { writes, stream: { isTTY, columns: 80, write: (s: string) => writes.push(s) } as unknown as NodeJS.WriteStream };
    };
    const tty = fake(true);
    const view = new ProgressView(tty.stream);
    view.update(job);
    view.update({ ...job, done: 4 }); // within the redraw interval: skipped
    view.clear();
    expect(tty.writes).toHaveLength(2);
    expect(tty.writes[0]).toMatch(/^\r.*3\/10.*\x1b\[K$/);
    expect(tty.writes[1]).toBe('\r\x1b[K');

    const log = fake(false);
    new ProgressView(log.stream).update(job);
    expect(log.writes).toEqual(['Import: 3/10 (30%), 2.0 files/s, ETA 00:04\n']);
  });
});
