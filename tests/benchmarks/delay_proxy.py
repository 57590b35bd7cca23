"""A TCP proxy on 127.0.0.1 that holds every chunk for a fixed delay in each direction: latency without netem.

`tc qdisc add dev lo root netem delay 20ms` needs root and the sch_netem
kernel module, which containers often lack. This proxy gives the same
round-trip cost (the delay each way, so twice it per round trip) to
anything that connects through it: each chunk read from one side is written
to the other `delay` seconds after it arrived, in order, so a stream of
chunks is delayed, not slowed to one chunk per delay (as netem does it).

It runs in a process of its own (`started`), so its event loop never shares
a GIL with the program measured. Run alone:
`python tests/benchmarks/delay_proxy.py --to 127.0.0.1:5432 --delay 0.02`
prints "listening PORT" and forwards until stopped.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import subprocess
import sys
import time
from collections.abc import Iterator

CHUNK = 65536


async def _pump(reader: asyncio.StreamReader, writer: asyncio.StreamWriter, delay: float) -> None:
    """Copy `reader` to `writer`, each chunk `delay` seconds after it was read; then close the write side."""
    queue: asyncio.Queue[tuple[float, bytes]] = asyncio.Queue()

    async def read() -> None:
        while True:
            data = await reader.read(CHUNK)
            queue.put_nowait((time.monotonic() + delay, data))
            if not data:
                return

    async def write() -> None:
        while True:
            due, data = await queue.get()
            wait = due - time.monotonic()
            if wait > 0:
                await asyncio.sleep(wait)
            if not data:
                with contextlib.suppress(OSError):
                    writer.write_eof()
                return
            writer.write(data)
            await writer.drain()

    reading = asyncio.create_task(read())
    try:
        await write()
    finally:
        reading.cancel()


async def _serve(target_host: str, target_port: int, delay: float, port: int) -> None:
    async def handle(client_reader: asyncio.StreamReader, client_writer: asyncio.StreamWriter) -> None:
        try:
            server_reader, server_writer = await asyncio.open_connection(target_host, target_port)
        except OSError:
            client_writer.close()
            return
        # The connection itself costs a round trip through the delay, as a SYN/SYN-ACK would under netem.
        await asyncio.sleep(2 * delay)
        try:
            await asyncio.gather(
                _pump(client_reader, server_writer, delay),
                _pump(server_reader, client_writer, delay),
                return_exceptions=True,
            )
        finally:
            for writer in (client_writer, server_writer):
                writer.close()

    server = await asyncio.start_server(handle, "127.0.0.1", port)
    print(f"listening {server.sockets[0].getsockname()[1]}", flush=True)
    async with server:
        await server.serve_forever()


@contextlib.contextmanager
def started(target_host: str, target_port: int, delay: float) -> Iterator[int]:
    """A proxy process to `target_host:target_port` adding `delay` seconds each way; yields its port."""
    proxy = subprocess.Popen(
        [sys.executable, __file__, "--to", f"{target_host}:{target_port}", "--delay", str(delay)],
        stdout=subprocess.PIPE,
        text=True,
    )
    try:
        assert proxy.stdout is not None
        first = proxy.stdout.readline().split()
        if first[:1] != ["listening"]:
            raise RuntimeError("the delay proxy did not start")
        yield int(first[1])
    finally:
        proxy.terminate()
        proxy.wait(timeout=10)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--to", required=True, help="host:port to forward to")
    parser.add_argument("--delay", type=float, default=0.02, help="seconds added in each direction (0.02)")
    parser.add_argument("--port", type=int, default=0, help="port to listen on (0: any free one)")
    args = parser.parse_args()
    host, _, port = args.to.rpartition(":")
    with contextlib.suppress(KeyboardInterrupt):
        asyncio.run(_serve(host, int(port), args.delay, args.port))


if __name__ == "__main__":
    main()
