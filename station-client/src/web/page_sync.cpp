// "Sync now": starts the same engine as `station sync` on a background thread; the page
// polls /sync/status (or refreshes itself without JavaScript) until it is done.
#include <boost/json.hpp>

#include "forms.hpp"
#include "html.hpp"
#include "pages.hpp"
#include "sync_runner.hpp"

namespace cunzhan::station_client::web {
namespace {

std::string progress_text(const ctx& c, const sync_progress& p) {
  std::string phase = p.phase == "pull" ? std::string(c.t("下载村庄等参考数据", "fetching reference data"))
                      : p.phase == "retry"
                          ? std::string(c.t("连接中断，稍后重试", "retrying after a failure"))
                          : std::string(c.t("上传记录", "sending records"));
  return phase + " · " + std::to_string(p.ops_done) + " / " + std::to_string(p.ops_total) +
         std::string(c.t(" 条 · 已发送 ", " ops · sent ")) + std::to_string(p.bytes_sent / 1024) + " KB";
}

std::string outcome_class(sync_outcome o) { return o == sync_outcome::complete ? "ok" : "errs"; }

}  // namespace

net::http_response sync_page(ctx& c) {
  const sync_snapshot s = c.app.sync->snapshot();
  std::string o = "<h1>" + std::string(c.t("同步", "Sync")) + "</h1>";
  if (s.running) {
    o += "<div id=\"sync-live\" data-running=\"1\"><p>" +
         std::string(c.t("正在同步，请稍候……", "Syncing, please wait…")) +
         "</p><progress id=\"sync-bar\" max=\"" +
         std::to_string(std::max<std::int64_t>(s.progress.ops_total, 1)) + "\" value=\"" +
         std::to_string(s.progress.ops_done) + "\"></progress><p id=\"sync-text\">" +
         esc(progress_text(c, s.progress)) +
         "</p></div><noscript><meta http-equiv=\"refresh\" content=\"2\"></noscript>";
  } else {
    if (s.last) {
      o += "<div id=\"sync-result\" class=\"" + outcome_class(s.last->outcome) + "\">" +
           esc(s.last->summary(c.language)) + "</div>";
    }
    o += "<form method=\"post\" action=\"/sync\">" + csrf_input(c) + "<p><button id=\"sync-now\">" +
         std::string(c.t("立即同步", "Sync now")) + "</button> <span class=\"muted\">" +
         std::string(c.t("把待上传的记录发到区县中心，并下载村庄列表。",
                         "Sends waiting records to the hub and fetches the village list.")) +
         "</span></p></form>";
  }
  o += queue_summary(c);
  return html_response(200, layout(c, c.t("同步", "Sync"), "/sync", o));
}

net::http_response sync_start(ctx& c) {
  error why;
  switch (c.app.sync->start(&why)) {
    case sync_runner::start_result::started:
    case sync_runner::start_result::already_running: return redirect("/sync");
    case sync_runner::start_result::lock_failed: return error_page(c, 500, why, "/sync");
    case sync_runner::start_result::locked_elsewhere: break;
  }
  return error_page(
      c, 409,
      error(errc::db_busy, "another sync of this station is running (the nightly job?); try again later",
            "本站已有一个同步正在进行（可能是夜间自动同步），请稍后再试"),
      "/sync");
}

net::http_response sync_status_json(ctx& c) {
  const sync_snapshot s = c.app.sync->snapshot();
  boost::json::object o{{"running", s.running},
                        {"done", s.progress.ops_done},
                        {"total", s.progress.ops_total},
                        {"phase", s.progress.phase},
                        {"text", progress_text(c, s.progress)}};
  if (!s.running && s.last) o["result"] = s.last->summary(c.language);
  return json_response(boost::json::serialize(o));
}

}  // namespace cunzhan::station_client::web
