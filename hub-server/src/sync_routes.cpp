// POST /v1/sync/push and GET /v1/sync/pull: the station's side of the wire contract.
#include <charconv>
#include <chrono>

#include <boost/json.hpp>

#include "cunzhan/hub/ingest.hpp"
#include "cunzhan/hub/op_log.hpp"
#include "cunzhan/hub/registry.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "http_reply.hpp"
#include "routes.hpp"

namespace cunzhan::hub {
namespace {

std::int64_t now_s() { return now_seconds().time_since_epoch().count(); }

// A non-negative decimal integer query value; false when present but malformed.
bool query_int(const net::http_request& req, const std::string& name, std::int64_t& out) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return true;
  const auto& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}

}  // namespace

net::http_response handle_push(route_context& c, const principal* who, net::http_request& req) {
  const auto& station = std::get<station_row>(*who);
  auto body = parse_json(req.body, c.opts.json);
  if (!body) return error_reply(body.err());
  ingest_request in;
  in.body = std::move(*body);
  in.bytes_in = req.wire_bytes != 0 ? req.wire_bytes : req.body.size();
  if (const std::string* t = req.header("x-station-time")) in.station_time = parse_instant(*t);

  const auto started = std::chrono::steady_clock::now();
  auto out = ingest(c.store, station, in, c.opts.ingest);
  if (!out) return error_reply(out.err());
  c.m.observe_batch_seconds(std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  c.m.count_ops(out->applied, out->duplicate, out->rejected);
  net::http_response res;
  res.body = std::move(out->body);
  return res;
}

net::http_response handle_pull(route_context& c, const principal* who, net::http_request& req) {
  const auto& station = std::get<station_row>(*who);
  std::int64_t since = 0;
  auto limit = static_cast<std::int64_t>(c.opts.pull_default_limit);
  if (!query_int(req, "since", since) || !query_int(req, "limit", limit)) {
    return error_reply(400, errc::bad_request, "since and limit must be non-negative integers",
                       "since 和 limit 必须是非负整数");
  }
  if (limit <= 0) limit = static_cast<std::int64_t>(c.opts.pull_default_limit);
  limit = std::min<std::int64_t>(limit, static_cast<std::int64_t>(c.opts.pull_max_limit));

  std::vector<ref_change_row> rows;
  {
    auto db = c.store.reader();
    if (!db) return error_reply(db.err());
    // One extra row tells whether another page follows.
    auto got = registry(db->db()).changes_since(station.county_code, since, static_cast<std::size_t>(limit) + 1);
    if (!got) return error_reply(got.err());
    rows = std::move(*got);
  }
  const bool more = rows.size() > static_cast<std::size_t>(limit);
  if (more) rows.pop_back();
  boost::json::array changes;
  std::int64_t next = since;
  for (const auto& r : rows) {
    auto data = parse_json(r.data);
    changes.push_back(boost::json::object{{"kind", r.kind}, {"key", r.key},
                                          {"data", data ? std::move(*data) : boost::json::value(nullptr)}});
    next = r.id;
  }
  net::http_response res;
  res.body = boost::json::serialize(
      boost::json::object{{"changes", std::move(changes)}, {"next", std::to_string(next)}, {"more", more}});

  // A pull is a successful contact too: the online-rate KPI counts it.
  sync_session_row s;
  s.station_id = station.id;
  s.started_at = s.ended_at = now_s();
  s.bytes_in = static_cast<std::int64_t>(req.wire_bytes);
  s.bytes_out = static_cast<std::int64_t>(res.body.size());
  auto w = c.store.writer();
  sql::transaction t(w.db());
  if (!t.begun()) return error_reply(t.begun().err());
  if (auto id = op_log(w.db()).insert_session(s); !id) return error_reply(id.err());
  if (auto cm = t.commit(); !cm) return error_reply(cm.err());
  return res;
}

}  // namespace cunzhan::hub
