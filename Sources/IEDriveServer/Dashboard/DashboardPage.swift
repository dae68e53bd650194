import IEDriveCore

/// The page around every dashboard view: landmarks (banner, navigation, main, contentinfo), a
/// skip link, the vocabulary switch, a polite live region for the connection state and the
/// script (served by the daemon; the page works without it). `data-last-event-id` tells the
/// script where the rendered state stands, so the live stream resumes exactly there;
/// `data-job`, `data-subscription` and `data-resource-group` name the one job a detail page
/// shows (the same name may exist in other scopes), so the script follows only its events.
struct DashboardPage {
    var title: String
    var path: String
    var vocabulary: DashboardVocabulary
    var lastEventID: Int64
    /// The job a detail page shows; nil on the list and on error pages.
    var job: JobKey?
    var content: String

    /// `subscriptionId=…&resourceGroup=…&` for the job page's own links (the vocabulary switch),
    /// so switching keeps the one job of several with that name.
    private var scopeQuery: String {
        job.map { DashboardLinks.scopeQuery($0.scope) } ?? ""
    }

    var html: String {
        let switcher = DashboardVocabulary.allCases.map { (choice: DashboardVocabulary) -> String in
            let current = choice == vocabulary ? " aria-current=\"page\"" : ""
            return "<li><a href=\"\(HTMLText.escape(path))?\(HTMLText.escape(scopeQuery))vocabulary=\(choice.rawValue)\"\(current)>\(choice.title)</a></li>"
        }.joined()
        return """
        <!doctype html>
        <html lang="en">
        <head>
        <meta charset="utf-8">
        <meta name="viewport" content="width=device-width, initial-scale=1">
        <title>\(HTMLText.escape(title)) · iedrive</title>
        <link rel="stylesheet" href="/static/dashboard.css">
        <script src="/static/dashboard.js" defer></script>
        </head>
        <body data-last-event-id="\(lastEventID)" data-vocabulary="\(vocabulary.rawValue)" \
        data-job="\(HTMLText.escape(job?.name ?? ""))" data-subscription="\(HTMLText.escape(job?.scope.subscriptionId ?? ""))" \
        data-resource-group="\(HTMLText.escape(job?.scope.resourceGroup ?? ""))">
        <a class="skip" href="#main">Skip to content</a>
        <header>
        <p class="brand"><a href="/?vocabulary=\(vocabulary.rawValue)">iedrive</a> · Import/Export jobs</p>
        <nav aria-label="State vocabulary"><ul>\(switcher)</ul></nav>
        </header>
        <main id="main">
        <h1>\(HTMLText.escape(title))</h1>
        <p id="live-status" role="status" aria-live="polite">Showing the state when the page loaded.</p>
        \(content)
        </main>
        <footer><p>Datacenter simulator for Azure Import/Export. States in the \(vocabulary.title) vocabulary.</p></footer>
        </body>
        </html>
        """
    }
}
