"""Drives a running iedrive daemon's Blob endpoint through Microsoft's azure-storage-blob SDK.

Run by Tests/iedriveTests/BlobSDKTests.swift with the venv's python:
  blob-sdk-flow.py CONNECTION_STRING
Each step checks its result; the script prints one JSON line of facts and exits 0, or prints
{"ok": false, "error": ...} and exits 1 at the first mismatch.
"""
import base64
import datetime
import hashlib
import json
import os
import sys
import urllib.error
import urllib.request

from azure.core.exceptions import ClientAuthenticationError, HttpResponseError, ResourceExistsError, ResourceNotFoundError
from azure.storage.blob import (AccountSasPermissions, BlobSasPermissions, BlobServiceClient, ContainerClient,
                                ContentSettings, ResourceTypes, generate_account_sas, generate_blob_sas)


def fail(message):
    print(json.dumps({"ok": False, "error": message}))
    sys.exit(1)


def check(condition, message):
    if not condition:
        fail(message)


def refused(call, kind):
    try:
        call()
    except kind as error:
        return getattr(error, "error_code", None) or type(error).__name__
    except HttpResponseError as error:
        fail(f"expected {kind.__name__}, got {error.status_code} {error.error_code}")
    fail(f"expected {kind.__name__}, the call succeeded")


def main():
    connection_string = sys.argv[1]
    fields = dict(part.split("=", 1) for part in connection_string.strip(";").split(";"))
    account, key, endpoint = fields["AccountName"], fields["AccountKey"], fields["BlobEndpoint"]
    facts = {}
    service = BlobServiceClient.from_connection_string(connection_string)
    container = service.create_container("photos")
    refused(lambda: service.create_container("photos"), ResourceExistsError)
    check([c.name for c in service.list_containers()] == ["photos"], "list containers")

    # Upload in one call, with properties and metadata; read back properties, bytes, a range.
    small = os.urandom(100_000)
    container.upload_blob("2024/jan/a b.jpg", small, metadata={"owner": "ops"},
                          content_settings=ContentSettings(content_type="image/jpeg", cache_control="no-cache"))
    blob = container.get_blob_client("2024/jan/a b.jpg")
    properties = blob.get_blob_properties()
    check(properties.size == len(small), "size")
    check(properties.content_settings.content_type == "image/jpeg", "content type")
    check(properties.content_settings.cache_control == "no-cache", "cache control")
    check(properties.metadata == {"owner": "ops"}, f"metadata {properties.metadata}")
    check(properties.content_settings.content_md5 == hashlib.md5(small).digest(), "stored MD5 of a one-call upload")
    check(blob.download_blob().readall() == small, "download")
    check(blob.download_blob(offset=1000, length=5000).readall() == small[1000:6000], "ranged download")
    check(blob.download_blob(offset=99_990).readall() == small[99_990:], "download of the tail")

    # Upload in staged blocks with their MD5s (validate_content), then by hand: blocks, list.
    big = os.urandom(9 * 1024 * 1024 + 7)
    staged = BlobServiceClient.from_connection_string(connection_string, max_single_put_size=4 * 1024 * 1024,
                                                      max_block_size=4 * 1024 * 1024).get_blob_client("photos", "big.bin")
    staged.upload_blob(big, validate_content=True, metadata={"kind": "blocks"})
    check(container.get_blob_client("big.bin").download_blob(max_concurrency=2).readall() == big, "block upload round trip")
    manual = container.get_blob_client("manual.bin")
    ids = [base64.b64encode(f"block-{i:03d}".encode()).decode() for i in range(3)]
    parts = [os.urandom(1000 + i) for i in range(3)]
    for block_id, part in zip(ids, parts):
        manual.stage_block(block_id, part, validate_content=True)
    uncommitted = manual.get_block_list("uncommitted")[1]
    check(sorted(b.id for b in uncommitted) == sorted(ids), f"uncommitted blocks {uncommitted}")
    whole = b"".join(parts)
    manual.commit_block_list(ids[::-1] and ids, content_settings=ContentSettings(content_md5=hashlib.md5(whole).digest()))
    check(manual.download_blob().readall() == whole, "committed block list")
    check(manual.get_blob_properties().content_settings.content_md5 == hashlib.md5(whole).digest(), "MD5 set at commit")
    refused(lambda: manual.commit_block_list([ids[0]]), HttpResponseError)   # the blocks went with the commit

    # A block whose Content-MD5 is wrong is refused (400 Md5Mismatch): sent by hand with a SAS.
    write_sas = generate_account_sas(account, key, ResourceTypes(object=True), AccountSasPermissions(write=True),
                                     expiry=datetime.datetime.utcnow() + datetime.timedelta(hours=1))
    request = urllib.request.Request(f"{endpoint}/photos/bad.bin?comp=block&blockid={ids[0]}&{write_sas}", data=b"hello",
                                     method="PUT", headers={"Content-MD5": base64.b64encode(b"0" * 16).decode(),
                                                            "x-ms-version": "2026-10-06"})
    try:
        urllib.request.urlopen(request)
        fail("a block with a wrong Content-MD5 was accepted")
    except urllib.error.HTTPError as error:
        check(error.code == 400 and error.headers.get("x-ms-error-code") == "Md5Mismatch", f"Md5Mismatch: {error.code}")
    facts["md5Mismatch"] = "400 Md5Mismatch"

    # Listing: paging, prefix, delimiter.
    for i in range(7):
        container.upload_blob(f"logs/day{i % 3}/part{i}.txt", b"x" * i)
    names = [b.name for b in container.list_blobs()]
    check(names == sorted(names, key=lambda n: n.encode()), "names in byte order")
    pages = [[b.name for b in page] for page in container.list_blobs(results_per_page=3).by_page()]
    check(sum(pages, []) == names and all(len(p) <= 3 for p in pages) and len(pages) >= 4, f"paging {pages}")
    check([b.name for b in container.list_blobs(name_starts_with="logs/day1/")] == ["logs/day1/part1.txt", "logs/day1/part4.txt"],
          "prefix")
    top = [item.name for item in container.walk_blobs(delimiter="/")]
    # The SDK puts a page's folders before its blobs.
    check(top == ["2024/", "logs/", "big.bin", "manual.bin"], f"delimiter at the top: {top}")
    inner = [item.name for item in container.walk_blobs(name_starts_with="logs/", delimiter="/")]
    check(inner == ["logs/day0/", "logs/day1/", "logs/day2/"], f"delimiter inside: {inner}")
    facts["listed"] = len(names)

    # Metadata.
    manual.set_blob_metadata({"reviewed": "yes"})
    check(manual.get_blob_properties().metadata == {"reviewed": "yes"}, "set metadata")

    # SAS: an account SAS for reading and listing works; it cannot write; an expired one and a
    # blob SAS for another blob are refused; a blob SAS reads its blob.
    now = datetime.datetime.utcnow()
    read_sas = generate_account_sas(account, key, ResourceTypes(container=True, object=True),
                                    AccountSasPermissions(read=True, list=True), expiry=now + datetime.timedelta(hours=1))
    reader = ContainerClient(f"{endpoint}", "photos", credential=read_sas)
    check(reader.get_blob_client("big.bin").download_blob().readall() == big, "account SAS read")
    check(len(list(reader.list_blobs())) == len(names), "account SAS list")
    facts["sasWriteRefused"] = refused(lambda: reader.upload_blob("new.bin", b"nope"), HttpResponseError)
    expired = generate_account_sas(account, key, ResourceTypes(container=True, object=True), AccountSasPermissions(read=True),
                                   expiry=now - datetime.timedelta(minutes=5), start=now - datetime.timedelta(hours=1))
    facts["sasExpired"] = refused(
        lambda: ContainerClient(endpoint, "photos", credential=expired).get_blob_client("big.bin").download_blob().readall(),
        ClientAuthenticationError)
    blob_sas = generate_blob_sas(account, "photos", "big.bin", account_key=key, permission=BlobSasPermissions(read=True),
                                 expiry=now + datetime.timedelta(hours=1))
    single = ContainerClient(endpoint, "photos", credential=blob_sas)
    check(single.get_blob_client("big.bin").download_blob().readall() == big, "blob SAS read")
    facts["blobSasOtherBlob"] = refused(lambda: single.get_blob_client("manual.bin").download_blob().readall(),
                                        ClientAuthenticationError)

    # A wrong key and no credential at all are refused.
    wrong = connection_string.replace(key, base64.b64encode(os.urandom(64)).decode())
    facts["wrongKey"] = refused(lambda: list(BlobServiceClient.from_connection_string(wrong).list_containers()),
                                ClientAuthenticationError)
    facts["anonymous"] = refused(lambda: list(ContainerClient(endpoint, "photos").list_blobs()), HttpResponseError)

    # Delete a blob, then the container with what is left.
    manual.delete_blob()
    refused(lambda: manual.get_blob_properties(), ResourceNotFoundError)
    service.delete_container("photos")
    check([c.name for c in service.list_containers()] == [], "container deleted")
    refused(lambda: container.get_blob_client("big.bin").download_blob().readall(), ResourceNotFoundError)
    facts["ok"] = True
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
