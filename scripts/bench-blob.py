"""The Blob endpoint's throughput with Microsoft's azure-storage-blob SDK, side by side with the
same SDK against a plain file server of the same bytes (Python's ThreadingHTTPServer: GET with
Range, PUT into a file, nothing checked). Run by scripts/bench-blob; prints one table.

  bench-blob.py CONNECTION_STRING WORK_DIR BIG_MIB SMALL_COUNT SMALL_KIB
"""
import hashlib
import http.server
import os
import sys
import threading
import time

from azure.storage.blob import BlobClient, BlobServiceClient, ContainerClient


class PlainFiles(http.server.BaseHTTPRequestHandler):
    """GET (whole or `x-ms-range`/`Range`) and PUT of files under the server's root."""
    protocol_version = "HTTP/1.1"
    root = "."

    def log_message(self, *args):
        pass

    def path_on_disk(self):
        # The file is the URL's last segment (the SDK names a blob ACCOUNT/CONTAINER/BLOB on an IP host).
        return os.path.join(self.root, os.path.basename(self.path.split("?", 1)[0]))

    def do_PUT(self):
        length = int(self.headers["Content-Length"])
        with open(self.path_on_disk(), "wb") as out:
            left = length
            while left:
                chunk = self.rfile.read(min(left, 1 << 20))
                out.write(chunk)
                left -= len(chunk)
        self.send_response(201)
        self.send_header("Content-Length", "0")
        self.send_header("ETag", '"0x1"')
        self.send_header("Last-Modified", "Mon, 07 Dec 2026 00:00:00 GMT")
        self.end_headers()

    def do_GET(self):
        path = self.path_on_disk()
        size = os.path.getsize(path)
        start, end = 0, size - 1
        text = self.headers.get("x-ms-range") or self.headers.get("Range")
        if text:
            first, last = text.split("=", 1)[1].split("-")
            start, end = int(first), min(size - 1, int(last) if last else size - 1)
            self.send_response(206)
            self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        else:
            self.send_response(200)
        self.send_header("Content-Length", str(end - start + 1))
        self.send_header("x-ms-blob-type", "BlockBlob")
        self.send_header("ETag", '"0x1"')
        self.send_header("Last-Modified", "Mon, 07 Dec 2026 00:00:00 GMT")
        self.end_headers()
        with open(path, "rb") as source:
            source.seek(start)
            left = end - start + 1
            while left:
                chunk = source.read(min(left, 1 << 20))
                self.wfile.write(chunk)
                left -= len(chunk)


def timed(action):
    began = time.perf_counter()
    action()
    return time.perf_counter() - began


def main():
    connection_string, work, big_mib, small_count, small_kib = sys.argv[1], sys.argv[2], int(sys.argv[3]), int(sys.argv[4]), int(sys.argv[5])
    big = os.urandom(big_mib << 20)
    smalls = [os.urandom(small_kib << 10) for _ in range(small_count)]
    service = BlobServiceClient.from_connection_string(connection_string)
    container = service.create_container("bench")

    peer_root = os.path.join(work, "peer")
    os.makedirs(peer_root, exist_ok=True)
    PlainFiles.root = peer_root
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), PlainFiles)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    peer = f"http://127.0.0.1:{server.server_address[1]}"

    rows = []

    def row(case, seconds_iedrive, seconds_peer, count, total):
        rows.append((case, total / seconds_iedrive / 1e6, count / seconds_iedrive, total / seconds_peer / 1e6, count / seconds_peer))

    # Uploads to the plain server go through `requests`, the HTTP library the SDK itself sends
    # with (a plain server takes no Put Block); downloads from it go through the SDK itself.
    import requests
    session = requests.Session()

    # One big blob: upload (the SDK's default above 64 MiB: 4 MiB blocks; two at a time) and download.
    up = timed(lambda: container.upload_blob("big.bin", big, max_concurrency=2))
    peer_up = timed(lambda: session.put(f"{peer}/bench/big.bin", data=big).raise_for_status())
    row(f"upload 1 x {big_mib} MiB", up, peer_up, 1, len(big))
    got = {}
    down = timed(lambda: got.__setitem__("a", container.download_blob("big.bin", max_concurrency=2).readall()))
    peer_down = timed(lambda: got.__setitem__("b", BlobClient.from_blob_url(f"{peer}/bench/big.bin").download_blob(max_concurrency=2).readall()))
    assert hashlib.md5(got["a"]).digest() == hashlib.md5(big).digest() == hashlib.md5(got["b"]).digest()
    row(f"download 1 x {big_mib} MiB", down, peer_down, 1, len(big))

    # Many small blobs, one after another (one connection, keep-alive).
    def upload_smalls():
        for index, data in enumerate(smalls):
            container.upload_blob(f"small/{index:05d}", data)

    up = timed(upload_smalls)
    peer_up = timed(lambda: [session.put(f"{peer}/bench/small_{i:05d}", data=d).raise_for_status() for i, d in enumerate(smalls)])
    row(f"upload {small_count} x {small_kib} KiB", up, peer_up, small_count, sum(map(len, smalls)))
    down = timed(lambda: [container.download_blob(f"small/{i:05d}").readall() for i in range(small_count)])
    peer_client = ContainerClient(peer, "bench")
    peer_down = timed(lambda: [peer_client.download_blob(f"small_{i:05d}").readall() for i in range(small_count)])
    row(f"download {small_count} x {small_kib} KiB", down, peer_down, small_count, sum(map(len, smalls)))

    print(f"{'case':<28} {'iedrive MB/s':>13} {'blobs/s':>9} {'plain server MB/s':>18} {'blobs/s':>9} {'ratio':>6}")
    for case, mb, rate, peer_mb, peer_rate in rows:
        print(f"{case:<28} {mb:>13.1f} {rate:>9.1f} {peer_mb:>18.1f} {peer_rate:>9.1f} {mb / peer_mb:>5.2f}x")
    server.shutdown()


if __name__ == "__main__":
    main()
