"""The import job body both SDK flows create (scripts/sdk-flow.py, scripts/sdk-flow-2016.py).

Both generations of azure-mgmt-storageimportexport name their models alike; `models` is the
SDK's own models module, so each flow builds the body with the SDK it exercises.
"""


def import_job(models, drive_id, key, manifest_hash, subscription, group, account, source):
    return models.PutJobParameters(
        location="West Europe",
        tags={"source": source},
        properties=models.JobDetails(
            storage_account_id=f"/subscriptions/{subscription}/resourceGroups/{group}/providers/Microsoft.Storage/storageAccounts/{account}",
            job_type="Import",
            return_address=models.ReturnAddress(
                recipient_name="Intake", street_address1="1 Quay", city="Rotterdam", postal_code="3011",
                country_or_region="Netherlands", phone="+31 10 000 0000", email="intake@example.com"),
            return_shipping=models.ReturnShipping(carrier_name="DHL", carrier_account_number="DHL-1"),
            diagnostics_path="waimportexport",
            log_level="Error",
            drive_list=[models.DriveStatus(drive_id=drive_id, bit_locker_key=key,
                                           manifest_file="\\DriveManifest.xml", manifest_hash=manifest_hash,
                                           drive_header_hash="")],
        ),
    )
