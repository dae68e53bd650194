"""Drives a running iedrive daemon through Microsoft's Python SDK (azure-mgmt-storageimportexport).

Run by Tests/iedriveTests/SDKFlowTests.swift with the venv's python:
  sdk-flow.py PHASE BASE_URL TOKEN CA_FILE JOB DRIVE_ID KEY MANIFEST_HASH
PHASE "create": create the job (plus two more for paging), get it, list with paging, ship it,
read its keys, check delete is refused while active. PHASE "complete": read the finished drive.
PHASE "tenants": two tenants side by side, each its own random subscription GUID and resource
group, both with a job of the same name: create, get, list with paging (by resource group and
by subscription), update, keys, delete; neither ever sees the other's jobs. Locations by name
with a space ("West Europe") and by id.
Prints one JSON line of facts; exits non-zero with the reason on any mismatch.

Authentication: a fake credential (FakeStaticCredential) hands the SDK the daemon's token; the
daemon serves HTTPS with a self-signed certificate the client trusts through connection_verify,
so azure-core's bearer policy (which refuses plain http) runs unchanged.
"""
import json
import sys
import uuid

from azure.core.exceptions import HttpResponseError, ResourceNotFoundError
from azure.mgmt.storageimportexport import StorageImportExport
from azure.mgmt.storageimportexport import models

from sdk_common import FakeStaticCredential, check, fail
from sdk_job import import_job

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
GROUP = "iedrive"


def job_body(drive_id, key, manifest_hash, subscription=SUBSCRIPTION, group=GROUP):
    return import_job(models, drive_id, key, manifest_hash, subscription, group, "sdkdata", "sdk")


def tenants(base_url, token, ca_file, key, manifest_hash):
    """Two tenants, the same job names in both; returns facts."""
    tenants = []
    for label in ("a", "b"):
        subscription = str(uuid.uuid4())
        group = f"rg-{label}-{uuid.uuid4().hex[:8]}"
        client = StorageImportExport(FakeStaticCredential(token), subscription, base_url=base_url,
                                     connection_verify=ca_file)
        tenants.append((label, subscription, group, client))
    names = ["tenant-job", "tenant-extra-1", "tenant-extra-2"]
    for label, subscription, group, client in tenants:
        for name in names:
            drive = f"T{label.upper()}{name[-1].upper()}01"
            created = client.jobs.create(name, group, job_body(drive, key, manifest_hash, subscription, group))
            check(created.id == f"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.ImportExport/jobs/{name}",
                  f"{label}: created id {created.id}")
    for label, subscription, group, client in tenants:
        drive = f"T{label.upper()}B01"
        got = client.jobs.get("tenant-job", group.upper())
        check(got.properties.drive_list[0].drive_id == drive, f"{label}: get saw {got.properties.drive_list[0].drive_id}")
        pages = [[j.name for j in page] for page in client.jobs.list_by_resource_group(group, top=1).by_page()]
        check(pages == [[n] for n in sorted(names)], f"{label}: pages {pages}")
        listed = list(client.jobs.list_by_subscription(top=2))
        check(sorted(j.name for j in listed) == sorted(names), f"{label}: by subscription {[j.name for j in listed]}")
        check(all(f"/subscriptions/{subscription}/resourceGroups/{group}/" in j.id for j in listed),
              f"{label}: another tenant's job listed: {[j.id for j in listed]}")
        updated = client.jobs.update("tenant-job", group, models.UpdateJobParameters(tags={"tenant": label}))
        check(updated.tags == {"tenant": label}, f"{label}: update {updated.tags}")
        keys = [(k.drive_id, k.bit_locker_key) for k in client.bit_locker_keys.list("tenant-job", group)]
        check(keys == [(drive, key)], f"{label}: keys {keys}")
        try:
            client.jobs.get("tenant-job", "rg-nobody")
            fail(f"{label}: a job was found in an empty resource group")
        except ResourceNotFoundError:
            pass
    # Deleting tenant a's job leaves tenant b's, whose tags tenant a's update never touched.
    _, _, group_a, client_a = tenants[0]
    _, _, group_b, client_b = tenants[1]
    client_a.jobs.delete("tenant-job", group_a)
    try:
        client_a.jobs.get("tenant-job", group_a)
        fail("tenant a's deleted job is still there")
    except ResourceNotFoundError:
        pass
    check(client_b.jobs.get("tenant-job", group_b).tags == {"tenant": "b"}, "tenant b's job changed")
    for label, subscription, group, client in tenants:
        client.jobs.delete("tenant-job", group) if label == "b" else None
        for name in names[1:]:
            client.jobs.delete(name, group)
        check(list(client.jobs.list_by_subscription()) == [], f"{label}: jobs left")
    locations = tenants[0][3].locations
    by_name = locations.get("West Europe")
    by_id = locations.get(by_name.id)
    check(by_name.name == by_id.name == "West Europe", f"locations: {by_name.name} / {by_id.name}")
    return {"tenants": [t[2] for t in tenants], "location": by_name.name, "locationId": by_name.id}


def main():
    phase, base_url, token, ca_file, job, drive_id, key, manifest_hash = sys.argv[1:9]
    client = StorageImportExport(FakeStaticCredential(token), SUBSCRIPTION, base_url=base_url,
                                 connection_verify=ca_file)
    facts = {"ok": True, "phase": phase}
    if phase == "create":
        created = client.jobs.create(job, GROUP, job_body(drive_id, key, manifest_hash))
        check(created.name == job and created.properties.state == "Creating", f"create: {created}")
        check(created.properties.drive_list[0].bit_locker_key is None, "create echoed the recovery key")
        for extra in ("sdk-extra-1", "sdk-extra-2"):
            client.jobs.create(extra, GROUP, job_body(extra.upper().replace("-", ""), key, manifest_hash))
        got = client.jobs.get(job, GROUP)
        check(got.properties.drive_list[0].drive_id == drive_id, f"get: {got}")
        # $top=1: the pager follows nextLink through three pages. The manual clock gives the
        # three jobs one creation instant, so the stable order falls to their names.
        expected = sorted([job, "sdk-extra-1", "sdk-extra-2"])
        pages = [list(page) for page in client.jobs.list_by_resource_group(GROUP, top=1).by_page()]
        names = [[j.name for j in page] for page in pages]
        check(names == [[name] for name in expected], f"pages: {names}")
        by_subscription = [j.name for j in client.jobs.list_by_subscription(top=2)]
        check(by_subscription == expected, f"by subscription: {by_subscription}")
        creating = [j.name for j in client.jobs.list_by_resource_group(GROUP, filter="state eq 'Creating'")]
        check(len(creating) == 3, f"filter: {creating}")
        shipped = client.jobs.update(job, GROUP, models.UpdateJobParameters(
            state="Shipping",
            delivery_package=models.DeliveryPackageInformation(carrier_name="DHL", tracking_number="SDK123",
                                                               drive_count=1, ship_date="6/4/2024 8:00:00 AM")))
        check(shipped.properties.state == "Shipping", f"update: {shipped.properties.state}")
        keys = list(client.bit_locker_keys.list(job, GROUP))
        check([(k.drive_id, k.bit_locker_key) for k in keys] == [(drive_id, key)], "listBitLockerKeys did not return the key")
        try:
            client.jobs.delete(job, GROUP)
            fail("delete of a Shipping job succeeded")
        except HttpResponseError as error:
            check(error.status_code == 409 and error.error.code == "InvalidJobState", f"delete refusal: {error}")
            facts["deleteRefusal"] = error.error.code
        try:
            client.jobs.get("no-such-job", GROUP)
            fail("get of an unknown job succeeded")
        except ResourceNotFoundError as error:
            facts["notFound"] = error.error.code
        client.jobs.delete("sdk-extra-2", GROUP)
        facts["remaining"] = [j.name for j in client.jobs.list_by_resource_group(GROUP)]
    elif phase == "tenants":
        facts.update(tenants(base_url, token, ca_file, key, manifest_hash))
    elif phase == "complete":
        got = client.jobs.get(job, GROUP)
        drive = got.properties.drive_list[0]
        check(drive.state == "Completed", f"drive state {drive.state}")
        check(drive.percent_complete == 100 and (drive.bytes_succeeded or 0) > 0, f"drive {drive}")
        check(drive.error_log_uri, "no error log URI")
        facts.update(state=drive.state, bytes=drive.bytes_succeeded, jobState=got.properties.state,
                     percent=got.properties.percent_complete)
    else:
        fail(f"unknown phase {phase}")
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
