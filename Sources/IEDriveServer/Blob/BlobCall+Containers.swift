import HTTPTypes
import Foundation
import Hummingbird
import IEDriveCore

/// List Containers, Create/Delete Container, Get Container Properties, List Blobs.
extension BlobCall {
    func listContainers(_ storage: BlobStorage, prefix: String, marker: String?, maxResults: Int) throws(BlobServiceError) -> Response {
        let all = try storage.run("listing containers") { () throws(TargetError) in try storage.target.containers() }
        // The marker is the last name of the page before: this page starts after it.
        let matching = all.filter { name in name.hasPrefix(prefix) && (marker.map { BlobOrder.precedes($0, name) } ?? true) }
        let page = Array(matching.prefix(maxResults))
        let next = matching.count > maxResults ? page.last : nil
        var xml = BlobXML.declaration + "<EnumerationResults ServiceEndpoint=\"/\(BlobXML.escaped(storage.account))/\">"
        xml += BlobXML.element("Prefix", prefix) + BlobXML.element("Marker", marker) + "<MaxResults>\(maxResults)</MaxResults><Containers>"
        let now = BlobDates.rfc1123Now()
        for name in page {
            xml += "<Container><Name>\(BlobXML.escaped(name))</Name><Properties><Last-Modified>\(now)</Last-Modified>"
                + "<Etag>\"\(Self.containerETag(name))\"</Etag><LeaseStatus>unlocked</LeaseStatus><LeaseState>available</LeaseState>"
                + "<HasImmutabilityPolicy>false</HasImmutabilityPolicy><HasLegalHold>false</HasLegalHold></Properties></Container>"
        }
        xml += "</Containers>" + BlobXML.element("NextMarker", next) + "</EnumerationResults>"
        return Self.xmlResponse(xml)
    }

    func createContainer(_ storage: BlobStorage, _ name: String) throws(BlobServiceError) -> Response {
        let created = try storage.run("creating container \(name)") { () throws(TargetError) in try storage.target.createContainer(name) }
        guard created else {
            throw BlobServiceError(.conflict, "ContainerAlreadyExists", "The specified container already exists: \(name).")
        }
        return Self.containerResponse(name, status: .created)
    }

    func deleteContainer(_ storage: BlobStorage, _ name: String) throws(BlobServiceError) -> Response {
        let deleted = try storage.run("deleting container \(name)") { () throws(TargetError) in try storage.target.deleteContainer(name) }
        guard deleted else { throw .containerNotFound(name) }
        return Response(status: .accepted, headers: [.contentLength: "0"])
    }

    func containerProperties(_ storage: BlobStorage, _ name: String) throws(BlobServiceError) -> Response {
        let exists = try storage.run("reading container \(name)") { () throws(TargetError) in try storage.target.containerExists(name) }
        guard exists else { throw .containerNotFound(name) }
        var response = Self.containerResponse(name, status: .ok)
        response.headers[BlobHeaders.name("x-ms-lease-status")] = "unlocked"
        response.headers[BlobHeaders.name("x-ms-lease-state")] = "available"
        response.headers[BlobHeaders.name("x-ms-has-immutability-policy")] = "false"
        response.headers[BlobHeaders.name("x-ms-has-legal-hold")] = "false"
        return response
    }

    func listBlobs(_ storage: BlobStorage, _ container: String, _ listing: BlobListing) throws(BlobServiceError) -> Response {
        let exists = try storage.run("reading container \(container)") { () throws(TargetError) in try storage.target.containerExists(container) }
        guard exists else { throw .containerNotFound(container) }
        let page = try BlobListingPage.collect(storage, container, listing)
        var xml = BlobXML.declaration + "<EnumerationResults ServiceEndpoint=\"/\(BlobXML.escaped(storage.account))/\" "
            + "ContainerName=\"\(BlobXML.escaped(container))\">"
        xml += BlobXML.element("Prefix", listing.prefix) + BlobXML.element("Marker", listing.marker)
            + "<MaxResults>\(listing.maxResults)</MaxResults>" + (listing.delimiter.map { BlobXML.element("Delimiter", $0) } ?? "")
            + "<Blobs>"
        for item in page.items {
            switch item {
            case .blob(let info): xml += BlobListingPage.blobXML(info, includeMetadata: listing.includeMetadata)
            case .prefix(let prefix): xml += "<BlobPrefix><Name>\(BlobXML.escaped(prefix))</Name></BlobPrefix>"
            }
        }
        xml += "</Blobs>" + BlobXML.element("NextMarker", page.nextMarker) + "</EnumerationResults>"
        return Self.xmlResponse(xml)
    }

    static func xmlResponse(_ xml: String, status: HTTPResponse.Status = .ok) -> Response {
        let body = Array(xml.utf8)
        return Response(status: status, headers: [.contentType: "application/xml", .contentLength: "\(body.count)"],
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: body)))
    }

    /// Containers keep no change time here: their ETag is derived from the name.
    static func containerETag(_ name: String) -> String {
        var hash: UInt64 = 0xcbf29ce484222325
        for byte in name.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100000001b3 }
        return "0x" + String(hash, radix: 16, uppercase: true)
    }

    static func containerResponse(_ name: String, status: HTTPResponse.Status) -> Response {
        Response(status: status, headers: [.eTag: "\"\(containerETag(name))\"", .lastModified: BlobDates.rfc1123Now(), .contentLength: "0"])
    }

}

/// Azure's order for names: by UTF-8 bytes.
enum BlobOrder {
    static func precedes(_ lhs: String, _ rhs: String) -> Bool {
        lhs.utf8.lexicographicallyPrecedes(rhs.utf8)
    }
}
