import Hummingbird
import IEDriveAPI
import IEDriveCore

/// The web dashboard: `/` (job list) and `/jobs/{name}` (job detail), rendered on the server
/// so they work without JavaScript, in the vocabulary `?vocabulary=classic|preview` says;
/// `/static/dashboard.js` updates them live from the event stream. The content security
/// policy lets the pages load nothing but the daemon's own files.
struct DashboardRoutes {
    let routes: DaemonRoutes

    func add(to router: Router<BasicRequestContext>) {
        let registry = routes.registry
        router.get("/") { request, _ in
            await Self.page {
                let vocabulary = DashboardVocabulary(query: request.uri.queryParameters.get("vocabulary"))
                let latest = try await registry.latestEventID()
                let jobs = try await registry.jobs(in: .all).map { JobSummary(job: $0) }
                return (.ok, DashboardPage(title: "Import/Export jobs", path: "/", vocabulary: vocabulary, lastEventID: latest,
                                           job: nil, content: JobListView(jobs: jobs, vocabulary: vocabulary).html))
            }
        }
        // A name alone finds the one job with it; `?subscriptionId=&resourceGroup=` (the list's
        // links carry them) pick one of several.
        router.get("/jobs/{jobName}") { request, context in
            await Self.page {
                let vocabulary = DashboardVocabulary(query: request.uri.queryParameters.get("vocabulary"))
                let name = context.parameters.decoded("jobName") ?? ""
                let path = "/jobs/\(HTMLText.pathSegment(name))"
                let latest = try await registry.latestEventID()
                let job: Job
                do {
                    job = try await JobReference(name: name, query: request).resolve(in: registry)
                } catch let error as ARMError where error.httpStatus == 409 || error.httpStatus == 404 {
                    let title = error.httpStatus == 409 ? "Several jobs are named \(name)" : "No job named \(name)"
                    return (error.httpStatus == 409 ? .conflict : .notFound,
                            DashboardPage(title: title, path: path, vocabulary: vocabulary, lastEventID: latest, job: nil,
                                          content: "<p>\(HTMLText.escape(error.message))</p><p><a href=\"/\">Back to the job list</a></p>"))
                }
                let logs = Dictionary(job.drives.map { ($0.driveId, $0.logs) }, uniquingKeysWith: { first, _ in first })
                let view = JobDetailView(job: JobSummary(job: job), logs: logs, vocabulary: vocabulary)
                return (.ok, DashboardPage(title: "Job \(job.name)", path: path, vocabulary: vocabulary, lastEventID: latest,
                                           job: job.key, content: view.html))
            }
        }
        router.get("/static/dashboard.js") { _, _ in
            Self.asset(DashboardAssets.script, type: "text/javascript; charset=utf-8")
        }
        router.get("/static/dashboard.css") { _, _ in
            Self.asset(DashboardAssets.css, type: "text/css; charset=utf-8")
        }
    }

    static let contentSecurityPolicy = "default-src 'self'; connect-src 'self'; img-src 'self'; frame-ancestors 'none'"

    private static func page(_ body: () async throws -> (HTTPResponse.Status, DashboardPage)) async -> Response {
        do {
            let (status, page) = try await body()
            return asset(page.html, type: "text/html; charset=utf-8", status: status)
        } catch {
            return asset("<!doctype html><html lang=\"en\"><title>iedrive</title><main><h1>The daemon could not answer</h1><p>\(HTMLText.escape("\(error)"))</p></main></html>",
                         type: "text/html; charset=utf-8", status: .internalServerError)
        }
    }

    private static func asset(_ text: String, type: String, status: HTTPResponse.Status = .ok) -> Response {
        var response = HTTPJSON.bytes(Array(text.utf8), status: status, contentType: type)
        response.headers[.contentSecurityPolicy] = contentSecurityPolicy
        response.headers[.cacheControl] = "no-cache"
        return response
    }
}
