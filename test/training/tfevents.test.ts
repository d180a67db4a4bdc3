import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdirSync, readFileSync, truncateSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { RecordWriter } from 'tfrecord';
import { maskedCrc32c as referenceMaskedCrc } from 'tfrecord/lib/crc32c';
import { describe, expect, it } from 'vitest';
import {
  EventDecoder,
  EventTailer,
  SeriesBuilder,
  crc32c,
  downsample,
  maskedCrc32c,
  scanRecords,
  tagAxis,
  tagGroup,
} from '../../src/core/training/tfevents';
import { REPO, tmpDir } from '../helpers/tmp';
import { encodeEvent, frame, scalarRecord } from './tfevents-encode';

type Point = [tag: string, step: number, value: number];

function decodeAll(buf: Buffer): Point[] {
  const out: Point[] = [];
  const d = new EventDecoder();
  scanRecords(buf, 0, buf.length, (s, e) => d.decode(buf, s, e, (tag, step, value) => out.push([tag, step, value])));
  return out;
}

describe('crc32c', () => {
  it('matches the standard check value and the tfrecord package on random data', () => {
    expect(crc32c(Buffer.from('123456789'))).toBe(0xe3069283);
    expect(crc32c(Buffer.alloc(0))).toBe(0);
    for (let n = 0; n < 70; n += 3) {
      const b = randomBytes(n);
      expect(maskedCrc32c(b)).toBe(referenceMaskedCrc(b));
    }
    const big = randomBytes(100_003);
    expect(maskedCrc32c(big, 5, 100_000)).toBe(referenceMaskedCrc(big.subarray(5, 100_000)));
  });
});

describe('TFRecord framing', () => {
  it('reads records written by the tfrecord package', async () => {
    const dir = tmpDir();
    const file = join(dir, 'x.tfrecord');
    const w = await RecordWriter.create(file);
    const payloads = [Buffer.from('a'), Buffer.alloc(0), randomBytes(1000), Buffer.from('last')];
    for (const p of payloads) await w.writeRecord(p);
    await w.close();
    const buf = readFileSync(file);
    const got: Buffer[] = [];
    const scan = scanRecords(buf, 0, buf.length, (s, e) => got.push(Buffer.from(buf.subarray(s, e))));
    expect(scan).toEqual({ consumed: buf.length, records: 4, error: null });
    expect(got).toEqual(payloads);
  });

  it('leaves a record cut off at any byte for the next read', () => {
    const a = scalarRecord('loss/current', 1, 0.5);
    const b = scalarRecord('loss/current', 2, 0.25);
    const all = Buffer.concat([a, b]);
    for (let cut = a.length; cut < all.length; cut++) {
      const scan = scanRecords(all, 0, cut, () => {});
      expect(scan).toEqual({ consumed: a.length, records: 1, error: null });
    }
  });

  it('stops at a record whose length or data CRC is wrong', () => {
    const a = scalarRecord('loss/current', 1, 0.5);
    const b = scalarRecord('loss/current', 2, 0.25);
    const badData = Buffer.concat([a, b]);
    badData[a.length + 14]! ^= 0xff; // inside b's data
    expect(scanRecords(badData, 0, badData.length, () => {})).toEqual({ consumed: a.length, records: 1, error: { offset: a.length, reason: 'data-crc' } });
    const badLen = Buffer.concat([a, b]);
    badLen[a.length + 9]! ^= 0x01; // b's length CRC
    expect(scanRecords(badLen, 0, badLen.length, () => {}).error).toEqual({ offset: a.length, reason: 'length-crc' });
  });
});

describe('Event decoding', () => {
  it('reads simple_value scalars with their step and wall time, and nothing from a file_version event', () => {
    const buf = Buffer.concat([
      frame(encodeEvent({ wallTime: 1700000000.5, step: 0, fileVersion: 'brain.Event:2' })),
      frame(encodeEvent({ wallTime: 1700000001.25, step: 300_000, values: [{ tag: 'loss/current', simple: 0.125 }, { tag: 'lr/unet', simple: 1e-4 }] })),
    ]);
    const walls: number[] = [];
    const pts: Point[] = [];
    const d = new EventDecoder();
    scanRecords(buf, 0, buf.length, (s, e) => d.decode(buf, s, e, (tag, step, v, wall) => (pts.push([tag, step, v]), walls.push(wall))));
    expect(pts).toEqual([
      ['loss/current', 300_000, 0.125],
      ['lr/unet', 300_000, Math.fround(1e-4)],
    ]);
    expect(walls).toEqual([1700000001.25, 1700000001.25]);
  });

  it('reads one-element tensors the way TF2 and new-style writers store scalars', () => {
    const DT_FLOAT = 1;
    const DT_DOUBLE = 2;
    const DT_INT64 = 9;
    const DT_HALF = 19;
    const buf = Buffer.concat([
      // metadata only on the tag's first event, as TF2 writes it
      frame(encodeEvent({ wallTime: 1, step: 1, values: [{ tag: 'a', plugin: 'scalars', tensor: { dtype: DT_FLOAT, floatVal: [0.5] } }] })),
      frame(encodeEvent({ wallTime: 2, step: 2, values: [{ tag: 'a', tensor: { dtype: DT_FLOAT, content: [...Buffer.from(new Float32Array([0.75]).buffer)] } }] })),
      frame(encodeEvent({ wallTime: 3, step: 3, values: [{ tag: 'b', tensor: { dtype: DT_DOUBLE, content: [...Buffer.from(new Float64Array([2.5]).buffer)] } }] })),
      frame(encodeEvent({ wallTime: 4, step: 4, values: [{ tag: 'c', tensor: { dtype: DT_DOUBLE, doubleVal: [-1.5] } }] })),
      frame(encodeEvent({ wallTime: 5, step: 5, values: [{ tag: 'd', tensor: { dtype: DT_HALF, halfVal: [0x3c00] } }] })), // 1.0 in fp16
      frame(encodeEvent({ wallTime: 6, step: 6, values: [{ tag: 'e', tensor: { dtype: DT_INT64, content: [...Buffer.from(new BigInt64Array([42n]).buffer)] } }] })),
      frame(encodeEvent({ wallTime: 7, step: 7, values: [{ tag: 'f', tensor: { dtype: DT_FLOAT, dims: [1], floatVal: [3] } }] })),
    ]);
    expect(decodeAll(buf)).toEqual([
      ['a', 1, 0.5],
      ['a', 2, 0.75],
      ['b', 3, 2.5],
      ['c', 4, -1.5],
      ['d', 5, 1],
      ['e', 6, 42],
      ['f', 7, 3],
    ]);
  });

  it('skips tensors of other plugins and tensors with more than one element', () => {
    const buf = Buffer.concat([
      frame(encodeEvent({ wallTime: 1, step: 1, values: [{ tag: 'hp', plugin: 'hparams', tensor: { dtype: 1, floatVal: [1] } }] })),
      // later event of the same tag, no metadata: still not a scalar
      frame(encodeEvent({ wallTime: 2, step: 2, values: [{ tag: 'hp', tensor: { dtype: 1, floatVal: [2] } }] })),
      frame(encodeEvent({ wallTime: 3, step: 3, values: [{ tag: 'vec', tensor: { dtype: 1, dims: [2], floatVal: [1, 2] } }] })),
      frame(encodeEvent({ wallTime: 4, step: 4, values: [{ tag: 'ok', simple: 9 }] })),
    ]);
    expect(decodeAll(buf)).toEqual([['ok', 4, 9]]);
  });

  it('passes NaN and infinite losses through (the supervisor acts on them)', () => {
    const buf = Buffer.concat([scalarRecord('loss/current', 1, NaN), scalarRecord('loss/current', 2, Infinity)]);
    const pts = decodeAll(buf);
    expect(Number.isNaN(pts[0]![2])).toBe(true);
    expect(pts[1]![2]).toBe(Infinity);
  });

  it('throws on a malformed protobuf instead of reading garbage', () => {
    const bad = Buffer.from([0x2a, 0x10, 0x0a]); // summary claims 16 bytes, has 1
    expect(() => new EventDecoder().decode(bad, 0, bad.length, () => {})).toThrow(RangeError);
  });
});

describe('EventTailer', () => {
  it('reads only appended bytes, finishes records cut at EOF and picks up new files', () => {
    const dir = tmpDir();
    const run1 = join(dir, '20260101120000', 'network_train');
    mkdirSync(run1, { recursive: true });
    const f1 = join(run1, 'events.out.tfevents.1767268800.host.1.1');
    const recs = Array.from({ length: 10 }, (_, i) => scalarRecord('loss/current', i + 1, i / 10));
    const bytes = Buffer.concat(recs);
    const got: Point[] = [];
    const files = new Set<string>();
    const sink = (file: string, tag: string, step: number, v: number): void => {
      files.add(file);
      got.push([tag, step, v]);
    };
    const t = new EventTailer(dir);
    expect(t.poll(sink).records).toBe(0);
    // Write in odd-sized pieces: each poll sees only whole records.
    let written = 0;
    for (const piece of [7, 30, 1, 100, 55, bytes.length]) {
      const end = Math.min(bytes.length, written + piece);
      appendFileSync(f1, bytes.subarray(written, end));
      written = end;
      t.poll(sink);
    }
    expect(got.map((p) => p[1])).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    const r = t.poll(sink);
    expect(r).toEqual({ records: 0, bytes: 0, problems: [] });

    // A resumed launch writes a new file in a new folder.
    const run2 = join(dir, '20260101130000', 'network_train');
    mkdirSync(run2, { recursive: true });
    writeFileSync(join(run2, 'events.out.tfevents.1767272400.host.2.1'), scalarRecord('loss/epoch', 1, 0.3));
    writeFileSync(join(run2, 'not-an-event-file.txt'), 'x');
    t.poll(sink);
    expect(got.at(-1)).toEqual(['loss/epoch', 1, Math.fround(0.3)]);
    expect([...files].sort()).toEqual([
      join('20260101120000', 'network_train', 'events.out.tfevents.1767268800.host.1.1'),
      join('20260101130000', 'network_train', 'events.out.tfevents.1767272400.host.2.1'),
    ]);
  });

  it('continues from saved offsets without repeating points', () => {
    const dir = tmpDir();
    const f = join(dir, 'events.out.tfevents.1.h.1.1');
    writeFileSync(f, Buffer.concat([scalarRecord('x', 1, 1), scalarRecord('x', 2, 2)]));
    const a = new EventTailer(dir);
    a.poll(() => {});
    appendFileSync(f, scalarRecord('x', 3, 3));
    const steps: number[] = [];
    new EventTailer(dir, a.state()).poll((_f, _t, step) => steps.push(step));
    expect(steps).toEqual([3]);
  });

  it('starts a truncated file over and reports a corrupt record once', () => {
    const dir = tmpDir();
    const f = join(dir, 'events.out.tfevents.1.h.1.1');
    writeFileSync(f, Buffer.concat([scalarRecord('x', 1, 1), scalarRecord('x', 2, 2)]));
    const t = new EventTailer(dir);
    const steps: number[] = [];
    const sink = (_f: string, _t: string, step: number): void => void steps.push(step);
    t.poll(sink);
    truncateSync(f, 0);
    writeFileSync(f, scalarRecord('x', 7, 7));
    t.poll(sink);
    expect(steps).toEqual([1, 2, 7]);

    const bad = scalarRecord('x', 8, 8);
    bad[15]! ^= 0xff;
    appendFileSync(f, bad);
    const first = t.poll(sink);
    expect(first.problems).toEqual([{ file: 'events.out.tfevents.1.h.1.1', offset: scalarRecord('x', 7, 7).length, reason: 'data-crc' }]);
    expect(t.poll(sink).problems).toEqual([]);
    expect(steps).toEqual([1, 2, 7]);
  });
});

describe('series', () => {
  it('puts epoch-level tags on the epoch axis', () => {
    expect(tagAxis('loss/current')).toBe('step');
    expect(tagAxis('lr/unet')).toBe('step');
    expect(tagAxis('loss/epoch')).toBe('epoch');
    expect(tagAxis('loss/epoch_average')).toBe('epoch');
    expect(tagAxis('loss/validation/epoch_average')).toBe('epoch');
    expect(tagAxis('loss/validation/step_average')).toBe('step');
    expect(tagGroup('lr/d*lr/unet')).toBe('lr');
  });

  it('keeps the last value of a repeated step and sorts out-of-order points', () => {
    const s = new SeriesBuilder();
    s.add('loss/current', 1, 0.5, 10);
    s.add('loss/current', 1, 0.4, 11); // gradient accumulation: same global step again
    s.add('loss/current', 3, 0.3, 13);
    s.add('loss/current', 2, 0.2, 12);
    s.add('loss/current', 3, 0.1, 14);
    s.add('loss/epoch', 1, 0.35, 15);
    const [cur, ep] = s.build();
    expect(cur).toMatchObject({ tag: 'loss/current', axis: 'step', group: 'loss', steps: [1, 2, 3], values: [0.4, 0.2, 0.1], wallTimes: [11, 12, 14] });
    expect(ep).toMatchObject({ tag: 'loss/epoch', axis: 'epoch', steps: [1], values: [0.35] });
  });

  it('downsamples while keeping spikes and the last point', () => {
    const s = new SeriesBuilder();
    for (let i = 1; i <= 10_000; i++) s.add('loss/current', i, i === 5000 ? 99 : 0.1 + (i % 7) / 100, i);
    const full = s.build()[0]!;
    const d = downsample(full, 300);
    expect(d.steps.length).toBeLessThanOrEqual(301);
    expect(d.values).toContain(99);
    expect(d.steps.at(-1)).toBe(10_000);
    expect(downsample(full, 20_000)).toBe(full);
  });
});

describe('event files written by the stand-in engine', () => {
  it('parses the Python writer output: simple values, tensors with metadata, split writes', () => {
    const dir = tmpDir();
    const script = `
import sys
from standin.tfevents import EventWriter
for style, sub in ((False, 'simple'), (True, 'tensor')):
    w = EventWriter(sys.argv[1] + '/' + sub, flush_secs=1e9, max_queue=0, tensor_scalars=style, split_writes=True)
    for step in range(1, 6):
        w.add_scalar('loss/current', step / 10, step)
        w.add_scalar('lr/unet', 1e-4, step)
    w.add_scalar('loss/epoch', 0.3, 1)
    w.close()
`;
    execFileSync('python3', ['-c', script, dir], { cwd: join(REPO, 'engines', 'standin') });
    const s = new SeriesBuilder();
    const res = new EventTailer(dir).poll((_f, tag, step, v, wall) => s.add(tag, step, v, wall));
    expect(res.problems).toEqual([]);
    expect(res.records).toBe(2 * 12); // file_version + 11 scalars, per file
    const series = s.build();
    expect(series.map((x) => [x.tag, x.axis, x.steps.length])).toEqual([
      ['loss/current', 'step', 5],
      ['loss/epoch', 'epoch', 1],
      ['lr/unet', 'step', 5],
    ]);
    expect(series[0]!.values).toEqual([0.1, 0.2, 0.3, 0.4, 0.5].map(Math.fround));
  });
});
