/// The responses of rest-api.md §8, verbatim: the encoder must produce these documents (same
/// members, same order, same values).
enum SpecExamples {
    /// §8.1: the 201 answer to the create.
    static let created = #"""
    {
      "id": "/subscriptions/7d1e6c2a-4b9f-4e1a-a3c5-2f8b9d0e6a14/resourceGroups/rg-ingest/providers/Microsoft.ImportExport/jobs/harbor-import-01",
      "name": "harbor-import-01",
      "type": "Microsoft.ImportExport/jobs",
      "location": "West Europe",
      "tags": { "project": "harbor" },
      "systemData": {
        "createdBy": "ops@contoso.example",
        "createdByType": "User",
        "createdAt": "2024-06-03T09:12:44.5210000Z",
        "lastModifiedBy": "ops@contoso.example",
        "lastModifiedByType": "User",
        "lastModifiedAt": "2024-06-03T09:12:44.5210000Z"
      },
      "identity": { "type": "None" },
      "properties": {
        "storageAccountId": "/subscriptions/7d1e6c2a-4b9f-4e1a-a3c5-2f8b9d0e6a14/resourceGroups/rg-ingest/providers/Microsoft.Storage/storageAccounts/contosodata",
        "jobType": "Import",
        "returnAddress": {
          "recipientName": "Data Intake Desk",
          "streetAddress1": "12 Quay Road",
          "city": "Rotterdam",
          "postalCode": "3011 AA",
          "countryOrRegion": "Netherlands",
          "phone": "+31 10 000 0000",
          "email": "intake@contoso.example"
        },
        "returnShipping": { "carrierName": "DHL", "carrierAccountNumber": "DHL-000123" },
        "shippingInformation": {
          "recipientName": "Simulated Import/Export Intake",
          "streetAddress1": "1 Example Dock",
          "streetAddress2": "",
          "city": "Testdam",
          "stateOrProvince": "NH",
          "postalCode": "1000 ZZ",
          "countryOrRegion": "Netherlands",
          "phone": "+31 20 000 0000",
          "additionalInformation": ""
        },
        "diagnosticsPath": "waimportexport",
        "logLevel": "Verbose",
        "backupDriveManifest": true,
        "state": "Creating",
        "cancelRequested": false,
        "driveList": [
          {
            "driveId": "ZA1B2C3D",
            "manifestFile": "\\DriveManifest.xml",
            "manifestHash": "7E1F3C0A55B2D4C6E8F90A1B2C3D4E5F",
            "driveHeaderHash": "",
            "state": "Specified"
          },
          {
            "driveId": "ZB4E5F6A",
            "manifestFile": "\\DriveManifest.xml",
            "manifestHash": "0D9C8B7A69584736251403F2E1D0C9B8",
            "driveHeaderHash": "",
            "state": "Specified"
          }
        ],
        "provisioningState": "Succeeded",
        "encryptionKey": { "kekType": "MicrosoftManaged" }
      }
    }
    """#

    /// §8.2: the job with two drives mid-copy.
    static let midCopy = #"""
    {
      "id": "/subscriptions/7d1e6c2a-4b9f-4e1a-a3c5-2f8b9d0e6a14/resourceGroups/rg-ingest/providers/Microsoft.ImportExport/jobs/harbor-import-01",
      "name": "harbor-import-01",
      "type": "Microsoft.ImportExport/jobs",
      "location": "West Europe",
      "tags": { "project": "harbor" },
      "systemData": {
        "createdBy": "ops@contoso.example",
        "createdByType": "User",
        "createdAt": "2024-06-03T09:12:44.5210000Z",
        "lastModifiedBy": "ops@contoso.example",
        "lastModifiedByType": "User",
        "lastModifiedAt": "2024-06-04T08:03:10.0040000Z"
      },
      "identity": { "type": "None" },
      "properties": {
        "storageAccountId": "/subscriptions/7d1e6c2a-4b9f-4e1a-a3c5-2f8b9d0e6a14/resourceGroups/rg-ingest/providers/Microsoft.Storage/storageAccounts/contosodata",
        "jobType": "Import",
        "returnAddress": {
          "recipientName": "Data Intake Desk",
          "streetAddress1": "12 Quay Road",
          "city": "Rotterdam",
          "postalCode": "3011 AA",
          "countryOrRegion": "Netherlands",
          "phone": "+31 10 000 0000",
          "email": "intake@contoso.example"
        },
        "returnShipping": { "carrierName": "DHL", "carrierAccountNumber": "DHL-000123" },
        "shippingInformation": {
          "recipientName": "Simulated Import/Export Intake",
          "streetAddress1": "1 Example Dock",
          "streetAddress2": "",
          "city": "Testdam",
          "stateOrProvince": "NH",
          "postalCode": "1000 ZZ",
          "countryOrRegion": "Netherlands",
          "phone": "+31 20 000 0000",
          "additionalInformation": ""
        },
        "deliveryPackage": {
          "carrierName": "DHL",
          "trackingNumber": "JD0140000000001",
          "driveCount": 2,
          "shipDate": "6/4/2024 8:00:00 AM"
        },
        "diagnosticsPath": "waimportexport",
        "logLevel": "Verbose",
        "backupDriveManifest": true,
        "state": "Transferring",
        "cancelRequested": false,
        "percentComplete": 32,
        "driveList": [
          {
            "driveId": "ZA1B2C3D",
            "manifestFile": "\\DriveManifest.xml",
            "manifestHash": "7E1F3C0A55B2D4C6E8F90A1B2C3D4E5F",
            "driveHeaderHash": "",
            "state": "Transferring",
            "copyStatus": "InProgress",
            "percentComplete": 62,
            "bytesSucceeded": 620000000000
          },
          {
            "driveId": "ZB4E5F6A",
            "manifestFile": "\\DriveManifest.xml",
            "manifestHash": "0D9C8B7A69584736251403F2E1D0C9B8",
            "driveHeaderHash": "",
            "state": "Transferring",
            "copyStatus": "InProgress",
            "percentComplete": 18,
            "bytesSucceeded": 360000000000
          }
        ],
        "provisioningState": "Succeeded",
        "encryptionKey": { "kekType": "MicrosoftManaged" }
      }
    }
    """#

    /// §8.4: cancel after shipping.
    static let cancelTooLate = #"""
    {
      "error": {
        "code": "InvalidJobState",
        "message": "Job 'harbor-import-01' is in state 'Transferring' and can no longer be cancelled. Cancellation is only possible while the job is in state 'Creating'.",
        "target": "properties.cancelRequested"
      }
    }
    """#
}
