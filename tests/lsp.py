"""A small editor: drives the real YAML language server over stdio with JSON-RPC, as VS Code does.

with LanguageServer(root, settings) as ls:       # initialize, then the workspace's yaml.* settings
    diags = ls.open("accounts/x.yaml", text)     # didOpen, then the publishDiagnostics for it
    items = ls.completion("accounts/x.yaml", line, col)
    text = ls.hover("accounts/x.yaml", line, col)
"""

from __future__ import annotations

import json
import queue
import subprocess
import threading
from pathlib import Path

from install_lsp import SERVER

TIMEOUT = 30


class LanguageServer:
    def __init__(self, root: Path, settings: dict, locale: str = "zh-cn"):
        self.root = Path(root).resolve()
        self.settings = settings
        self.locale = locale
        self._id = 0
        self._inbox: queue.Queue = queue.Queue()
        self._versions: dict[str, int] = {}

    # ------------------------------------------------------------ transport
    def __enter__(self):
        self.proc = subprocess.Popen(
            ["node", str(SERVER), "--stdio"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
            cwd=self.root,
        )
        threading.Thread(target=self._read, daemon=True).start()
        self.request(
            "initialize",
            {
                "processId": None,
                "rootUri": self.root.as_uri(),
                "locale": self.locale,
                "workspaceFolders": [{"uri": self.root.as_uri(), "name": self.root.name}],
                "capabilities": {
                    "textDocument": {
                        "completion": {"completionItem": {"documentationFormat": ["markdown", "plaintext"]}},
                        "hover": {"contentFormat": ["markdown", "plaintext"]},
                        "publishDiagnostics": {},
                    },
                    "workspace": {"configuration": True, "workspaceFolders": True},
                },
            },
        )
        self.notify("initialized", {})
        self.notify("workspace/didChangeConfiguration", {"settings": None})
        return self

    def __exit__(self, *exc):
        try:
            self.request("shutdown", None)
            self.notify("exit", None)
            self.proc.wait(timeout=5)
        except Exception:  # noqa: BLE001 - a hung server must not hide the test's own failure
            self.proc.kill()
            self.proc.wait()

    def _send(self, msg: dict) -> None:
        body = json.dumps(msg).encode("utf-8")
        self.proc.stdin.write(b"Content-Length: %d\r\n\r\n" % len(body) + body)
        self.proc.stdin.flush()

    def _read(self) -> None:
        out = self.proc.stdout
        while True:
            length = None
            while True:
                line = out.readline()
                if not line:
                    return
                if line in (b"\r\n", b"\n"):
                    break
                name, _, value = line.decode("ascii").partition(":")
                if name.lower() == "content-length":
                    length = int(value)
            self._inbox.put(json.loads(out.read(length)))

    def notify(self, method: str, params) -> None:
        self._send({"jsonrpc": "2.0", "method": method, "params": params})

    def request(self, method: str, params):
        self._id += 1
        rid = self._id
        self._send({"jsonrpc": "2.0", "id": rid, "method": method, "params": params})
        return self._wait(lambda m: m.get("id") == rid and "method" not in m)["result"]

    def _wait(self, match):
        while True:
            msg = self._inbox.get(timeout=TIMEOUT)
            if "method" in msg and "id" in msg:  # a request from the server
                result = None
                if msg["method"] == "workspace/configuration":  # the server pulls the editor's settings
                    result = [self.settings.get(item.get("section"), {}) for item in msg["params"]["items"]]
                self._send({"jsonrpc": "2.0", "id": msg["id"], "result": result})
                continue
            if match(msg):
                return msg

    # ------------------------------------------------------------ the editor's actions
    def uri(self, rel: str) -> str:
        return (self.root / rel).as_uri()

    def open(self, rel: str, text: str) -> list[dict]:
        """Open (or reopen with new text) a file; the diagnostics the server publishes for it."""
        uri = self.uri(rel)
        if uri in self._versions:
            self._versions[uri] += 1
            self.notify(
                "textDocument/didChange",
                {"textDocument": {"uri": uri, "version": self._versions[uri]}, "contentChanges": [{"text": text}]},
            )
        else:
            self._versions[uri] = 1
            self.notify(
                "textDocument/didOpen", {"textDocument": {"uri": uri, "languageId": "yaml", "version": 1, "text": text}}
            )
        msg = self._wait(
            lambda m: (
                m.get("method") == "textDocument/publishDiagnostics"
                and m["params"]["uri"] == uri
                and m["params"].get("version", self._versions[uri]) == self._versions[uri]
            )
        )
        return msg["params"]["diagnostics"]

    def completion(self, rel: str, line: int, character: int) -> list[dict]:
        res = self.request(
            "textDocument/completion",
            {"textDocument": {"uri": self.uri(rel)}, "position": {"line": line, "character": character}},
        )
        return res["items"] if isinstance(res, dict) else res

    def hover(self, rel: str, line: int, character: int) -> str | None:
        res = self.request(
            "textDocument/hover",
            {"textDocument": {"uri": self.uri(rel)}, "position": {"line": line, "character": character}},
        )
        if not res:
            return None
        c = res["contents"]
        return c["value"] if isinstance(c, dict) else c
