// A small, independent protobuf/TFRecord encoder for the tfevents tests (the code under test only decodes).
import { maskedCrc32c } from 'tfrecord/lib/crc32c';

const varint = (n: number): number[] => {
  const out: number[] = [];
  let v = BigInt(n < 0 ? BigInt.asUintN(64, BigInt(n)) : BigInt(n));
  do {
    let b = Number(v & 0x7fn);
    v >>= 7n;
    if (v) b |= 0x80;
    out.push(b);
  } while (v);
  return out;
};
const ld = (field: number, payload: Uint8Array | number[]): number[] => [...varint(field * 8 + 2), ...varint(payload.length), ...payload];
const f32 = (v: number): number[] => [...Buffer.from(new Float32Array([v]).buffer)];
const f64 = (v: number): number[] => [...Buffer.from(new Float64Array([v]).buffer)];
const utf8 = (s: string): number[] => [...Buffer.from(s, 'utf8')];

export interface TensorSpec {
  dtype: number;
  floatVal?: number[];
  doubleVal?: number[];
  halfVal?: number[];
  intVal?: number[];
  content?: number[];
  /** dims of the shape; omitted = scalar */
  dims?: number[];
}

export interface ValueSpec {
  tag: string;
  simple?: number;
  tensor?: TensorSpec;
  plugin?: string;
}

function tensorBytes(t: TensorSpec): number[] {
  const shape = (t.dims ?? []).flatMap((d) => ld(2, [0x08, ...varint(d)]));
  const out = [0x08, ...varint(t.dtype), ...ld(2, shape)];
  if (t.content) out.push(...ld(4, t.content));
  if (t.floatVal) out.push(...ld(5, t.floatVal.flatMap(f32)));
  if (t.doubleVal) out.push(...ld(6, t.doubleVal.flatMap(f64)));
  if (t.intVal) out.push(...ld(7, t.intVal.flatMap(varint)));
  if (t.halfVal) out.push(...ld(13, t.halfVal.flatMap(varint)));
  return out;
}

export function encodeEvent(e: { wallTime: number; step: number; values?: ValueSpec[]; fileVersion?: string }): Buffer {
  const out = [0x09, ...f64(e.wallTime)];
  if (e.step) out.push(0x10, ...varint(e.step));
  if (e.fileVersion) out.push(...ld(3, utf8(e.fileVersion)));
  if (e.values) {
    const summary = e.values.flatMap((v) => {
      const val = [...ld(1, utf8(v.tag))];
      if (v.simple !== undefined) val.push(0x15, ...f32(v.simple));
      if (v.plugin) val.push(...ld(9, ld(1, ld(1, utf8(v.plugin)))));
      if (v.tensor) val.push(...ld(8, tensorBytes(v.tensor)));
      return ld(1, val);
    });
    out.push(...ld(5, summary));
  }
  return Buffer.from(out);
}

export function frame(data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeUInt32LE(data.length, 0);
  head.writeUInt32LE(0, 4);
  head.writeUInt32LE(maskedCrc32c(head.subarray(0, 8)), 8);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(maskedCrc32c(data), 0);
  return Buffer.concat([head, data, tail]);
}

export const scalarRecord = (tag: string, step: number, value: number, wallTime = 1000 + step): Buffer =>
  frame(encodeEvent({ wallTime, step, values: [{ tag, simple: value }] }));
