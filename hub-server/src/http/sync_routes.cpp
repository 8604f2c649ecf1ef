// POST /v1/sync/push and GET /v1/sync/pull: the station's side of the wire contract.
#include <charconv>
#include <chrono>
#include <cstdlib>
#include <optional>
#include <string_view>

#include <boost/json.hpp>

#include "cunzhan/hub/ingest.hpp"
#include "cunzhan/hub/storage.hpp"
#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/json_util.hpp"
#include "cunzhan/shared/version.hpp"
#include "http/http_reply.hpp"
#include "http/routes.hpp"

namespace cunzhan::hub {
namespace {

std::int64_t now_s(const route_context& c) { return c.clock.now().time_since_epoch().count(); }

// A non-negative decimal integer query value; false when present but malformed.
bool query_int(const net::http_request& req, const std::string& name, std::int64_t& out) {
  auto it = req.query.find(name);
  if (it == req.query.end() || it->second.empty()) return true;
  const auto& s = it->second;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out);
  return ec == std::errc() && p == s.data() + s.size() && out >= 0;
}

// Whether Accept-Encoding lists zstd (without q=0).
bool accepts_zstd(const net::http_request& req) {
  const std::string* ae = req.header("accept-encoding");
  if (!ae) return false;
  std::string_view rest(*ae);
  while (!rest.empty()) {
    const auto comma = rest.find(',');
    std::string_view item = rest.substr(0, comma);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
    while (!item.empty() && item.front() == ' ') item.remove_prefix(1);
    const auto semi = item.find(';');
    std::string_view name = item.substr(0, semi);
    while (!name.empty() && name.back() == ' ') name.remove_suffix(1);
    if (name != "zstd") continue;
    const auto q = item.find("q=", semi == std::string_view::npos ? item.size() : semi);
    return q == std::string_view::npos || std::strtod(std::string(item.substr(q + 2)).c_str(), nullptr) > 0;
  }
  return false;
}

// The body as it goes on the wire: compressed here (not by the server layer) so that the
// session's bytes_out is the real count.
void set_body(net::http_response& res, std::string json, bool zstd) {
  if (zstd && json.size() >= k_min_compress_bytes) {
    res.body = zstd_compress(json);
    res.headers.emplace_back("content-encoding", "zstd");
    res.headers.emplace_back("vary", "Accept-Encoding");
  } else {
    res.body = std::move(json);
  }
}

std::optional<std::int64_t> station_offset(const net::http_request& req, std::int64_t now) {
  const std::string* t = req.header("x-station-time");
  auto at = t ? parse_instant(*t) : std::nullopt;
  if (!at) return std::nullopt;
  return now - at->time_since_epoch().count();
}

// The version the station announced, kept only when it looks like one (it is shown to
// staff; anything else is recorded as not said).
std::string station_version(const net::http_request& req) {
  const std::string* v = req.header(k_station_version_header);
  return v && v->size() <= 32 && compare_versions(*v, *v) ? *v : std::string();
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
  in.station_version = station_version(req);
  in.started_at = now_s(c);
  in.accepts_zstd = accepts_zstd(req);

  const auto started = c.clock.steady_now();
  auto out = ingest(c.store, station, in, c.opts.ingest, c.clock);
  if (!out) return error_reply(out.err());
  c.m.observe_batch_seconds(std::chrono::duration<double>(c.clock.steady_now() - started).count());
  c.m.count_ops(out->applied, out->duplicate, out->rejected);
  net::http_response res;
  res.body = std::move(out->body);
  if (out->zstd) {
    res.headers.emplace_back("content-encoding", "zstd");
    res.headers.emplace_back("vary", "Accept-Encoding");
  }
  return res;
}

net::http_response handle_pull(route_context& c, const principal* who, net::http_request& req) {
  const auto& station = std::get<station_row>(*who);
  const std::int64_t started_at = now_s(c);
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
    // One extra row tells whether another page follows.
    auto got = c.store.changes_since(station.county_code, since, static_cast<std::size_t>(limit) + 1);
    if (!got) return error_reply(got.err());
    rows = std::move(*got);
  }
  const bool more = rows.size() > static_cast<std::size_t>(limit);
  if (more) rows.pop_back();
  boost::json::array changes;
  std::int64_t next = since;
  for (const auto& r : rows) {
    auto data = parse_json(r.data);
    changes.push_back(boost::json::object{
        {"kind", r.kind}, {"key", r.key}, {"data", data ? std::move(*data) : boost::json::value(nullptr)}});
    next = r.id;
  }
  const std::int64_t now = now_s(c);
  net::http_response res;
  set_body(res,
           boost::json::serialize(
               boost::json::object{{"changes", std::move(changes)},
                                   {"next", std::to_string(next)},
                                   {"more", more},
                                   {"server_time", format_instant(sys_seconds(std::chrono::seconds(now)))}}),
           accepts_zstd(req));

  // The station pulls only after every push of the run was answered, so the last page
  // (more = false) ends a successful sync run: that one session is ok (op_log.hpp).
  sync_session_row s;
  s.station_id = station.id;
  s.started_at = started_at;
  s.ended_at = now;
  s.bytes_in = static_cast<std::int64_t>(req.wire_bytes);
  s.bytes_out = static_cast<std::int64_t>(res.body.size());
  s.client_offset_s = station_offset(req, now);
  s.station_version = station_version(req);
  s.ok = !more;
  // Through the single writer like the pushes; the answer leaves only once the session
  // row is committed.
  auto written = c.store.write_sync([&s](sync_writer& w) -> status {
    auto id = w.insert_session(s);
    if (!id) return std::move(id).err();
    return ok_status();
  });
  if (!written) return error_reply(written.err());
  return res;
}

}  // namespace cunzhan::hub
