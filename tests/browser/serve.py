#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-3.0-or-later
"""serve.py — serve one folder on 127.0.0.1 for the page test, as a web host
would: byte ranges (browsers seek audio only on servers that answer Range
requests; plain `python3 -m http.server` does not) and the media types of an
edition's files. Prints "PORT N" once listening. Loopback only.

Usage: serve.py DIR [PORT]   (PORT 0, the default, picks a free one)
"""
import functools
import http.server
import os
import re
import sys

TYPES = {".opus": "audio/ogg", ".ogg": "audio/ogg", ".mp3": "audio/mpeg", ".vtt": "text/vtt",
         ".srt": "application/x-subrip", ".m3u8": "audio/x-mpegurl", ".epub": "application/epub+zip",
         ".smil": "application/smil+xml", ".json": "application/json"}


class Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **TYPES}

    def log_message(self, fmt, *args):  # quiet: the test prints what matters
        pass

    def send_head(self):
        rng = self.headers.get("Range")
        path = self.translate_path(self.path)
        m = re.fullmatch(r"bytes=(\d*)-(\d*)", rng or "")
        if not m or not os.path.isfile(path) or m.group(1) == m.group(2) == "":
            f = super().send_head()
            return f
        size = os.path.getsize(path)
        if m.group(1) == "":  # the last N bytes
            start, end = max(0, size - int(m.group(2))), size - 1
        else:
            start = int(m.group(1))
            end = min(int(m.group(2)), size - 1) if m.group(2) else size - 1
        if start >= size or start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        f = open(path, "rb")
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(path))
        self.send_header("Accept-Ranges", "bytes")
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        self.remaining = end - start + 1
        return f

    def end_headers(self):
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def copyfile(self, source, outputfile):
        left = getattr(self, "remaining", None)
        if left is None:
            return super().copyfile(source, outputfile)
        while left > 0:
            chunk = source.read(min(65536, left))
            if not chunk:
                break
            try:
                outputfile.write(chunk)
            except (BrokenPipeError, ConnectionResetError):
                break  # the browser had enough (it cancels media requests often)
            left -= len(chunk)


def main():
    root = sys.argv[1]
    port = int(sys.argv[2]) if len(sys.argv) > 2 else 0
    handler = functools.partial(Handler, directory=root)
    with http.server.ThreadingHTTPServer(("127.0.0.1", port), handler) as srv:
        print(f"PORT {srv.server_address[1]}", flush=True)
        srv.serve_forever()


if __name__ == "__main__":
    main()
