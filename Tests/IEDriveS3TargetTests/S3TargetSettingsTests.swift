import IEDriveS3
import IEDriveS3Target
import Testing

@Suite struct S3TargetSettingsTests {
    static let file = S3TargetSettings.FileSection(endpoint: "http://10.0.0.5:7480", region: "eu-1", accessKeyID: "FILEKEY",
                                                   secretAccessKey: "file-secret", path: "/etc/iedrive/iedrive.toml", mode: 0o600)

    @Test func addressesNameABucketAndAPrefix() throws {
        let bare = try #require(try S3TargetSettings.parseAddress("s3://intake"))
        #expect(bare.bucket == "intake" && bare.prefix == "")
        let prefixed = try #require(try S3TargetSettings.parseAddress("s3://intake/site-a//drives/"))
        #expect(prefixed.bucket == "intake" && prefixed.prefix == "site-a/drives")
        let local = try S3TargetSettings.parseAddress("/srv/target")
        #expect(local == nil)
        for bad in ["s3://In_Take", "s3://ab", "s3://-intake", "s3://intake/../x", "s3://intake/.iedrive", "s3://intake/p?x=1"] {
            #expect(throws: S3ConfigurationError.self, "\(bad)") { try S3TargetSettings.parseAddress(bad) }
        }
    }

    @Test func theEnvironmentComesFirst() throws {
        let settings = try S3TargetSettings.resolve(address: "s3://intake/site-a", environment: [
            "AWS_ENDPOINT_URL": "http://127.0.0.1:7480", "AWS_ACCESS_KEY_ID": "ENVKEY", "AWS_SECRET_ACCESS_KEY": "env-secret",
            "AWS_REGION": "us-west-2", "AWS_SESSION_TOKEN": "tok",
        ], file: Self.file)
        #expect(settings.endpoint.hostHeader == "127.0.0.1:7480" && settings.endpoint.pathStyle && settings.endpoint.region == "us-west-2")
        #expect(settings.credentials == S3Credentials(accessKeyID: "ENVKEY", secretAccessKey: "env-secret", sessionToken: "tok"))
        #expect(settings.layout.prefix == "site-a/")
        #expect("\(settings)" == "s3://intake/site-a at http://127.0.0.1:7480")
        #expect(!"\(settings)".contains("secret") && !"\(settings.credentials)".contains("env-secret"))
    }

    @Test func theFileFillsInAndMustBePrivate() throws {
        let settings = try S3TargetSettings.resolve(address: "s3://intake", environment: [:], file: Self.file)
        #expect(settings.credentials.accessKeyID == "FILEKEY" && settings.endpoint.hostHeader == "10.0.0.5:7480"
                && settings.endpoint.region == "eu-1")
        var open = Self.file
        open.mode = 0o644
        let refused = #expect(throws: S3ConfigurationError.self) {
            try S3TargetSettings.resolve(address: "s3://intake", environment: [:], file: open)
        }
        #expect(refused?.description.contains("chmod 600 /etc/iedrive/iedrive.toml") == true && refused?.description.contains("file-secret") == false)
    }

    @Test func missingCredentialsAreNamed() throws {
        let none = #expect(throws: S3ConfigurationError.self) {
            try S3TargetSettings.resolve(address: "s3://intake", environment: [:], file: nil)
        }
        #expect(none?.description.contains("AWS_ACCESS_KEY_ID") == true)
        let half = #expect(throws: S3ConfigurationError.self) {
            try S3TargetSettings.resolve(address: "s3://intake", environment: ["AWS_ACCESS_KEY_ID": "K"], file: nil)
        }
        #expect(half?.description.contains("AWS_SECRET_ACCESS_KEY is not") == true)
        #expect(try S3TargetSettings.resolve(address: "s3://intake", environment: ["AWS_ACCESS_KEY_ID": "K", "AWS_SECRET_ACCESS_KEY": "S"],
                                             file: nil).endpoint.hostHeader == "intake.s3.us-east-1.amazonaws.com")
    }
}
