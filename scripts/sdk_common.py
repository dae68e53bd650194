"""What the SDK flows share (scripts/sdk-flow.py, sdk-flow-2016.py, sdk-export-flow.py): the fake
credential that hands an SDK the daemon's token, and the one-JSON-line failure the tests read.
Imports nothing of either SDK generation at module level, so both venvs can use it.
"""
import json
import sys
import time


class FakeStaticCredential:
    """A fake azure-core TokenCredential: always the configured token."""

    def __init__(self, token):
        self.token = token

    def get_token(self, *scopes, **kwargs):
        from azure.core.credentials import AccessToken
        return AccessToken(self.token, int(time.time()) + 3600)


def fail(message):
    print(json.dumps({"ok": False, "error": message}))
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)
