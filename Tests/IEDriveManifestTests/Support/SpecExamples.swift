/// The examples of shared/spec, byte for byte (each ends with its final LF, as the spec's
/// code blocks do). Tests check that they parse and validate.
enum SpecExamples {
    /// drive-manifest.md §10.
    static let importManifest = #"""
<?xml version="1.0" encoding="UTF-8"?>
<DriveManifest Version="2014-11-01">
  <Drive>
    <DriveId>ZA1B2C3D</DriveId>
    <StorageAccountKey>c2ltdWxhdG9yLWtleS1kby1ub3QtdXNlLWFueXdoZXJlLTAwMDAwMDAwMDAwMDAwMDA=</StorageAccountKey>
    <ClientCreator>iedrive example</ClientCreator>
    <BlobList>
      <MetadataPath Hash="4C56AC8A6227E8D2E199323BBCCE8702">\s1\meta.xml</MetadataPath>
      <Blob>
        <BlobPath>surveys/harbor/survey.bin</BlobPath>
        <FilePath>\s1\harbor\survey.bin</FilePath>
        <ClientData>batch 7</ClientData>
        <Length>10498105</Length>
        <ImportDisposition>no-overwrite</ImportDisposition>
        <BlockList>
          <Block Offset="0" Length="4194304" Id="YmxrMDAwMDAwMA==" Hash="01BB1AC3926B4B4A62234E9FECD44E7D"/>
          <Block Offset="4194304" Length="4194304" Id="YmxrMDAwMDAwMQ==" Hash="35709C4F9941662497751728D0DD4937"/>
          <Block Offset="8388608" Length="2109497" Id="YmxrMDAwMDAwMg==" Hash="DCF47FFCE9832FCA74CE4711AF70850A"/>
        </BlockList>
      </Blob>
      <Blob>
        <BlobPath>disks/edge-node.vhd</BlobPath>
        <FilePath>\s1\edge-node.vhd</FilePath>
        <Length>8388608</Length>
        <PageRangeList>
          <PageRange Offset="0" Length="65536" Hash="0BEBB799D362469F916B5A272CBC6D3B"/>
          <PageRange Offset="4194304" Length="1048576" Hash="9A5A4DB1F2DA8206A324B15CE9082870"/>
          <PageRange Offset="8388096" Length="512" Hash="EAA9A40991E0890A896ACD7AF499D0B9"/>
        </PageRangeList>
      </Blob>
    </BlobList>
  </Drive>
</DriveManifest>

"""#
    /// drive-manifest.md §11.
    static let exportManifest = #"""
<?xml version="1.0" encoding="UTF-8"?>
<DriveManifest Version="2014-11-01">
  <Drive>
    <DriveId>ZE9F8E7D</DriveId>
    <ClientCreator>Windows Azure Import/Export service</ClientCreator>
    <BlobList>
      <Blob>
        <BlobPath>archive/2019/q4.tar</BlobPath>
        <FilePath>\archive\2019\q4.tar</FilePath>
        <Length>30000</Length>
        <BlockList>
          <Block Offset="0" Length="30000" Id="AAAAAA==" Hash="6B636CF50C586E39B7159CE5067AC61B"/>
        </BlockList>
        <PropertiesPath Hash="C9E77E097402AEEB02BB224EF3B720BD">\archive\2019\q4.tar.properties</PropertiesPath>
      </Blob>
    </BlobList>
  </Drive>
</DriveManifest>

"""#
    /// blob-list.md §6.
    static let blobListFile = #"""
<?xml version="1.0" encoding="utf-8"?>
<BlobList>
  <BlobPathPrefix>/telemetry/2023-07/</BlobPathPrefix>
  <BlobPathPrefix>/telemetry/2023-08/</BlobPathPrefix>
  <BlobPath>reports/q3/summary.pdf</BlobPath>
  <BlobPath IncludeSnapshots="false">reports/q3/raw.parquet</BlobPath>
  <BlobPath SnapshotTime="2023-09-30T23:59:59.0000000Z">reports/q3/ledger.csv</BlobPath>
  <BlobPath>$root/index.html</BlobPath>
</BlobList>

"""#
    /// blob-list.md §6, inline form (the `"export": {…}` fragment).
    static let blobListInlineJSON = #"""
"export": {
  "blobList": {
    "blobPathPrefix": ["/telemetry/2023-07/", "/telemetry/2023-08/"],
    "blobPath": ["reports/q3/summary.pdf", "reports/q3/raw.parquet",
                 "reports/q3/ledger.csv", "$root/index.html"]
  }
}

"""#
    /// metadata-properties.md §5: `\s1\meta.xml`, 123 bytes, MD5 4C56AC8A6227E8D2E199323BBCCE8702.
    static let metadataFile = #"""
<?xml version="1.0" encoding="UTF-8"?>
<Metadata>
  <Project>harbor-survey</Project>
  <Owner>ops-team</Owner>
</Metadata>

"""#
    /// metadata-properties.md §5: an import properties file.
    static let importPropertiesFile = #"""
<?xml version="1.0" encoding="UTF-8"?>
<Properties>
  <Content-Type>application/octet-stream</Content-Type>
  <Content-Language>en-GB</Content-Language>
  <Cache-Control>max-age=3600</Cache-Control>
</Properties>

"""#
    /// metadata-properties.md §5: export properties, 306 bytes, MD5 C9E77E097402AEEB02BB224EF3B720BD.
    static let exportPropertiesFile = #"""
<?xml version="1.0" encoding="UTF-8"?>
<Properties>
  <Last-Modified>Tue, 14 Jan 2020 08:30:00 GMT</Last-Modified>
  <Etag>0x8D798D2A1B2C3D4</Etag>
  <Content-Length>30000</Content-Length>
  <Content-Type>application/x-tar</Content-Type>
  <Content-MD5>a2Ns9QxYbjm3FZzlBnrGGw==</Content-MD5>
</Properties>

"""#
    /// drive-logs.md §6: verbose log of the §10 import.
    static let verboseLog = #"""
<?xml version="1.0" encoding="UTF-8"?>
<DriveLog Version="2014-11-01">
  <DriveId>ZA1B2C3D</DriveId>
  <Blob Status="Completed">
    <BlobPath>surveys/harbor/survey.bin</BlobPath>
    <FilePath>\s1\harbor\survey.bin</FilePath>
    <Length>10498105</Length>
    <ImportDisposition Status="Created">no-overwrite</ImportDisposition>
    <BlockList>
      <Block Offset="0" Length="4194304" Id="YmxrMDAwMDAwMA==" Hash="01BB1AC3926B4B4A62234E9FECD44E7D" Status="Completed"/>
      <Block Offset="4194304" Length="4194304" Id="YmxrMDAwMDAwMQ==" Hash="35709C4F9941662497751728D0DD4937" Status="Completed"/>
      <Block Offset="8388608" Length="2109497" Id="YmxrMDAwMDAwMg==" Hash="DCF47FFCE9832FCA74CE4711AF70850A" Status="Completed"/>
    </BlockList>
    <Metadata Status="Completed">
      <GlobalPath Hash="4C56AC8A6227E8D2E199323BBCCE8702">\s1\meta.xml</GlobalPath>
    </Metadata>
  </Blob>
  <Blob Status="CompletedWithErrors">
    <BlobPath>disks/edge-node (2).vhd</BlobPath>
    <FilePath>\s1\edge-node.vhd</FilePath>
    <Length>8388608</Length>
    <ImportDisposition Status="Renamed">rename</ImportDisposition>
    <PageRangeList>
      <PageRange Offset="0" Length="65536" Hash="0BEBB799D362469F916B5A272CBC6D3B" Status="Completed"/>
      <PageRange Offset="4194304" Length="1048576" Hash="9A5A4DB1F2DA8206A324B15CE9082870" Status="Corrupted"/>
      <PageRange Offset="8388096" Length="512" Hash="EAA9A40991E0890A896ACD7AF499D0B9" Status="Completed"/>
    </PageRangeList>
    <Metadata Status="Completed">
      <GlobalPath Hash="4C56AC8A6227E8D2E199323BBCCE8702">\s1\meta.xml</GlobalPath>
    </Metadata>
  </Blob>
  <Status>CompletedWithErrors</Status>
</DriveLog>

"""#
    /// drive-logs.md §6: matching error log.
    static let errorLog = #"""
<?xml version="1.0" encoding="UTF-8"?>
<DriveLog Version="2014-11-01">
  <DriveId>ZA1B2C3D</DriveId>
  <Blob Status="CompletedWithErrors">
    <BlobPath>disks/edge-node (2).vhd</BlobPath>
    <FilePath>\s1\edge-node.vhd</FilePath>
    <Length>8388608</Length>
    <ImportDisposition Status="Renamed">rename</ImportDisposition>
    <PageRangeList>
      <PageRange Offset="4194304" Length="1048576" Hash="9A5A4DB1F2DA8206A324B15CE9082870" Status="Corrupted"/>
    </PageRangeList>
  </Blob>
  <Status>CompletedWithErrors</Status>
</DriveLog>

"""#
    /// drive-logs.md §6: drive failed before copying.
    static let bitLockerErrorLog = #"""
<?xml version="1.0" encoding="UTF-8"?>
<DriveLog Version="2014-11-01">
  <DriveId>ZQ7Y6X5W</DriveId>
  <Status>BitLockerKeyInvalid</Status>
</DriveLog>

"""#
}
