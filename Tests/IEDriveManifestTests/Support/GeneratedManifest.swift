/// A synthetic import manifest of any number of blobs, produced chunk by chunk so that the test
/// never holds the document: mostly one-block files, every 10th a three-block file with IDs,
/// every 50th a page blob with two ranges, lists of 10,000 blobs with a metadata default.
struct GeneratedManifest: Sequence {
    var blobs: Int
    var chunkBytes = 1 << 20

    func makeIterator() -> Iterator { Iterator(manifest: self) }

    struct Iterator: IteratorProtocol {
        let manifest: GeneratedManifest
        var index = 0
        var closed = false
        var started = false

        init(manifest: GeneratedManifest) {
            self.manifest = manifest
        }

        mutating func next() -> [UInt8]? {
            guard !closed else { return nil }
            var out: [UInt8] = []
            out.reserveCapacity(manifest.chunkBytes + 4_096)
            if !started {
                started = true
                out += Array("""
                <?xml version="1.0" encoding="UTF-8"?>
                <DriveManifest Version="2014-11-01">
                  <Drive>
                    <DriveId>ZA1B2C3D</DriveId>
                    <ClientCreator>iedrive scale test</ClientCreator>

                """.utf8)
            }
            while out.count < manifest.chunkBytes, index < manifest.blobs {
                if index % 10_000 == 0 {
                    if index > 0 { out += Array("    </BlobList>\n".utf8) }
                    out += Array("""
                        <BlobList Id="session#\(index / 10_000)-0">
                          <MetadataPath Hash="4C56AC8A6227E8D2E199323BBCCE8702">\\s\(index / 10_000)\\meta.xml</MetadataPath>

                    """.utf8)
                }
                out += Array(Self.blob(index).utf8)
                index += 1
            }
            if index == manifest.blobs {
                let tail = (manifest.blobs > 0 ? "    </BlobList>\n" : "") + "  </Drive>\n</DriveManifest>\n"
                out += Array(tail.utf8)
                closed = true
            }
            return out
        }

        static let hash = "01BB1AC3926B4B4A62234E9FECD44E7D"

        static func blob(_ index: Int) -> String {
            let name = String(index)
            if index % 50 == 49 {
                return """
                      <Blob>
                        <BlobPath>disks/node-\(name).vhd</BlobPath>
                        <FilePath>\\s\(index / 10_000)\\disks\\node-\(name).vhd</FilePath>
                        <Length>8388608</Length>
                        <PageRangeList>
                          <PageRange Offset="0" Length="65536" Hash="\(hash)"/>
                          <PageRange Offset="4194304" Length="1048576" Hash="\(hash)"/>
                        </PageRangeList>
                      </Blob>

                """
            }
            if index % 10 == 9 {
                return """
                      <Blob>
                        <BlobPath>photos/2024/raw-\(name).cr2</BlobPath>
                        <FilePath>\\s\(index / 10_000)\\photos\\raw-\(name).cr2</FilePath>
                        <Length>10485760</Length>
                        <ImportDisposition>overwrite</ImportDisposition>
                        <BlockList>
                          <Block Offset="0" Length="4194304" Id="YmxrMDAwMDAwMA==" Hash="\(hash)"/>
                          <Block Offset="4194304" Length="4194304" Id="YmxrMDAwMDAwMQ==" Hash="\(hash)"/>
                          <Block Offset="8388608" Length="2097152" Id="YmxrMDAwMDAwMg==" Hash="\(hash)"/>
                        </BlockList>
                      </Blob>

                """
            }
            return """
                  <Blob>
                    <BlobPath>photos/2024/img-\(name).jpg</BlobPath>
                    <FilePath>\\s\(index / 10_000)\\photos\\img-\(name).jpg</FilePath>
                    <Length>1048576</Length>
                    <BlockList>
                      <Block Offset="0" Length="1048576" Hash="\(hash)"/>
                    </BlockList>
                  </Blob>

            """
        }
    }
}
