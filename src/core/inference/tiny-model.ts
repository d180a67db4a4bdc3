/** A minimal ONNX model (y = Relu(x), x: float32[1]) encoded by hand, so probing a provider needs no model file.
 * Protobuf field numbers are from onnx.proto (ModelProto, GraphProto, NodeProto, ValueInfoProto, TypeProto). */
export function tinyProbeModel(): Uint8Array {
  const valueInfo = (name: string) =>
    msg(
      str(1, name),
      // TypeProto.tensor_type { elem_type: FLOAT, shape { dim { dim_value: 1 } } }
      len(2, msg(len(1, msg(varintField(1, 1), len(2, msg(len(1, msg(varintField(1, 1))))))))),
    );
  const node = msg(str(1, 'x'), str(2, 'y'), str(3, 'relu'), str(4, 'Relu'));
  const graph = msg(len(1, node), str(2, 'probe'), len(11, valueInfo('x')), len(12, valueInfo('y')));
  const opset = msg(str(1, ''), varintField(2, 13));
  return new Uint8Array(msg(varintField(1, 8), str(2, 'atelier'), len(7, graph), len(8, opset)));
}

function varint(n: number): number[] {
  const out: number[] = [];
  while (n > 0x7f) {
    out.push((n & 0x7f) | 0x80);
    n >>>= 7;
  }
  out.push(n);
  return out;
}

/** The protobuf pieces an ONNX model is written with: concatenated fields, varint and length-delimited ones. */
export const proto = {
  msg: (...parts: number[][]): number[] => parts.flat(),
  varintField: (no: number, v: number): number[] => [...varint(no << 3), ...varint(v)],
  len: (no: number, bytes: number[]): number[] => [...varint((no << 3) | 2), ...varint(bytes.length), ...bytes],
  str: (no: number, s: string): number[] => proto.len(no, [...new TextEncoder().encode(s)]),
};
const { msg, varintField, len, str } = proto;
