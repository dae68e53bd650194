#!/usr/bin/env python3
"""Headless Chromium driven over the DevTools protocol on a pipe (--remote-debugging-pipe:
commands on fd 3, replies on fd 4, NUL-terminated JSON), standard library only.

Opens URL, writes READY_FILE once `document.body.dataset.live == "connected"` (the dashboard's
script is subscribed to the event stream), then records the text of SELECTOR every 100 ms until
it equals UNTIL or TIMEOUT seconds pass; takes a screenshot; prints one JSON object:
{"initial", "seen" (distinct texts in order), "final", "sameDocument" (no reload happened),
"live", "progress" (the first <progress> value in SELECTOR's row), "reachedUntil"}.
"""
import argparse, base64, json, os, shutil, subprocess, sys, tempfile, time


class Browser:
    def __init__(self):
        self.profile = tempfile.mkdtemp(prefix="iedrive-chromium-")
        to_browser_r, self.to_browser = os.pipe()
        self.from_browser, from_browser_w = os.pipe()

        def wire():
            # Copy both ends above 4 first: either may already be 3 or 4, and os.pipe() fds are
            # close-on-exec; dup2 onto 3 and 4 makes inheritable copies.
            commands, replies = os.dup(to_browser_r), os.dup(from_browser_w)
            os.dup2(commands, 3)
            os.dup2(replies, 4)

        self.process = subprocess.Popen(
            ["chromium", "--headless", "--no-sandbox", "--disable-gpu", "--remote-debugging-pipe",
             "--user-data-dir=" + self.profile, "--window-size=1280,800", "--no-first-run", "about:blank"],
            preexec_fn=wire, close_fds=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        os.close(to_browser_r)
        os.close(from_browser_w)
        self.pending = b""
        self.next_id = 0
        self.session = None

    def call(self, method, params=None, session=True):
        self.next_id += 1
        message = {"id": self.next_id, "method": method, "params": params or {}}
        if session and self.session:
            message["sessionId"] = self.session
        os.write(self.to_browser, json.dumps(message).encode() + b"\0")
        while True:
            while b"\0" not in self.pending:
                chunk = os.read(self.from_browser, 65536)
                if not chunk:
                    raise RuntimeError("chromium closed the DevTools pipe")
                self.pending += chunk
            raw, self.pending = self.pending.split(b"\0", 1)
            reply = json.loads(raw)
            if reply.get("id") == self.next_id:
                if "error" in reply:
                    raise RuntimeError(f"{method}: {reply['error']}")
                return reply.get("result", {})

    def open(self, url):
        target = self.call("Target.createTarget", {"url": "about:blank"}, session=False)["targetId"]
        self.session = self.call("Target.attachToTarget", {"targetId": target, "flatten": True}, session=False)["sessionId"]
        self.call("Page.enable")
        self.call("Page.navigate", {"url": url})

    def evaluate(self, expression):
        result = self.call("Runtime.evaluate", {"expression": expression, "returnByValue": True})
        return result.get("result", {}).get("value")

    def close(self):
        try:
            self.call("Browser.close", session=False)
        except Exception:
            pass
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
        shutil.rmtree(self.profile, ignore_errors=True)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("url")
    parser.add_argument("--selector", required=True)
    parser.add_argument("--until", required=True)
    parser.add_argument("--timeout", type=float, default=60)
    parser.add_argument("--ready-file", required=True)
    parser.add_argument("--screenshot")
    args = parser.parse_args()
    text_of = "(function(){const e=document.querySelector(%s);return e?e.textContent:null;})()" % json.dumps(args.selector)
    browser = Browser()
    try:
        browser.open(args.url)
        deadline = time.time() + 30
        while time.time() < deadline and browser.evaluate("document.body && document.body.dataset.live") != "connected":
            time.sleep(0.1)
        browser.evaluate("window.__iedriveProbe = 'same-document'")
        initial = browser.evaluate(text_of)
        seen = [initial]
        with open(args.ready_file, "w") as ready:
            ready.write("ready\n")
        deadline = time.time() + args.timeout
        current = initial
        while time.time() < deadline and current != args.until:
            time.sleep(0.1)
            current = browser.evaluate(text_of)
            if current != seen[-1]:
                seen.append(current)
        time.sleep(0.5)  # let the last progress message land before the picture
        row = "(function(){const e=document.querySelector(%s);const r=e&&e.closest('tr');const p=r&&r.querySelector('progress');return p?p.value:null;})()" % json.dumps(args.selector)
        result = {
            "initial": initial, "seen": seen, "final": browser.evaluate(text_of),
            "sameDocument": browser.evaluate("window.__iedriveProbe") == "same-document",
            "live": browser.evaluate("document.body.dataset.live"), "progress": browser.evaluate(row),
            "reachedUntil": current == args.until,
        }
        if args.screenshot:
            shot = browser.call("Page.captureScreenshot", {"format": "png"})["data"]
            os.makedirs(os.path.dirname(args.screenshot) or ".", exist_ok=True)
            with open(args.screenshot, "wb") as out:
                out.write(base64.b64decode(shot))
        print(json.dumps(result))
    finally:
        browser.close()


if __name__ == "__main__":
    sys.exit(main())
