import IEDriveAPI
import IEDriveCore
import Testing

@Suite struct LocationsAndOperationsTests {
    @Test func locationsAreFoundByEitherName() throws {
        let catalog = LocationCatalog.simulated
        for name in ["West Europe", "westeurope", "WESTEUROPE", "West  europe", "WestEurope"] {
            #expect(catalog.location(named: name)?.shortName == "westeurope")
        }
        #expect(catalog.location(named: "westus")?.displayName == "West US")
        let error = armError { _ = try catalog.require("Mars") }
        #expect(error?.httpStatus == 404)
        #expect(error?.code == "ResourceNotFound")
    }

    @Test func locationBodyPerVersion() throws {
        let westEurope = try LocationCatalog.simulated.require("westeurope")
        let new = text(LocationEncoder(version: .latest).location(westEurope).body)
        #expect(new == #"{"id":"/providers/Microsoft.ImportExport/locations/westeurope","name":"West Europe","type":"Microsoft.ImportExport/locations","properties":{"recipientName":"Simulated Import/Export Intake","streetAddress1":"1 Example Dock","streetAddress2":"","city":"Testdam","stateOrProvince":"NH","postalCode":"1000 ZZ","countryOrRegion":"Netherlands","phone":"+31 20 000 0000","additionalShippingInformation":"","supportedCarriers":["DHL"],"alternateLocations":["/providers/Microsoft.ImportExport/locations/westeurope"]}}"#)
        let old = text(LocationEncoder(version: .v2016_11_01).location(westEurope).body)
        #expect(!old.contains("additionalShippingInformation"))
        #expect(text(LocationEncoder(version: .v2016_11_01, fieldPolicy: .superset).location(westEurope).body) == new)
    }

    @Test func locationListHasEveryLocationAndNoNextLink() throws {
        let list = try JSONObjectReader(try JSONParser.parse(LocationEncoder(version: .latest).list(.simulated).body))
        let names = try (list.objects("value") ?? []).map { try $0.requiredString("name") }
        #expect(names == ["West Europe", "West US"])
        #expect(!list.contains("nextLink"))
    }

    @Test func operationsListNamesAreExact() throws {
        let list = try JSONObjectReader(try JSONParser.parse(OperationsCatalog.json.body))
        let entries = try list.objects("value") ?? []
        #expect(try entries.map { try $0.requiredString("name") } == [
            "Microsoft.ImportExport/locations/read", "Microsoft.ImportExport/jobs/write", "Microsoft.ImportExport/jobs/read",
            "Microsoft.ImportExport/jobs/listBitLockerKeys/action", "Microsoft.ImportExport/jobs/delete",
            "Microsoft.ImportExport/register/action",
        ])
        for entry in entries {
            let display = try entry.requiredObject("display")
            #expect(try display.string("provider") == "Microsoft Import/Export")
            #expect(try ["Locations", "Jobs", "Import/Export Resource Provider"].contains(display.requiredString("resource")))
            #expect(try !display.requiredString("operation").isEmpty && !display.requiredString("description").isEmpty)
        }
    }

    @Test func storageAccountIDShapes() {
        #expect(StorageAccountID.isWellFormed(APIFixture.storageAccountId))
        #expect(StorageAccountID.accountName(APIFixture.storageAccountId) == "contosodata")
        #expect(StorageAccountID.isWellFormed("/subscriptions/s/resourcegroups/r/providers/microsoft.classicstorage/storageaccounts/a"))
        for bad in ["contosodata", "/subscriptions/s/resourceGroups/r/providers/Microsoft.Compute/storageAccounts/a",
                    "/subscriptions//resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a",
                    "/subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a/",
                    "subscriptions/s/resourceGroups/r/providers/Microsoft.Storage/storageAccounts/a"] {
            #expect(!StorageAccountID.isWellFormed(bad), "\(bad)")
        }
    }
}
