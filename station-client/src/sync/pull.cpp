// Pulls reference data page by page. Each page and its cursor are stored together, so a
// cut link costs at most the page in flight.
#include "sync/pull.hpp"

#include <boost/json.hpp>

#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_cursor_key = "pull_cursor";
constexpr int k_page = 500;

std::string text_of(const boost::json::object& o, const char* key) {
  const auto* v = o.if_contains(key);
  return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

struct page {
  std::vector<reference_change> changes;
  std::string next;
  bool more = false;
  sys_seconds server_time{};  // epoch when the hub did not say
};

result<page> decode_page(const std::string& body) {
  auto v = parse_json(body);
  if (!v) return std::move(v).err();
  const auto* o = v->if_object();
  const auto* ch = o ? o->if_contains("changes") : nullptr;
  if (!ch || !ch->is_array())
    return error(errc::bad_request, "pull answer has no changes array", "下载的参考数据格式不对");
  page p;
  for (const auto& c : ch->as_array()) {
    if (!c.is_object()) continue;
    const auto& co = c.as_object();
    reference_change rc{text_of(co, "kind"), text_of(co, "key"), {}};
    if (const auto* d = co.if_contains("data"))
      rc.data = d->is_string() ? std::string(d->as_string()) : boost::json::serialize(*d);
    p.changes.push_back(std::move(rc));
  }
  p.next = text_of(*o, "next");
  if (auto t = parse_instant(text_of(*o, "server_time"))) p.server_time = *t;
  if (const auto* m = o->if_contains("more"); m && m->is_bool()) p.more = m->as_bool();
  return p;
}

}  // namespace

bool pull_reference(store& s, hub_session& hub, sync_report& rep, sync_progress& prog) {
  auto cursor = s.meta().sync_value(k_cursor_key);
  if (!cursor) return hub.stop_local(rep, std::move(cursor).err());
  std::string since = *cursor;
  while (true) {
    if (hub.out_of_time()) return hub.give_up_time(rep);
    std::string target = "/v1/sync/pull?limit=" + std::to_string(k_page);
    if (!since.empty()) target += "&since=" + since;  // the hub's cursors are plain digits
    auto answer = hub.send("GET", target, "", "");
    if (answer.kind == hub_answer::retry) {
      if (!hub.wait_before_retry(answer, rep)) return false;
      continue;
    }
    if (answer.kind != hub_answer::ok) return hub.stop_refused(rep, answer);
    auto p = decode_page(answer.response.body);
    if (!p) return hub.stop_refused(rep, answer, std::move(p).err());
    hub.note_server_time(p->server_time, rep);
    if (auto st = s.meta().apply_reference_changes(p->changes, p->next); !st)
      return hub.stop_local(rep, std::move(st).err());
    rep.reference_changes += static_cast<std::int64_t>(p->changes.size());
    hub.report_progress(prog, "pull");
    if (!p->more || p->next.empty() || p->next == since) return true;
    since = p->next;
  }
}

}  // namespace cunzhan::station_client
