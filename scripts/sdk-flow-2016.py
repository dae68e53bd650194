"""Drives a running iedrive daemon through the 2016-11-01 era of Microsoft's Python SDK.

That is azure-mgmt-storageimportexport 0.1.0 (PyPI): msrest/msrestazure underneath, api-version
2016-11-01 on every call, synchronous create, msrest's Paged pager. Customers' older tooling
still uses it, so the daemon must serve it as it serves the current SDK (scripts/sdk-flow.py).

Run by Tests/iedriveTests/SDKFlowTests.swift with that SDK's venv python:
  sdk-flow-2016.py BASE_URL TOKEN CA_FILE KEY MANIFEST_HASH
Two tenants side by side, each with its own random subscription GUID and resource group and a
job of the same names: create, get (resource group in another case), list by resource group
with $top=1 (the pager follows nextLink page by page), list by subscription, update, keys,
delete; neither ever sees the other's jobs; 404 ResourceNotFound in an empty resource group;
locations by name with a space ("West Europe") and by id.
Prints one JSON line of facts; exits non-zero with the reason on any mismatch.

Authentication: msrest's BasicTokenAuthentication sends the daemon's token as a bearer token;
the daemon serves HTTPS with a self-signed certificate the client trusts (config.connection.verify).
"""
import json
import sys
import uuid

from msrest.authentication import BasicTokenAuthentication
from azure.mgmt.storageimportexport import StorageImportExport
from azure.mgmt.storageimportexport import models

from sdk_common import check, fail
from sdk_job import import_job


def client_for(base_url, token, ca_file, subscription):
    client = StorageImportExport(BasicTokenAuthentication({"access_token": token}), subscription, base_url=base_url)
    client.config.connection.verify = ca_file
    check(client.api_version == "2016-11-01", f"this SDK speaks {client.api_version}")
    return client


def job_body(drive_id, key, manifest_hash, subscription, group):
    return import_job(models, drive_id, key, manifest_hash, subscription, group, "sdkold", "sdk-2016")


def pages_of(paged):
    """Every page of an msrest Paged, one HTTP call each, as lists of job names."""
    pages = []
    while True:
        try:
            page = paged.advance_page()
        except StopIteration:
            return pages
        pages.append([job.name for job in page])


def expect_not_found(call, message):
    try:
        call()
    except models.ErrorResponseException as error:
        check(error.response.status_code == 404, f"{message}: HTTP {error.response.status_code}")
        check(error.error.code == "ResourceNotFound", f"{message}: code {error.error.code}")
        return
    fail(message)


def main():
    base_url, token, ca_file, key, manifest_hash = sys.argv[1:6]
    tenants = []
    for label in ("a", "b"):
        subscription = str(uuid.uuid4())
        group = f"rg-old-{label}-{uuid.uuid4().hex[:8]}"
        tenants.append((label, subscription, group, client_for(base_url, token, ca_file, subscription)))
    names = ["old-job", "old-extra-1", "old-extra-2"]

    for label, subscription, group, client in tenants:
        for name in names:
            drive = f"O{label.upper()}{name[-1].upper()}01"
            created = client.jobs.create(name, group, job_body(drive, key, manifest_hash, subscription, group))
            check(created.id == f"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ImportExport/jobs/{name}",
                  f"{label}: created id {created.id}")
            check(created.properties.state == "Creating", f"{label}: created state {created.properties.state}")
            check(created.properties.drive_list[0].bit_locker_key is None, f"{label}: create echoed the recovery key")

    for label, subscription, group, client in tenants:
        drive = f"O{label.upper()}B01"
        got = client.jobs.get("old-job", group.upper())
        check(got.properties.drive_list[0].drive_id == drive, f"{label}: get saw {got.properties.drive_list[0].drive_id}")
        check(got.location == "West Europe", f"{label}: location {got.location}")
        pages = pages_of(client.jobs.list_by_resource_group(group, top=1))
        check(pages == [[n] for n in sorted(names)], f"{label}: pages {pages}")
        listed = list(client.jobs.list_by_subscription(top=2))
        check(sorted(j.name for j in listed) == sorted(names), f"{label}: by subscription {[j.name for j in listed]}")
        check(all(f"/subscriptions/{subscription}/resourceGroups/{group}/" in j.id for j in listed),
              f"{label}: another tenant's job listed: {[j.id for j in listed]}")
        updated = client.jobs.update("old-job", group, models.UpdateJobParameters(tags={"tenant": label}, log_level="Verbose"))
        check(updated.tags == {"tenant": label} and updated.properties.log_level == "Verbose", f"{label}: update {updated.tags}")
        keys = [(k.drive_id, k.bit_locker_key) for k in client.bit_locker_keys.list("old-job", group)]
        check(keys == [(drive, key)], f"{label}: keys {keys}")
        expect_not_found(lambda: client.jobs.get("old-job", "rg-nobody"), f"{label}: a job was found in an empty resource group")

    # Deleting tenant a's job leaves tenant b's, whose tags tenant a's update never touched.
    _, _, group_a, client_a = tenants[0]
    _, _, group_b, client_b = tenants[1]
    client_a.jobs.delete("old-job", group_a)
    expect_not_found(lambda: client_a.jobs.get("old-job", group_a), "tenant a's deleted job is still there")
    check(client_b.jobs.get("old-job", group_b).tags == {"tenant": "b"}, "tenant b's job changed")
    for label, subscription, group, client in tenants:
        for name in (names if label == "b" else names[1:]):
            client.jobs.delete(name, group)
        check(list(client.jobs.list_by_subscription()) == [], f"{label}: jobs left")

    locations = tenants[0][3].locations
    by_name = locations.get("West Europe")
    by_id = locations.get(by_name.id)
    check(by_name.name == by_id.name == "West Europe", f"locations: {by_name.name} / {by_id.name}")
    every = [location.name for location in locations.list()]
    check("West Europe" in every, f"locations list: {every}")
    print(json.dumps({"ok": True, "tenants": [t[2] for t in tenants], "location": by_name.name,
                      "locationId": by_name.id, "locations": len(every)}))


if __name__ == "__main__":
    main()
