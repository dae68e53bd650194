"""An export job through Microsoft's Python SDK (azure-mgmt-storageimportexport) on a running daemon.

Run by Tests/iedriveTests/SDKExportTests.swift with the SDK venv's python:
  sdk-export-flow.py PHASE BASE_URL TOKEN CA_FILE JOB ACCOUNT BLOB_LIST_PATH
PHASE "create": create the export job (its blobs named by a blob-list XML the customer stored in
the account, blobListBlobPath), read it back (no drives yet), ship it, and check that
listBitLockerKeys has nothing. PHASE "finish": read the finished job: each drive's state, copy
status and bytes, the incomplete blob list, and the keys from listBitLockerKeys.
Prints one JSON line of facts (the finish phase includes the keys: the test opens the drives
with them); exits non-zero with the reason on any mismatch.
"""
import json
import sys

from azure.mgmt.storageimportexport import StorageImportExport
from azure.mgmt.storageimportexport import models

from sdk_common import FakeStaticCredential, check, fail

SUBSCRIPTION = "00000000-0000-0000-0000-000000000000"
GROUP = "iedrive"


def export_job(account, list_path):
    return models.PutJobParameters(
        location="West Europe",
        properties=models.JobDetails(
            storage_account_id=f"/subscriptions/{SUBSCRIPTION}/resourceGroups/{GROUP}/providers/Microsoft.Storage/storageAccounts/{account}",
            job_type="Export",
            return_address=models.ReturnAddress(
                recipient_name="Intake", street_address1="1 Quay", city="Rotterdam", postal_code="3011",
                country_or_region="Netherlands", phone="+31 10 000 0000", email="intake@example.com"),
            return_shipping=models.ReturnShipping(carrier_name="DHL", carrier_account_number="DHL-1"),
            diagnostics_path="waimportexport",
            log_level="Verbose",
            export=models.Export(blob_list_blob_path=list_path),
        ),
    )


def main():
    phase, base_url, token, ca_file, job, account, list_path = sys.argv[1:8]
    client = StorageImportExport(FakeStaticCredential(token), SUBSCRIPTION, base_url=base_url,
                                 connection_verify=ca_file)
    facts = {"ok": True, "phase": phase}
    if phase == "create":
        created = client.jobs.create(job, GROUP, export_job(account, list_path))
        check(created.properties.job_type == "Export" and created.properties.state == "Creating", f"create: {created}")
        got = client.jobs.get(job, GROUP)
        check(got.properties.export.blob_list_blob_path == list_path, f"get: export {got.properties.export}")
        check(not got.properties.drive_list, f"an export job lists no drives before its package arrives: {got.properties.drive_list}")
        shipped = client.jobs.update(job, GROUP, models.UpdateJobParameters(
            state="Shipping",
            delivery_package=models.DeliveryPackageInformation(carrier_name="DHL", tracking_number="SDKEXP1",
                                                               drive_count=2, ship_date="6/4/2024 8:00:00 AM")))
        check(shipped.properties.state == "Shipping", f"update: {shipped.properties.state}")
        keys = list(client.bit_locker_keys.list(job, GROUP))
        check(keys == [], f"keys before any drive was written: {keys}")
    elif phase == "finish":
        got = client.jobs.get(job, GROUP)
        facts["jobState"] = got.properties.state
        facts["incompleteBlobListUri"] = got.properties.incomplete_blob_list_uri
        facts["drives"] = {d.drive_id: {"state": d.state, "copyStatus": d.copy_status, "bytes": d.bytes_succeeded,
                                        "percent": d.percent_complete, "errorLogUri": d.error_log_uri}
                           for d in got.properties.drive_list}
        facts["keys"] = {k.drive_id: k.bit_locker_key for k in client.bit_locker_keys.list(job, GROUP)}
    else:
        fail(f"unknown phase {phase}")
    print(json.dumps(facts))


if __name__ == "__main__":
    main()
