import { maskedCrc32c } from './crc32c';

/** TFRecord framing: uint64 length (LE), masked CRC-32C of those 8 bytes, the data, masked CRC-32C of the data. */
/** Event records are small; anything this large is a corrupt length field, not a record to wait for. */
const MAX_RECORD = 64 * 1024 * 1024;

export type RecordErrorReason = 'length-crc' | 'data-crc' | 'length-too-large';

export interface RecordScan {
  /** Offset just past the last complete, valid record: where the next scan starts. A record cut off at the end
   * (the writer is mid-flush) is left unconsumed. */
  consumed: number;
  records: number;
  /** Set when a record failed its checks; scanning stopped at error.offset. */
  error: { offset: number; reason: RecordErrorReason } | null;
}

function u32(b: Uint8Array, i: number): number {
  return (b[i]! | (b[i + 1]! << 8) | (b[i + 2]! << 16) | (b[i + 3]! << 24)) >>> 0;
}

/** Calls onRecord(dataStart, dataEnd) for every complete record of buf[from, end) whose CRCs check. */
export function scanRecords(
  buf: Uint8Array,
  from: number,
  end: number,
  onRecord: (start: number, end: number) => void,
): RecordScan {
  let pos = from;
  let records = 0;
  while (end - pos >= 12) {
    const len = u32(buf, pos);
    const hi = u32(buf, pos + 4);
    if (u32(buf, pos + 8) !== maskedCrc32c(buf, pos, pos + 8)) return { consumed: pos, records, error: { offset: pos, reason: 'length-crc' } };
    if (hi !== 0 || len > MAX_RECORD) return { consumed: pos, records, error: { offset: pos, reason: 'length-too-large' } };
    const dataStart = pos + 12;
    const dataEnd = dataStart + len;
    if (dataEnd + 4 > end) break; // partial record: wait for the rest
    if (u32(buf, dataEnd) !== maskedCrc32c(buf, dataStart, dataEnd)) {
      return { consumed: pos, records, error: { offset: pos, reason: 'data-crc' } };
    }
    onRecord(dataStart, dataEnd);
    records++;
    pos = dataEnd + 4;
  }
  return { consumed: pos, records, error: null };
}
