import { ProtoReader, WT_I32, WT_I64, WT_LEN, WT_VARINT } from './protobuf';

/** Receives each scalar of an event: TensorBoard's (tag, step, value, wall time in seconds). */
export type ScalarSink = (tag: string, step: number, value: number, wallTime: number) => void;

const k = (field: number, wireType: number): number => field * 8 + wireType;

// tensorflow/core/framework/types.proto
const DT_FLOAT = 1;
const DT_DOUBLE = 2;
const DT_INT32 = 3;
const DT_INT64 = 9;
const DT_BFLOAT16 = 14;
const DT_HALF = 19;

const f16 = new DataView(new ArrayBuffer(4));

function halfToFloat(bits: number): number {
  const sign = bits & 0x8000 ? -1 : 1;
  const exp = (bits >> 10) & 0x1f;
  const frac = bits & 0x3ff;
  if (exp === 0) return sign * 2 ** -14 * (frac / 1024);
  if (exp === 0x1f) return frac ? NaN : sign * Infinity;
  return sign * 2 ** (exp - 15) * (1 + frac / 1024);
}

function bfloat16ToFloat(bits: number): number {
  f16.setUint32(0, (bits & 0xffff) << 16);
  return f16.getFloat32(0);
}

function sameBytes(a: Uint8Array, b: Uint8Array, start: number, end: number): boolean {
  if (a.length !== end - start) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[start + i]) return false;
  return true;
}

/** Interns tag strings: a training log repeats a handful of tags a million times, and hashing a few bytes in JS
 * is far cheaper than creating a string from them each time. */
class TagCache {
  private readonly byHash = new Map<number, { bytes: Buffer; tag: string }[]>();

  get(buf: Buffer, start: number, end: number): string {
    let h = 0x811c9dc5 ^ (end - start);
    for (let i = start; i < end; i++) h = Math.imul(h ^ buf[i]!, 0x01000193);
    const bucket = this.byHash.get(h);
    if (bucket) {
      for (const c of bucket) if (sameBytes(c.bytes, buf, start, end)) return c.tag;
    }
    const tag = buf.toString('utf8', start, end);
    const entry = { bytes: Buffer.from(buf.subarray(start, end)), tag };
    if (bucket) bucket.push(entry);
    else if (this.byHash.size < 4096) this.byHash.set(h, [entry]);
    return tag;
  }
}

/** Decodes TensorBoard `Event` protobufs (tensorflow/core/util/event.proto) and hands every scalar to a sink:
 * `Summary.Value.simple_value` as torch's SummaryWriter and TF1 write it, and one-element tensors as TF2 and
 * torch's new-style writers do. The plugin of each tag is remembered because those writers put the
 * SummaryMetadata on a tag's first event only; tensors of other plugins (hparams, text, histograms) are skipped. */
export class EventDecoder {
  private readonly ev = new ProtoReader();
  private readonly val = new ProtoReader();
  private readonly sub = new ProtoReader();
  private readonly plugins = new Map<string, string>();
  private readonly tags = new TagCache();

  /** Decodes one Event from buf[start, end). Throws RangeError on malformed bytes. */
  decode(buf: Buffer, start: number, end: number, sink: ScalarSink): void {
    const r = this.ev.reset(buf, start, end);
    let wallTime = 0;
    let step = 0;
    let sumStart = -1;
    let sumEnd = -1;
    while (r.pos < r.end) {
      const key = r.key();
      if (key === k(1, WT_I64)) wallTime = r.double();
      else if (key === k(2, WT_VARINT)) step = r.varint();
      else if (key === k(5, WT_LEN)) {
        sumEnd = r.delimited();
        sumStart = r.pos;
        r.pos = sumEnd;
      } else r.skip(key & 7);
    }
    if (sumStart < 0) return;
    // Summary { repeated Value value = 1; }
    r.reset(buf, sumStart, sumEnd);
    while (r.pos < r.end) {
      const key = r.key();
      if (key === k(1, WT_LEN)) {
        const e = r.delimited();
        this.value(buf, r.pos, e, step, wallTime, sink);
        r.pos = e;
      } else r.skip(key & 7);
    }
  }

  private value(buf: Buffer, start: number, end: number, step: number, wallTime: number, sink: ScalarSink): void {
    const r = this.val.reset(buf, start, end);
    let tag: string | null = null;
    let simple = 0;
    let hasSimple = false;
    let tensorStart = -1;
    let tensorEnd = -1;
    let plugin: string | null = null;
    while (r.pos < r.end) {
      const key = r.key();
      if (key === k(1, WT_LEN)) {
        const e = r.delimited();
        tag = this.tags.get(buf, r.pos, e);
        r.pos = e;
      } else if (key === k(2, WT_I32)) {
        simple = r.float();
        hasSimple = true;
      } else if (key === k(8, WT_LEN)) {
        tensorEnd = r.delimited();
        tensorStart = r.pos;
        r.pos = tensorEnd;
      } else if (key === k(9, WT_LEN)) {
        const e = r.delimited();
        plugin = this.pluginName(buf, r.pos, e);
        r.pos = e;
      } else r.skip(key & 7);
    }
    if (tag === null) return;
    if (plugin !== null) this.plugins.set(tag, plugin);
    if (hasSimple) {
      sink(tag, step, simple, wallTime);
      return;
    }
    if (tensorStart < 0) return;
    const p = this.plugins.get(tag);
    if (p !== undefined && p !== 'scalars') return;
    const v = this.tensorScalar(buf, tensorStart, tensorEnd);
    if (v !== undefined) sink(tag, step, v, wallTime);
  }

  /** SummaryMetadata { PluginData plugin_data = 1 { string plugin_name = 1; } } */
  private pluginName(buf: Buffer, start: number, end: number): string | null {
    const r = this.sub.reset(buf, start, end);
    while (r.pos < r.end) {
      const key = r.key();
      if (key !== k(1, WT_LEN)) {
        r.skip(key & 7);
        continue;
      }
      const pdEnd = r.delimited();
      while (r.pos < pdEnd) {
        const pk = r.key();
        if (pk === k(1, WT_LEN)) {
          const e = r.delimited();
          return buf.toString('utf8', r.pos, e);
        }
        r.skip(pk & 7);
      }
    }
    return null;
  }

  /** The value of a one-element numeric TensorProto, or undefined when it is not one. */
  private tensorScalar(buf: Buffer, start: number, end: number): number | undefined {
    const r = this.sub.reset(buf, start, end);
    let dtype = 0;
    let count = 0;
    let first: number | undefined;
    let contentStart = -1;
    let contentEnd = -1;
    const take = (v: number): void => {
      if (count++ === 0) first = v;
    };
    while (r.pos < r.end) {
      const key = r.key();
      const field = Math.floor(key / 8);
      const wt = key & 7;
      if (key === k(1, WT_VARINT)) dtype = r.varint();
      else if (key === k(4, WT_LEN)) {
        contentEnd = r.delimited();
        contentStart = r.pos;
        r.pos = contentEnd;
      } else if (field === 5 && (wt === WT_LEN || wt === WT_I32)) {
        // float_val, packed or not
        const e = wt === WT_LEN ? r.delimited() : r.pos + 4;
        while (r.pos < e) take(r.float());
      } else if (field === 6 && (wt === WT_LEN || wt === WT_I64)) {
        const e = wt === WT_LEN ? r.delimited() : r.pos + 8;
        while (r.pos < e) take(r.double());
      } else if ((field === 7 || field === 10 || field === 13) && (wt === WT_LEN || wt === WT_VARINT)) {
        // int_val, int64_val, half_val (fp16 / bfloat16 bits)
        const e = wt === WT_LEN ? r.delimited() : -1;
        do {
          const raw = r.varint();
          const signed = raw > 2 ** 63 ? raw - 2 ** 64 : raw > 0x7fffffff && field === 7 ? raw - 2 ** 32 : raw;
          take(field === 13 ? (dtype === DT_BFLOAT16 ? bfloat16ToFloat(raw) : halfToFloat(raw)) : signed);
        } while (e >= 0 && r.pos < e);
      } else r.skip(wt);
    }
    if (contentStart >= 0) {
      const size =
        dtype === DT_FLOAT || dtype === DT_INT32 ? 4 : dtype === DT_DOUBLE || dtype === DT_INT64 ? 8 : dtype === DT_HALF || dtype === DT_BFLOAT16 ? 2 : 0;
      if (size === 0 || contentEnd - contentStart !== size) return undefined;
      switch (dtype) {
        case DT_FLOAT:
          return buf.readFloatLE(contentStart);
        case DT_DOUBLE:
          return buf.readDoubleLE(contentStart);
        case DT_INT32:
          return buf.readInt32LE(contentStart);
        case DT_INT64:
          return Number(buf.readBigInt64LE(contentStart));
        case DT_HALF:
          return halfToFloat(buf.readUInt16LE(contentStart));
        default:
          return bfloat16ToFloat(buf.readUInt16LE(contentStart));
      }
    }
    return count === 1 ? first : undefined;
  }
}
