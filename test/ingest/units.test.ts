import { describe, expect, it, vi } from 'vitest';
import { EventBus } from '../../src/core/events';
import { captionFor, captionIndex, fileKind, skipReason } from '../../src/core/ingest/file-kinds';
import { decodeError, endsEarly, tooLarge } from '../../src/core/media/renditions-errors';
import { ItemEvents } from '../../src/core/ingest/item-events';
import { prefixRange } from '../../src/core/ingest/item-writes';
import { unsafeEntryName } from '../../src/core/ingest/zip';

describe('file kinds', () => {
  it('tells pictures, captions, archives, junk and the rest apart by name', () => {
    expect(fileKind('a.JPG')).toBe('picture');
    expect(fileKind('b.webp')).toBe('picture');
    expect(fileKind('a.txt')).toBe('caption');
    expect(fileKind('a.caption')).toBe('caption');
    expect(fileKind('set.zip')).toBe('archive');
    expect(fileKind('.DS_Store')).toBe('junk');
    expect(fileKind('Thumbs.db')).toBe('junk');
    expect(fileKind('._photo.jpg')).toBe('junk');
    expect(fileKind('raw.HEIC')).toBe('unsupported-picture');
    expect(fileKind('notes.pdf')).toBe('other');
    expect(skipReason('raw.heic', 'unsupported-picture').code).toBe('UNSUPPORTED_FORMAT');
    expect(skipReason('notes.pdf', 'other')).toMatchObject({ code: 'NOT_A_PICTURE', message: expect.stringContaining('.pdf') });
  });

  it('pairs pictures with their sidecar, .txt before .caption, ignoring case', () => {
    const idx = captionIndex(['A.jpg', 'a.caption', 'a.TXT', 'b.png', 'b.caption', 'c.jpg', 'dir/d.jpg', 'dir/d.txt']);
    expect(captionFor('A.jpg', idx)).toBe('a.TXT');
    expect(captionFor('b.png', idx)).toBe('b.caption');
    expect(captionFor('c.jpg', idx)).toBeNull();
    expect(captionFor('dir/d.jpg', idx)).toBe('dir/d.txt');
  });
});

describe('item errors', () => {
  it('sees a missing end marker', () => {
    expect(endsEarly('jpeg', Uint8Array.from([1, 2, 0xff, 0xd9]))).toBe(false);
    expect(endsEarly('jpeg', Uint8Array.from([1, 2, 0xff, 0xd9, 0, 0]))).toBe(false);
    expect(endsEarly('jpeg', Uint8Array.from([1, 2, 3, 4]))).toBe(true);
    const iend = Buffer.concat([Buffer.alloc(4), Buffer.from('IEND'), Buffer.from([0xae, 0x42, 0x60, 0x82])]);
    expect(endsEarly('png', iend)).toBe(false);
    expect(endsEarly('png', iend.subarray(0, 10))).toBe(true);
    expect(endsEarly('webp', Uint8Array.from([1]))).toBe(false);
  });

  it('maps decoder messages to codes', () => {
    expect(decodeError('Input buffer contains unsupported image format', false).code).toBe('NOT_A_PICTURE');
    expect(decodeError('VipsJpeg: premature end of JPEG image', false).code).toBe('TRUNCATED');
    expect(decodeError('VipsJpeg: Corrupt JPEG data: premature end of data segment', false).code).toBe('CORRUPT');
    expect(decodeError('pngload_buffer: libspng read error', true).code).toBe('TRUNCATED');
    expect(decodeError('pngload_buffer: libspng read error', false).code).toBe('CORRUPT');
    expect(decodeError('Input image exceeds pixel limit', false).code).toBe('TOO_LARGE');
    expect(tooLarge(20000, 10000, 178_956_970).message).toMatch(/20000×10000 \(200 MP\).*179 MP/);
  });
});

describe('zip entry names', () => {
  it('rejects names that would land outside the target folder', () => {
    expect(unsafeEntryName('photos/a.jpg')).toBeNull();
    expect(unsafeEntryName('../evil.jpg')).toMatch(/relative/);
    expect(unsafeEntryName('a/../../evil.jpg')).toMatch(/relative/);
    expect(unsafeEntryName('/etc/evil.jpg')).toMatch(/absolute/);
    expect(unsafeEntryName('C:/evil.jpg')).toMatch(/absolute|drive/);
    expect(unsafeEntryName('a/C:evil.jpg')).toMatch(/drive/);
    expect(unsafeEntryName('a\0.jpg')).toMatch(/NUL/);
  });
});

describe('prefix ranges', () => {
  it('bounds exactly the strings under a folder', () => {
    const [lo, hi] = prefixRange('/a/b/');
    const inside = (s: string) => s >= lo && s < hi;
    expect(inside('/a/b/c.jpg')).toBe(true);
    expect(inside('/a/b/d/e.jpg')).toBe(true);
    expect(inside('/a/b.jpg')).toBe(false);
    expect(inside('/a/bc/x.jpg')).toBe(false);
    expect(inside('/a/b0')).toBe(false);
  });
});

describe('item events', () => {
  it('sends the first change at once and batches the rest', () => {
    vi.useFakeTimers();
    try {
      const bus = new EventBus();
      const seen: (number[] | undefined)[] = [];
      bus.subscribe('dataset.changed', (e) => seen.push(e.itemIds));
      const ev = new ItemEvents(bus, 200, 3);
      ev.add(1, [1]);
      expect(seen).toEqual([[1]]);
      ev.add(1, [2]);
      ev.add(1, [3]);
      expect(seen).toHaveLength(1);
      vi.advanceTimersByTime(200);
      expect(seen).toEqual([[1], [2, 3]]);
      ev.add(1, [4, 5, 6, 7]);
      vi.advanceTimersByTime(200);
      expect(seen).toHaveLength(3);
      expect(seen[2]).toBeUndefined(); // too many ids: "reload"
    } finally {
      vi.useRealTimers();
    }
  });
});
