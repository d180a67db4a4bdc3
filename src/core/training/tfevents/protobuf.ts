/** A minimal protobuf wire-format reader: just what decoding TensorBoard events needs. One instance is reused
 * for every message (no allocation per field), which is what keeps a million-event file fast. */

export const WT_VARINT = 0;
export const WT_I64 = 1;
export const WT_LEN = 2;
export const WT_I32 = 5;

export class ProtoReader {
  buf: Buffer = Buffer.alloc(0);
  pos = 0;
  end = 0;

  reset(buf: Buffer, start: number, end: number): this {
    this.buf = buf;
    this.pos = start;
    this.end = end;
    return this;
  }

  /** An unsigned varint as a JS number (exact up to 2^53; steps and sizes never go beyond). */
  varint(): number {
    const b = this.buf;
    if (this.pos < this.end && b[this.pos]! < 0x80) return b[this.pos++]!; // the common one-byte case
    let result = 0;
    let mul = 1;
    for (let i = 0; i < 10; i++) {
      if (this.pos >= this.end) throw new RangeError('Truncated varint.');
      const byte = b[this.pos++]!;
      result += (byte & 0x7f) * mul;
      if (byte < 0x80) return result;
      mul *= 128;
    }
    throw new RangeError('Varint longer than 10 bytes.');
  }

  /** A field key; returns [fieldNumber, wireType] packed as fieldNumber * 8 + wireType (the raw key). */
  key(): number {
    return this.varint();
  }

  double(): number {
    const v = this.buf.readDoubleLE(this.pos);
    this.pos += 8;
    return v;
  }

  float(): number {
    const v = this.buf.readFloatLE(this.pos);
    this.pos += 4;
    return v;
  }

  /** Reads a length prefix; returns the end offset of the delimited bytes starting at this.pos. */
  delimited(): number {
    const len = this.varint();
    const end = this.pos + len;
    if (end > this.end) throw new RangeError('Length-delimited field runs past its message.');
    return end;
  }

  skip(wireType: number): void {
    switch (wireType) {
      case WT_VARINT:
        this.varint();
        return;
      case WT_I64:
        this.pos += 8;
        break;
      case WT_LEN:
        this.pos = this.delimited();
        return;
      case WT_I32:
        this.pos += 4;
        break;
      default:
        throw new RangeError(`Unsupported wire type ${wireType}.`);
    }
    if (this.pos > this.end) throw new RangeError('Field runs past its message.');
  }
}
