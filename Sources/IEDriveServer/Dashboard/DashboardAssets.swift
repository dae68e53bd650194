/// The dashboard's stylesheet and script, served by the daemon (`/static/…`): no CDN, no
/// fetch anywhere but the daemon's own event stream.
enum DashboardAssets {
    /// Dark text on white (≥ 12:1), links and header ≥ 7:1, failures ≥ 6:1; visible focus.
    static let css = """
    :root { color-scheme: light; font-family: system-ui, sans-serif; color: #1b1b1b; background: #fff; }
    body { margin: 0; line-height: 1.5; }
    header { background: #0f3c66; color: #fff; padding: 0.5rem 1.5rem; display: flex; justify-content: space-between; flex-wrap: wrap; }
    header a { color: #fff; }
    header ul { list-style: none; margin: 0; padding: 0; display: flex; gap: 1rem; }
    header a[aria-current="page"] { font-weight: 700; text-decoration-thickness: 3px; }
    .brand { margin: 0.5rem 0; font-weight: 600; }
    main { padding: 1rem 1.5rem; }
    a { color: #0a4a8f; }
    a:focus-visible, progress:focus-visible { outline: 3px solid #b35900; outline-offset: 2px; }
    .skip { position: absolute; left: -10000px; }
    .skip:focus { left: 1rem; top: 1rem; background: #fff; color: #0a4a8f; padding: 0.5rem; z-index: 1; }
    .visually-hidden { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
    table { border-collapse: collapse; margin: 1rem 0; min-width: 40rem; }
    caption { text-align: left; font-weight: 600; padding-bottom: 0.25rem; }
    th, td { border-bottom: 1px solid #8a8a8a; padding: 0.4rem 0.75rem; text-align: left; vertical-align: middle; }
    thead th { background: #eef2f6; }
    .failure { color: #a4262c; font-weight: 600; }
    progress { width: 10rem; height: 1rem; vertical-align: middle; }
    dl.summary { display: grid; grid-template-columns: max-content auto; gap: 0.25rem 1rem; }
    dl.summary dt { font-weight: 600; }
    dl.summary dd { margin: 0; }
    #live-status { color: #3d3d3d; font-size: 0.9rem; }
    footer { padding: 1rem 1.5rem; color: #3d3d3d; font-size: 0.85rem; border-top: 1px solid #8a8a8a; }
    """

    /// Subscribes to `/iedrive/v1/events` from the page's `data-last-event-id` and updates the
    /// rendered rows in place (text only: `textContent`, never HTML).
    static let script = #"""
    "use strict";
    (function () {
      const body = document.body;
      const vocabulary = body.dataset.vocabulary === "preview" ? "preview" : "classic";
      // The one job a detail page shows: its name and scope (the same name may exist in other
      // subscriptions and resource groups, whose events must not touch this page).
      const jobFilter = body.dataset.job || "";
      const pageScope = { subscriptionId: body.dataset.subscription || "", resourceGroup: body.dataset.resourceGroup || "" };
      const status = document.getElementById("live-status");
      if (!window.EventSource) { return; }
      const kinds = ["jobCreated", "jobReplaced", "jobUpdated", "jobStateChanged", "cancelRequested", "driveAdded",
        "driveStateChanged", "driveProbeStarted", "packageDelivered", "extraDriveArrived", "extraDriveReturned",
        "operationsNotified", "faulted", "faultCleared", "returnAddressProblemResolved", "returnTransitElapsed",
        "drivesDestroyed", "jobDeleted"];
      const params = new URLSearchParams({ after: body.dataset.lastEventId || "0" });
      if (jobFilter) {
        params.set("job", jobFilter);
        if (pageScope.subscriptionId) { params.set("subscriptionId", pageScope.subscriptionId); }
        if (pageScope.resourceGroup) { params.set("resourceGroup", pageScope.resourceGroup); }
      }
      const source = new EventSource("/iedrive/v1/events?" + params.toString());
      let updates = 0;

      function setText(element, text) {
        if (element && element.textContent !== text) { element.textContent = text; updates += 1; body.dataset.updates = String(updates); }
      }
      function percentText(value) { return value === null || value === undefined ? "\u2014" : value + "%"; }
      function bytesText(count) {
        const units = ["B", "KiB", "MiB", "GiB", "TiB"];
        let value = count, unit = 0;
        while (value >= 1024 && unit < units.length - 1) { value /= 1024; unit += 1; }
        return unit === 0 ? count + " B" : value.toFixed(1) + " " + units[unit];
      }
      function copiedText(done, total) {
        if (done === null || done === undefined) { return "\u2014"; }
        return total ? bytesText(done) + " of " + bytesText(total) : bytesText(done);
      }
      // Job names, subscriptions and resource groups compare without regard to case, as ARM does.
      function same(a, b) { return (a || "").toLowerCase() === (b || "").toLowerCase(); }
      function matches(holder, event) {
        return same(holder.job, event.job) && same(holder.subscriptionId, event.subscriptionId)
          && same(holder.resourceGroup, event.resourceGroup);
      }
      function sameJob(event) {
        return jobFilter !== "" && matches({ job: jobFilter, subscriptionId: pageScope.subscriptionId, resourceGroup: pageScope.resourceGroup }, event);
      }
      function jobRow(event) {
        return Array.from(document.querySelectorAll("tr[data-job]")).find(function (row) {
          return matches({ job: row.dataset.job, subscriptionId: row.dataset.subscription, resourceGroup: row.dataset.resourceGroup }, event);
        });
      }
      function driveRow(driveId) {
        if (!jobFilter) { return undefined; }
        return Array.from(document.querySelectorAll("tr[data-drive]")).find(function (row) { return row.dataset.drive === driveId; });
      }
      function field(root, name) { return root ? root.querySelector('[data-field="' + name + '"]') : null; }
      function setProgress(row, percent) {
        const bar = row.querySelector("progress");
        if (bar && percent !== null && percent !== undefined && Number(bar.value) !== percent) {
          bar.value = percent; bar.textContent = percent + "%";
        }
        setText(field(row, "percent"), percentText(percent));
      }
      function applyJob(event, job) {
        if (!job) { return; }
        const state = vocabulary === "preview" ? job.previewLabel : job.state;
        const row = jobRow(event);
        if (row) { setText(field(row, "state"), state); setText(field(row, "percent"), percentText(job.percentComplete)); }
        if (sameJob(event)) {
          setText(field(document, "job-state"), state);
          setText(field(document, "job-percent"), percentText(job.percentComplete));
        }
      }
      function applyDrive(drive) {
        const row = driveRow(drive.driveId);
        if (!row) { return; }
        setText(field(row, "state"), vocabulary === "preview" ? drive.previewLabel : drive.state);
        const failure = drive.failureState === null ? null : (vocabulary === "preview" ? drive.previewLabel : drive.failureState);
        const failureCell = field(row, "failure-state");
        setText(failureCell, failure === null ? "\u2014" : failure);
        if (failureCell) { failureCell.classList.toggle("failure", failure !== null); }
        setText(field(row, "failure-reason"), drive.failureReason === null ? "\u2014" : drive.failureReason);
        setProgress(row, drive.percentComplete);
        setText(field(row, "bytes"), copiedText(drive.bytesSucceeded, drive.bytesToCopy));
      }

      kinds.forEach(function (kind) {
        source.addEventListener(kind, function (message) {
          const event = JSON.parse(message.data);
          body.dataset.lastEventId = message.lastEventId;
          if (kind === "jobDeleted") {
            const row = jobRow(event);
            if (row) { row.remove(); }
            if (sameJob(event)) { setText(field(document, "job-state"), "Deleted"); }
            return;
          }
          if (kind === "jobCreated" && !jobFilter && !jobRow(event)) { window.location.reload(); return; }
          if (kind === "driveAdded" && sameJob(event) && !driveRow(event.driveId)) { window.location.reload(); return; }
          applyJob(event, event.jobStatus);
          if (event.drive && sameJob(event)) { applyDrive(event.drive); }
        });
      });
      source.addEventListener("progress", function (message) {
        const progress = JSON.parse(message.data);
        if (!sameJob(progress)) { return; }
        const row = driveRow(progress.driveId);
        if (!row) { return; }
        setProgress(row, progress.percentComplete);
        setText(field(row, "bytes"), copiedText(progress.bytesSucceeded, progress.bytesToCopy));
      });
      source.onopen = function () { body.dataset.live = "connected"; setText(status, "Live: updates appear as they happen."); };
      source.onerror = function () { body.dataset.live = "reconnecting"; setText(status, "Live updates interrupted; reconnecting\u2026"); };
    })();
    """#
}
