// Parsing and checking the serve configuration.
#include "cunzhan/hub/config.hpp"

#include <charconv>
#include <fstream>
#include <functional>
#include <map>

#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/version.hpp"

namespace cunzhan::hub {
namespace {

error bad(const std::string& key, const std::string& why) {
  return error(errc::invalid_argument, key + ": " + why, "配置项 " + key + " 无效：" + why);
}

bool to_size(const std::string& v, std::size_t& out) {
  auto [p, ec] = std::from_chars(v.data(), v.data() + v.size(), out);
  return ec == std::errc() && p == v.data() + v.size();
}

using setter = std::function<bool(hub_config&, const std::string&)>;

setter size_field(std::size_t net::server_options::*f) {
  return [f](hub_config& c, const std::string& v) { return to_size(v, c.server.*f); };
}
setter ms_field(std::chrono::milliseconds net::server_options::*f) {
  return [f](hub_config& c, const std::string& v) {
    std::size_t n = 0;
    if (!to_size(v, n)) return false;
    c.server.*f = std::chrono::milliseconds(n);
    return true;
  };
}

bool set_listen(hub_config& c, const std::string& v) {
  // "127.0.0.1:8443" or "[::1]:8443"
  const auto colon = v.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  std::string host = v.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::size_t port = 0;
  if (!to_size(v.substr(colon + 1), port) || port > 65535) return false;
  c.server.listen_address = host;
  c.server.port = static_cast<unsigned short>(port);
  return true;
}

struct entry {
  setting_doc doc;
  setter set;
};

const std::vector<entry>& entries() {
  static const std::vector<entry> e = {
      {{"data", "data directory holding hub.db (default $CUNZHAN_HUB_DATA, else hub-data)"},
       [](hub_config& c, const std::string& v) {
         c.data_dir = v;
         return !v.empty();
       }},
      {{"storage",
        "postgresql://… to keep the data in PostgreSQL (default $CUNZHAN_HUB_STORAGE, else SQLite in "
        "--data)"},
       [](hub_config& c, const std::string& v) {
         c.storage = v;
         return v.empty() || is_postgres_storage(v);
       }},
      {{"listen", "address:port to listen on (default 127.0.0.1:8443)"}, set_listen},
      {{"cert", "server certificate chain, PEM"},
       [](hub_config& c, const std::string& v) {
         c.server.cert_file = v;
         return true;
       }},
      {{"key", "server private key, PEM"},
       [](hub_config& c, const std::string& v) {
         c.server.key_file = v;
         return true;
       }},
      {{"threads", "worker threads (default 0 = one per core)"}, size_field(&net::server_options::threads)},
      {{"max-header-bytes", "request header limit (default 8192)"},
       size_field(&net::server_options::max_header_bytes)},
      {{"max-body-bytes", "request body limit as received (default 8 MiB)"},
       size_field(&net::server_options::max_body_bytes)},
      {{"max-decompressed-bytes", "request body limit after decompression (default 0 = max-body-bytes)"},
       size_field(&net::server_options::max_decompressed_bytes)},
      {{"max-connections", "open connections (default 1024)"},
       size_field(&net::server_options::max_connections)},
      {{"max-connections-per-address",
        "open connections from one client address, IPv6 by /64 (default 64; 0 = no cap of its own)"},
       size_field(&net::server_options::max_connections_per_address)},
      {{"max-requests-per-connection", "keep-alive requests per connection (default 1000)"},
       size_field(&net::server_options::max_requests_per_connection)},
      {{"handshake-timeout-ms", "TLS handshake deadline (default 10000)"},
       ms_field(&net::server_options::handshake_timeout)},
      {{"header-timeout-ms", "request header deadline (default 10000)"},
       ms_field(&net::server_options::header_timeout)},
      {{"body-timeout-ms",
        "body read idle timeout; also the base of min(cap, base + size / min-body-rate) (default 15000)"},
       ms_field(&net::server_options::body_timeout_base)},
      {{"min-body-rate", "slowest accepted upload, bytes/s (default 1000)"},
       size_field(&net::server_options::min_body_rate_bytes_per_s)},
      {{"body-time-cap-ms", "absolute cap on reading one body (default 600000)"},
       ms_field(&net::server_options::body_time_cap)},
      {{"write-timeout-ms", "response write deadline base, plus size / min-write-rate (default 30000)"},
       ms_field(&net::server_options::write_timeout)},
      {{"min-write-rate", "slowest accepted download, bytes/s (default 1000)"},
       size_field(&net::server_options::min_write_rate_bytes_per_s)},
      {{"write-time-cap-ms", "absolute cap on writing one response (default 600000)"},
       ms_field(&net::server_options::write_time_cap)},
      {{"idle-timeout-ms", "keep-alive idle deadline (default 30000)"},
       ms_field(&net::server_options::idle_timeout)},
      {{"shutdown-grace-ms", "time in-flight requests get on SIGTERM (default 10000)"},
       ms_field(&net::server_options::shutdown_grace)},
      {{"max-ops-per-batch", "ops in one push; more → 413 batch_too_large (default 1000)"},
       [](hub_config& c, const std::string& v) { return to_size(v, c.router.ingest.max_ops_per_batch); }},
      {{"pull-default-limit", "changes per pull page without limit= (default 500)"},
       [](hub_config& c, const std::string& v) { return to_size(v, c.router.pull_default_limit); }},
      {{"pull-max-limit", "largest pull page (default 5000)"},
       [](hub_config& c, const std::string& v) { return to_size(v, c.router.pull_max_limit); }},
      {{"json-max-depth", "nesting limit of request JSON (default 32)"},
       [](hub_config& c, const std::string& v) { return to_size(v, c.router.json.max_depth); }},
      {{"min-station-version",
        "refuse stations whose program is older than this version, e.g. 0.2.0 (default: accept all)"},
       [](hub_config& c, const std::string& v) {
         c.router.min_station_version = v;
         return compare_versions(v, v).has_value();
       }},
  };
  return e;
}

}  // namespace

const std::vector<setting_doc>& settings() {
  static const std::vector<setting_doc> docs = [] {
    std::vector<setting_doc> d;
    for (const auto& e : entries()) d.push_back(e.doc);
    return d;
  }();
  return docs;
}

status apply_setting(hub_config& c, const std::string& key, const std::string& value) {
  for (const auto& e : entries()) {
    if (key != e.doc.name) continue;
    if (!e.set(c, value)) return bad(key, "malformed value '" + value + "'");
    return ok_status();
  }
  return bad(key, "unknown setting");
}

status load_config_file(hub_config& c, const std::string& path) {
  std::ifstream in(path);
  if (!in) return error(errc::not_found, "cannot read config " + path, "无法读取配置文件 " + path);
  std::string line;
  for (int n = 1; std::getline(in, line); ++n) {
    if (auto hash = line.find('#'); hash != std::string::npos) line.erase(hash);
    const auto t = trim(line);
    if (t.empty()) continue;
    const auto eq = t.find('=');
    if (eq == std::string_view::npos) {
      return error(errc::invalid_argument, path + ":" + std::to_string(n) + ": expected key = value",
                   path + " 第 " + std::to_string(n) + " 行：应为 key = value");
    }
    if (auto s = apply_setting(c, std::string(trim(t.substr(0, eq))), std::string(trim(t.substr(eq + 1))));
        !s)
      return s;
  }
  return ok_status();
}

status validate(const hub_config& c) {
  if (c.server.tls && c.server.cert_file.empty()) return bad("cert", "required");
  if (c.server.tls && c.server.key_file.empty()) return bad("key", "required");
  if (c.server.max_body_bytes == 0) return bad("max-body-bytes", "must be > 0");
  if (c.server.max_decompressed_bytes != 0 && c.server.max_decompressed_bytes < c.server.max_body_bytes) {
    return bad("max-decompressed-bytes", "must be 0 or ≥ max-body-bytes");
  }
  if (c.server.max_connections == 0) return bad("max-connections", "must be > 0");
  if (c.server.min_body_rate_bytes_per_s == 0) return bad("min-body-rate", "must be > 0");
  if (c.server.min_write_rate_bytes_per_s == 0) return bad("min-write-rate", "must be > 0");
  if (c.server.body_time_cap < c.server.body_timeout_base)
    return bad("body-time-cap-ms", "must be ≥ body-timeout-ms");
  if (c.server.write_time_cap < c.server.write_timeout)
    return bad("write-time-cap-ms", "must be ≥ write-timeout-ms");
  if (c.router.ingest.max_ops_per_batch == 0) return bad("max-ops-per-batch", "must be > 0");
  if (c.router.pull_default_limit == 0) return bad("pull-default-limit", "must be > 0");
  if (c.router.pull_max_limit < c.router.pull_default_limit)
    return bad("pull-max-limit", "must be ≥ pull-default-limit");
  if (c.router.json.max_depth < 4) return bad("json-max-depth", "must be ≥ 4");
  return ok_status();
}

}  // namespace cunzhan::hub
