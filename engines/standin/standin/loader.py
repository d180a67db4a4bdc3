"""The engines' torch DataLoader, as far as a stop is concerned. With --max_data_loader_n_workers above 0 the
batches come from a worker process (one stands for torch's several), forked when an epoch's iteration starts: kept
for the later epochs with --persistent_data_loader_workers (Atelier's default), else ended with its epoch, as torch
does. The worker inherits the training process's SIGINT handler, as torch's forked workers do, and like them it ends
on a KeyboardInterrupt; the loader then fails at the next batch it needs, with torch's error."""
import os
import struct


def _serve(requests, replies):
    """The worker: hands back each batch index asked for until the loader closes its end."""
    try:
        while len(index := os.read(requests, 8)) == 8:
            os.write(replies, index)
    except KeyboardInterrupt:
        pass  # torch's worker loop: "Main process will raise KeyboardInterrupt anyways."
    os._exit(0)


class _Worker:
    def __init__(self):
        requests, self.requests = os.pipe()
        self.replies, replies = os.pipe()
        self.pid = os.fork()
        if self.pid == 0:
            os.close(self.requests)
            os.close(self.replies)
            _serve(requests, replies)
        os.close(requests)
        os.close(replies)

    def get(self, index):
        try:
            os.write(self.requests, struct.pack("<q", index))
            got = os.read(self.replies, 8)
        except OSError:  # the worker is gone (a broken pipe)
            got = b""
        if len(got) < 8:
            self.close()
            raise RuntimeError(f"DataLoader worker (pid(s) {self.pid}) exited unexpectedly")
        return struct.unpack("<q", got)[0]

    def close(self):
        for fd in (self.requests, self.replies):
            try:
                os.close(fd)
            except OSError:
                pass
        try:
            os.waitpid(self.pid, 0)
        except ChildProcessError:
            pass


class DataLoader:
    accelerate_kind = "dataloader"  # what accelerate.prepare wraps in its DataLoaderShard

    def __init__(self, batches, num_workers, persistent_workers):
        self.batches = list(batches)
        self.forks = num_workers > 0 and hasattr(os, "fork")
        self.persistent = persistent_workers
        self.worker = None

    def __len__(self):
        return len(self.batches)

    def __iter__(self):
        if not self.forks:
            yield from self.batches
            return
        if self.worker is None:
            self.worker = _Worker()
        try:
            for i in range(len(self.batches)):
                yield self.batches[self.worker.get(i)]
        finally:
            if not self.persistent and self.worker is not None:
                self.worker.close()
                self.worker = None
