// The meta table: the enrolment, the validation context built from it and the
// reference data, the reference villages, and the last sync's summary.
#include <algorithm>
#include <array>
#include <utility>

#include "connection.hpp"
#include "cunzhan/shared/time.hpp"

namespace cunzhan::station_client {
namespace {

constexpr const char* k_meta_get = "SELECT value FROM meta WHERE key = ?";
constexpr const char* k_meta_set =
    "INSERT INTO meta (key, value) VALUES (?, ?) "
    "ON CONFLICT(key) DO UPDATE SET value = excluded.value";
// Brands pulled from the hub (store_sync.cpp keeps them as "ref:brand:<code>").
constexpr const char* k_ref_brands = "SELECT value FROM meta WHERE key LIKE 'ref:brand:%' ORDER BY key";
constexpr const char* k_ref_select =
    "SELECT code, name, township_code, township_name FROM reference_village ORDER BY code";
constexpr const char* k_ref_delete = "DELETE FROM reference_village";
constexpr const char* k_ref_insert =
    "INSERT INTO reference_village (code, name, township_code, township_name) VALUES (?, ?, ?, ?)";

// Meta keys of the enrolment; the token is the station's secret, so the data directory
// is created 0700.
constexpr const char* k_hub_url = "enrolment.hub_url";
constexpr const char* k_server_name = "enrolment.server_name";
constexpr const char* k_ca_pem = "enrolment.ca_pem";
constexpr const char* k_station_id = "enrolment.station_id";
constexpr const char* k_station_name = "enrolment.station_name";
constexpr const char* k_village_code = "enrolment.village_code";
constexpr const char* k_kind = "enrolment.kind";
constexpr const char* k_token = "enrolment.token";

// The enrolment's meta keys and fields, one list for saving (E const) and reading.
template <class E>
auto enrolment_fields(E& e) {
  using field = std::pair<const char*, decltype(&e.hub_url)>;
  return std::array<field, 8>{{{k_hub_url, &e.hub_url},
                               {k_server_name, &e.server_name},
                               {k_ca_pem, &e.ca_pem},
                               {k_station_id, &e.station_id},
                               {k_station_name, &e.station_name},
                               {k_village_code, &e.village_code},
                               {k_kind, &e.kind},
                               {k_token, &e.token}}};
}

constexpr const char* k_last_sync_at = "sync.last_at";
constexpr const char* k_last_sync_ok = "sync.last_ok";
constexpr const char* k_last_sync_message = "sync.last_message";
constexpr const char* k_last_sync_message_zh = "sync.last_message_zh";
constexpr const char* k_clock_offset = "sync.hub_clock_offset_s";

}  // namespace

status meta_put(sql::database& db, const std::string& key, const std::string& value) {
  auto st = db.prepare_cached(k_meta_set);
  if (!st) return std::move(st).err();
  (*st)->bind(1, key).bind(2, value);
  return (*st)->run();
}

result<std::optional<std::string>> meta_table::get(const std::string& key) {
  auto st = conn_.db().prepare_cached(k_meta_get);
  if (!st) return std::move(st).err();
  (*st)->bind(1, key);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  std::optional<std::string> v;
  if (*row) v = (*st)->column_text(0);
  (*st)->reset();
  return v;
}

status meta_table::set(const std::string& key, const std::string& value) {
  return meta_put(conn_.db(), key, value);
}

status meta_table::init(const enrolment& e, bool force) {
  write_scope w(conn_);
  if (auto s = w.begun(); !s) return s;
  auto existing = get(k_station_id);
  if (!existing) return std::move(existing).err();
  if (*existing && !force) {
    return error(errc::already_initialised,
                 "this station is already enrolled as " + **existing + "; use --force to replace it",
                 "本服务站已注册（" + **existing + "）；如需替换请加 --force");
  }
  for (const auto& [key, value] : enrolment_fields(e)) {
    if (auto s = set(key, *value); !s) return s;
  }
  if (auto s = w.commit(); !s) return s;
  ctx_.reset();
  return ok_status();
}

result<enrolment> meta_table::enrolment_info() {
  enrolment e;
  for (const auto& [key, value] : enrolment_fields(e)) {
    auto v = get(key);
    if (!v) return std::move(v).err();
    if (!*v) {
      return error(errc::not_initialised, "run `station init ENROLMENT_FILE` first",
                   "请先运行 `station init 注册文件`");
    }
    *value = std::move(**v);
  }
  return e;
}

result<validation_context> meta_table::validation() {
  if (!ctx_) {
    auto e = enrolment_info();
    if (!e) return std::move(e).err();
    auto refs = reference_villages();
    if (!refs) return std::move(refs).err();
    known_villages_.clear();
    for (const auto& r : *refs) known_villages_.push_back(r.code);
    std::sort(known_villages_.begin(), known_villages_.end());
    if (auto s = load_brands(); !s) return std::move(s).err();
    validation_context c;
    c.county_code = e->village_code.substr(0, 6);
    c.known_villages = known_villages_.empty() ? nullptr : &known_villages_;
    c.brands = &brands_;
    ctx_ = c;
  }
  ctx_->at(conn_.clock());
  return *ctx_;
}

status meta_table::load_brands() {
  brands_ = brand_registry::builtin();
  auto st = conn_.db().prepare_cached(k_ref_brands);
  if (!st) return std::move(st).err();
  for (;;) {
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    auto doc = parse_doc((*st)->column_text(0));
    if (!doc) continue;  // reference data: an unreadable entry is skipped, as at pull
    auto text = [&](const char* k) {
      const auto* v = doc->if_contains(k);
      return v && v->is_string() ? std::string(v->as_string()) : std::string();
    };
    (void)brands_.add({text("code"), text("name_zh"), text("name_en")});  // a bad code is ignored
  }
  (*st)->reset();
  return ok_status();
}

status meta_table::replace_reference_villages(const std::vector<reference_village>& v) {
  write_scope w(conn_);
  if (auto s = w.begun(); !s) return s;
  if (auto s = conn_.db().exec(k_ref_delete); !s) return s;
  for (const auto& r : v) {
    auto st = conn_.db().prepare_cached(k_ref_insert);
    if (!st) return std::move(st).err();
    (*st)->bind(1, r.code).bind(2, r.name).bind(3, r.township_code).bind(4, r.township_name);
    if (auto s = (*st)->run(); !s) return s;
  }
  if (auto s = w.commit(); !s) return s;
  ctx_.reset();
  return ok_status();
}

result<std::vector<reference_village>> meta_table::reference_villages() {
  auto st = conn_.db().prepare_cached(k_ref_select);
  if (!st) return std::move(st).err();
  std::vector<reference_village> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    out.push_back(
        {(*st)->column_text(0), (*st)->column_text(1), (*st)->column_text(2), (*st)->column_text(3)});
  }
  return out;
}

status meta_table::record_sync(sys_seconds at, bool ok, const std::string& message_en,
                               const std::string& message_zh, std::optional<sys_seconds> server_time) {
  write_scope w(conn_);
  if (auto s = w.begun(); !s) return s;
  if (auto s = set(k_last_sync_at, std::to_string(to_unix(at))); !s) return s;
  if (auto s = set(k_last_sync_ok, ok ? "1" : "0"); !s) return s;
  if (auto s = set(k_last_sync_message, message_en); !s) return s;
  if (auto s = set(k_last_sync_message_zh, message_zh); !s) return s;
  if (server_time) {
    const auto offset = to_unix(*server_time) - to_unix(at);
    if (auto s = set(k_clock_offset, std::to_string(offset)); !s) return s;
  }
  return w.commit();
}

result<sync_info> meta_table::last_sync() {
  sync_info info;
  auto at = get(k_last_sync_at);
  if (!at) return std::move(at).err();
  if (*at) info.last_sync_at = from_unix(std::stoll(**at));
  auto ok = get(k_last_sync_ok);
  if (!ok) return std::move(ok).err();
  info.last_ok = *ok && **ok == "1";
  auto msg = get(k_last_sync_message);
  if (!msg) return std::move(msg).err();
  if (*msg) info.last_message = **msg;
  auto msg_zh = get(k_last_sync_message_zh);
  if (!msg_zh) return std::move(msg_zh).err();
  if (*msg_zh) info.last_message_zh = **msg_zh;
  auto off = get(k_clock_offset);
  if (!off) return std::move(off).err();
  if (*off) info.hub_clock_offset_s = std::stoll(**off);
  return info;
}

}  // namespace cunzhan::station_client

namespace cunzhan::station_client {

// The hub's last X-Hub-Entities (schema v3 tables' ops wait for it; PROTOCOL.md "Compatibility").
namespace {
constexpr const char* k_hub_entities = "sync.hub_entities";
}

result<std::optional<std::string>> meta_table::hub_entities() {
  if (!hub_entities_) {
    auto v = get(k_hub_entities);
    if (!v) return std::move(v).err();
    hub_entities_ = std::move(*v);
  }
  return *hub_entities_;
}

status meta_table::set_hub_entities(const std::string& header) {
  if (auto s = set(k_hub_entities, header); !s) return s;
  hub_entities_ = std::optional<std::string>(header);
  return ok_status();
}

result<bool> meta_table::accepts(entity_type e) {
  auto h = hub_entities();
  if (!h) return std::move(h).err();
  return hub_accepts(e, *h);
}

}  // namespace cunzhan::station_client
