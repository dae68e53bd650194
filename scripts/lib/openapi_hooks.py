"""Schemathesis hooks for iedrive's OpenAPI document (loaded by scripts/check-openapi through
SCHEMATHESIS_HOOKS).

The document states the server's input rules as schema patterns where a regular expression
can hold them. Three rules it cannot hold are named formats instead, each described in the
document; schemathesis knows nothing of a format it has not been given, so it would draw
arbitrary strings for them and the server would rightly refuse those "valid" values. These
strategies draw values the server accepts (a plain subset of each rule is enough):

  blob-path         container/blob of an export blob list (blob-list.md): container name
                    rules, blob-name rules in UTF-16 code units, segment counts, snapshots.
  blob-path-prefix  a prefix starting with '/': the start of a container name, or a
                    container and the start of a blob name.
  diagnostics-path  a container and folders; the pattern states all of it but the length
                    limit, which counts UTF-16 code units (maxLength counts code points).

Negative tests never negate a format (there is nothing to negate it with), so these only
feed the positive ones.

One array rule is not JSON Schema either: an import job's driveList names each driveId once
(`x-unique-by: driveId` in the document). `map_case` gives a valid drive list that repeats an
id fresh ids instead, so a positive case stays valid.
"""

import schemathesis
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation

# A container name: lower-case letters and digits (the hyphen rules are left out).
container = st.from_regex(r"\A[a-z0-9]{3,12}\Z")
# A blob-name segment: no '.', so no '.'/'..' segment and no trailing dot.
segment = st.from_regex(r"\A[A-Za-z0-9_-]{1,12}\Z")
folders = st.lists(segment, min_size=1, max_size=3).map("/".join)

blob_path = st.builds(lambda leading, box, name: ("/" if leading else "") + box + "/" + name,
                      st.booleans(), container, folders)

blob_path_prefix = st.one_of(
    st.just("/"),
    st.from_regex(r"\A/[a-z0-9]{1,12}\Z"),
    st.builds(lambda box, start: "/" + box + "/" + start, container, st.from_regex(r"\A[A-Za-z0-9_/-]{0,24}\Z")),
)

diagnostics_path = st.one_of(
    container,
    st.builds(lambda box, path: box + "/" + path, container, folders),
)

schemathesis.openapi.format("blob-path", blob_path)
schemathesis.openapi.format("blob-path-prefix", blob_path_prefix)
schemathesis.openapi.format("diagnostics-path", diagnostics_path)


@schemathesis.hook
def map_case(context, case):
    meta = case.meta
    if meta is not None and meta.is_negative_at(ParameterLocation.BODY):
        return case
    body = case.body
    properties = body.get("properties") if isinstance(body, dict) else None
    drives = properties.get("driveList") if isinstance(properties, dict) else None
    if not isinstance(drives, list):
        return case
    seen = set()
    for drive in drives:
        if not isinstance(drive, dict) or not isinstance(drive.get("driveId"), str):
            continue
        drive_id, n = drive["driveId"], 0
        while drive_id in seen:
            n += 1
            suffix = "~%d" % n
            drive_id = drive["driveId"][: 128 - len(suffix)] + suffix
        drive["driveId"] = drive_id
        seen.add(drive_id)
    return case
