import IEDriveStorageAccounts
import Testing

@Suite struct StorageAccountNameTests {
    @Test func theRule() {
        for good in ["abc", "custdata", "a1b2c3", String(repeating: "z", count: 24)] {
            #expect(StorageAccountName.problem(good) == nil, "\(good)")
        }
        for bad in ["ab", String(repeating: "z", count: 25), "CustData", "cust-data", "cust_data", "données", ""] {
            #expect(StorageAccountName.problem(bad) != nil, "\(bad)")
        }
    }

    @Test func theIdNamesTheAccount() {
        let id = "/subscriptions/1111/resourceGroups/rg-1/providers/Microsoft.Storage/storageAccounts/custdata"
        #expect(StorageAccountName.fromResourceId(id) == "custdata")
        #expect(StorageAccountName.fromResourceId(id.replacingOccurrences(of: "Microsoft.Storage", with: "microsoft.storage")) == "custdata")
        #expect(StorageAccountName.fromResourceId(id + "/extra") == nil)
        #expect(StorageAccountName.fromResourceId(id.replacingOccurrences(of: "storageAccounts", with: "vaults")) == nil)
        #expect(StorageAccountName.fromResourceId(id.replacingOccurrences(of: "custdata", with: "Cust-Data")) == nil)
        #expect(StorageAccountName.fromResourceId("custdata") == nil)
    }

    @Test func theConnectionStringIsPathStyle() {
        let key = StorageAccountKey.generate()
        let text = StorageConnectionString.make(account: "custdata", key: key, endpoint: "http://127.0.0.1:10000")
        #expect(text == "DefaultEndpointsProtocol=http;AccountName=custdata;AccountKey=\(key.base64);"
            + "BlobEndpoint=http://127.0.0.1:10000/custdata;")
    }
}
