import NIOCore

/// The bucket's policy (a JSON document, S3's `?policy`): set and removed by operators and by
/// the tests that make a store refuse (the product never changes a bucket's policy).
extension S3Client {
    public func putBucketPolicy(_ json: String) throws(S3Error) {
        _ = try send("setting the policy of bucket \(endpoint.bucket)", method: .PUT, key: nil, query: [("policy", "")],
                     headers: [("content-type", "application/json")], body: ByteBuffer(string: json), signPayload: true,
                     expect: [200, 204])
    }

    public func deleteBucketPolicy() throws(S3Error) {
        _ = try send("removing the policy of bucket \(endpoint.bucket)", method: .DELETE, key: nil, query: [("policy", "")],
                     expect: [200, 204])
    }
}
