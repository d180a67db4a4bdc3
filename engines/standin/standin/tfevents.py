"""TensorBoard event files, written the way torch's SummaryWriter does: TFRecord framing (length, masked CRC-32C
of the length, data, masked CRC-32C of the data) around `Event` protobufs, in
events.out.tfevents.<time>.<host>.<pid>.<n>, buffered and flushed every flush_secs."""
import os
import socket
import struct
import sys
import time

_POLY = 0x82F63B78
_TABLE = []
for _i in range(256):
    _c = _i
    for _ in range(8):
        _c = (_c >> 1) ^ _POLY if _c & 1 else _c >> 1
    _TABLE.append(_c)


def crc32c(data):
    crc = 0xFFFFFFFF
    t = _TABLE
    for b in data:
        crc = t[(crc ^ b) & 0xFF] ^ (crc >> 8)
    return crc ^ 0xFFFFFFFF


def masked_crc(data):
    crc = crc32c(data)
    return ((((crc >> 15) | (crc << 17)) & 0xFFFFFFFF) + 0xA282EAD8) & 0xFFFFFFFF


_len_crc_cache = {}


def frame(data):
    """One TFRecord around data."""
    n = len(data)
    head = _len_crc_cache.get(n)
    if head is None:
        length = struct.pack("<Q", n)
        head = _len_crc_cache[n] = length + struct.pack("<I", masked_crc(length))
    return head + data + struct.pack("<I", masked_crc(data))


def _varint(n):
    out = bytearray()
    while True:
        b = n & 0x7F
        n >>= 7
        if n:
            out.append(b | 0x80)
        else:
            out.append(b)
            return bytes(out)


def _ld(key, payload):
    return bytes([key]) + _varint(len(payload)) + payload


def encode_scalar_event(wall_time, step, tag, value, tensor=False, with_metadata=False):
    """Event{wall_time=1, step=2, summary=5{value=1{tag=1, simple_value=2 | metadata=9, tensor=8}}}."""
    tag_b = tag.encode("utf-8")
    if tensor:
        # TensorProto{dtype=1: DT_FLOAT, tensor_shape=2: scalar, float_val=5 packed}, as new-style writers do.
        t = b"\x08\x01" + b"\x12\x00" + _ld(0x2A, struct.pack("<f", value))
        val = _ld(0x0A, tag_b)
        if with_metadata:
            val += _ld(0x4A, _ld(0x0A, _ld(0x0A, b"scalars")))
        val += _ld(0x42, t)
    else:
        val = _ld(0x0A, tag_b) + b"\x15" + struct.pack("<f", value)
    return b"\x09" + struct.pack("<d", wall_time) + b"\x10" + _varint(step) + _ld(0x2A, _ld(0x0A, val))


def encode_file_version_event(wall_time):
    return b"\x09" + struct.pack("<d", wall_time) + _ld(0x1A, b"brain.Event:2")


_uid = 0


class EventWriter:
    """Buffers events and writes them to disk every flush_secs (or max_queue events), like SummaryWriter.
    tensor_scalars writes scalars as one-element tensors with plugin metadata (TF2 / new-style) instead of
    simple_value. split_writes writes each flush in two parts with a pause between, leaving a partial record
    at the end of the file for a moment, as a large buffered write can."""

    def __init__(self, logdir, flush_secs=120.0, max_queue=10, tensor_scalars=False, split_writes=False):
        global _uid
        os.makedirs(logdir, exist_ok=True)
        _uid += 1
        name = "events.out.tfevents.%010d.%s.%s.%s" % (time.time(), socket.gethostname(), os.getpid(), _uid)
        self.path = os.path.join(logdir, name)
        self._f = open(self.path, "ab")
        self.flush_secs = flush_secs
        self.max_queue = max_queue
        self.tensor_scalars = tensor_scalars
        self.split_writes = split_writes
        self._pending = [frame(encode_file_version_event(time.time()))]
        self._last_flush = time.monotonic()
        self._seen_tags = set()

    def add_scalar(self, tag, value, step, wall_time=None):
        first = tag not in self._seen_tags
        self._seen_tags.add(tag)
        ev = encode_scalar_event(time.time() if wall_time is None else wall_time, step, tag, float(value),
                                 tensor=self.tensor_scalars, with_metadata=first)
        self._pending.append(frame(ev))
        if len(self._pending) > self.max_queue and self.max_queue > 0 or time.monotonic() - self._last_flush >= self.flush_secs:
            self.flush()

    def flush(self):
        self._last_flush = time.monotonic()
        if not self._pending:
            return
        data = b"".join(self._pending)
        self._pending = []
        if self.split_writes and len(data) > 20:
            cut = len(data) - 7
            self._f.write(data[:cut])
            self._f.flush()
            time.sleep(0.05)
            data = data[cut:]
        self._f.write(data)
        self._f.flush()

    def close(self):
        self.flush()
        self._f.close()


def write_bench(out_dir, scalars, extra, extra_path):
    """Writes `scalars` scalars (three tags, one scalar per event as engines log them) into one event file in
    out_dir, then the `extra` scalars that follow into extra_path (records only), for a tail benchmark to append."""
    w = EventWriter(out_dir, flush_secs=1e9, max_queue=0)
    tags = ("loss/current", "loss/average", "lr/unet")
    t0 = time.time()

    def records(start, count):
        for i in range(start, start + count):
            step = i // 3 + 1
            yield frame(encode_scalar_event(t0 + step * 0.01, step, tags[i % 3], 0.1 + (i % 97) / 1000.0))

    with open(w.path, "ab") as f:
        f.write(b"".join(w._pending))
        w._pending = []
        batch = []
        for r in records(0, scalars):
            batch.append(r)
            if len(batch) >= 10000:
                f.write(b"".join(batch))
                batch = []
        f.write(b"".join(batch))
    with open(extra_path, "wb") as f:
        f.write(b"".join(records(scalars, extra)))
    w._f.close()
    return w.path


if __name__ == "__main__":
    # python3 -m standin.tfevents bench OUT_DIR SCALARS EXTRA EXTRA_FILE
    if len(sys.argv) == 6 and sys.argv[1] == "bench":
        print(write_bench(sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), sys.argv[5]))
    else:
        sys.exit("usage: python3 -m standin.tfevents bench OUT_DIR SCALARS EXTRA EXTRA_FILE")
