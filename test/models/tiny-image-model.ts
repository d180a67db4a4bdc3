import { proto } from '../../src/core/inference/tiny-model';

const { msg, varintField, len, str } = proto;

/** A tensor ValueInfoProto: float32 with the given dims (numbers fixed, strings symbolic). */
function valueInfo(name: string, dims: (number | string)[]): number[] {
  const dim = (d: number | string) => len(1, typeof d === 'number' ? varintField(1, d) : str(2, d));
  return msg(str(1, name), len(2, msg(len(1, msg(varintField(1, 1), len(2, msg(...dims.map(dim))))))));
}

/** An INTS AttributeProto. */
const ints = (name: string, values: number[]) => msg(str(1, name), ...values.map((v) => varintField(8, v)), varintField(20, 7));

/**
 * A tiny image "tagger" for tests: input float32 [batch, 3, size, size] (NCHW) or [batch, size, size, 3] (NHWC),
 * output `output` [batch, 12] = sigmoid of the mean of each channel over each quarter of the picture (channel
 * c, quarter q = row-major 2×2 cell → output 4c + q). Position and channel sensitive, so a wrong crop, channel
 * order or layout shows in its outputs.
 */
export function tinyImageModel(size: number, layout: 'NCHW' | 'NHWC'): Uint8Array {
  const half = size / 2;
  const nodes: number[][] = [];
  let x = 'input';
  if (layout === 'NHWC') {
    nodes.push(msg(str(1, 'input'), str(2, 'nchw'), str(3, 't'), str(4, 'Transpose'), len(5, ints('perm', [0, 3, 1, 2]))));
    x = 'nchw';
  }
  nodes.push(msg(str(1, x), str(2, 'pooled'), str(3, 'pool'), str(4, 'AveragePool'), len(5, ints('kernel_shape', [half, half])), len(5, ints('strides', [half, half]))));
  nodes.push(msg(str(1, 'pooled'), str(2, 'flat'), str(3, 'flatten'), str(4, 'Flatten')));
  nodes.push(msg(str(1, 'flat'), str(2, 'output'), str(3, 'sigmoid'), str(4, 'Sigmoid')));
  const input = layout === 'NCHW' ? ['batch', 3, size, size] : ['batch', size, size, 3];
  const graph = msg(...nodes.map((n) => len(1, n)), str(2, 'tiny-tagger'), len(11, valueInfo('input', input)), len(12, valueInfo('output', ['batch', 12])));
  const opset = msg(str(1, ''), varintField(2, 13));
  return new Uint8Array(msg(varintField(1, 8), str(2, 'atelier-test'), len(7, graph), len(8, opset)));
}
