// The store's lifecycle: opening and migrating the file, the meta table (enrolment,
// sync bookkeeping), the validation context, bulk transactions and reference villages.
#include "cunzhan/station/store.hpp"

#include <algorithm>
#include <system_error>

#include <sqlite3.h>

#include "cunzhan/platform/files.hpp"
#include "cunzhan/platform/path.hpp"
#include "cunzhan/shared/time.hpp"
#include "cunzhan/station/schema.hpp"
#include "store_internal.hpp"

namespace cunzhan::station_client {
namespace {

// A long-running process (serve) restarts its WAL after checkpoints: cut the file back to
// 4 MiB then, so it does not stay as big as its largest burst.
constexpr const char* k_wal_settings = "PRAGMA journal_size_limit=4194304";
// Each process's first open reads the whole WAL to rebuild its index, and SQLite restarts
// a WAL only from a connection that saw it checkpointed, which a one-command process
// never does: left alone the WAL grows by every command, and so does every open. Past
// this size (~100 pages, ~9 small commands) the closing store empties it into the file:
// one checkpoint (a file sync) every few commands instead of a longer scan on every one.
constexpr std::uintmax_t k_wal_keep_bytes = 100 * (4096 + 24) + 32;
// The page cache of a bulk write (KiB, negative as SQLite wants): fewer dirty pages
// spilled to the WAL and read back mid-import; the default is 2 MiB.
constexpr const char* k_bulk_cache = "PRAGMA cache_size=-8192";
constexpr const char* k_normal_cache = "PRAGMA cache_size=-2000";
constexpr const char* k_unresolved_rejects =
    "SELECT EXISTS (SELECT 1 FROM outbox WHERE state = 'rejected' AND superseded_by IS NULL)";

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

}  // namespace

result<boost::json::object> parse_doc(const std::string& text) {
  boost::system::error_code ec;
  boost::json::value v = boost::json::parse(text, ec);
  if (ec || !v.is_object()) {
    return error(errc::db_corrupt, "a stored record is not a JSON object", "存储的记录不是 JSON 对象");
  }
  return std::move(v.as_object());
}

std::string_view to_string(op_state s) {
  switch (s) {
    case op_state::pending: return "pending";
    case op_state::in_flight: return "in_flight";
    case op_state::acked: return "acked";
    case op_state::rejected: return "rejected";
  }
  return "pending";
}

store::store(std::unique_ptr<sql::database> db, std::unique_ptr<store_seal> seal, bool fully_checked)
    : seal_(std::move(seal)), db_(std::move(db)), fully_checked_(fully_checked) {}
store::~store() {
  bulk_.reset();
  std::error_code ec;
  if (db_ && std::filesystem::file_size(platform::path_from_utf8(db_->path() + "-wal"), ec) > k_wal_keep_bytes && !ec) db_->try_truncate_wal();
}

result<std::unique_ptr<store>> store::open(const std::filesystem::path& data_dir,
                                           const store_options& o) {
  const std::filesystem::path file = data_dir / db_file_name;
  std::error_code ec;
  if (!std::filesystem::exists(file, ec)) {
    if (!o.create) {
      return error(errc::not_initialised,
                   "no station database at " + file.string() + "; run `station init ENROLMENT_FILE` first",
                   "未找到服务站数据库 " + file.string() + "；请先运行 `station init 注册文件`");
    }
    std::filesystem::create_directories(data_dir, ec);
    if (ec) {
      return error(errc::io_error, "cannot create " + data_dir.string() + ": " + ec.message(),
                   "无法创建目录 " + data_dir.string() + "：" + ec.message());
    }
    platform::restrict_to_owner(data_dir);
  }
  auto seal = std::make_unique<store_seal>(file.string());
  sql::open_options so;
  so.create = o.create;
  so.check_integrity = o.full_check || seal->full_check_needed();
  seal->opening();
  auto db = sql::database::open(file.string(), so);
  if (!db) return std::move(db).err();
  // Every CLI command is its own process; checkpointing on each close would cost three
  // extra fsyncs per `station listing add`. The WAL is checkpointed once it passes
  // k_wal_keep_bytes instead (~store); durability is the same (a commit is durable once
  // the WAL is synced).
  sqlite3_db_config((*db)->handle(), SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE, 1, nullptr);
  if (auto s = (*db)->exec(k_wal_settings); !s) return std::move(s).err();
  auto steps = migrations();
  if (auto s = sql::migrate(**db, steps.data(), steps.size()); !s) return std::move(s).err();
  seal->opened(so.check_integrity);
  return std::unique_ptr<store>(new store(std::move(*db), std::move(seal), so.check_integrity));
}

result<std::optional<std::string>> store::meta_get(const std::string& key) {
  auto st = db_->prepare_cached(k_meta_get);
  if (!st) return std::move(st).err();
  (*st)->bind(1, key);
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  std::optional<std::string> v;
  if (*row) v = (*st)->column_text(0);
  (*st)->reset();
  return v;
}

status store::meta_set(const std::string& key, const std::string& value) {
  auto st = db_->prepare_cached(k_meta_set);
  if (!st) return std::move(st).err();
  (*st)->bind(1, key).bind(2, value);
  return (*st)->run();
}

status store::init(const enrolment& e, bool force) {
  write_scope w(*this);
  if (auto s = w.begun(); !s) return s;
  auto existing = meta_get(k_station_id);
  if (!existing) return std::move(existing).err();
  if (*existing && !force) {
    return error(errc::already_initialised,
                 "this station is already enrolled as " + **existing + "; use --force to replace it",
                 "本服务站已注册（" + **existing + "）；如需替换请加 --force");
  }
  const std::pair<const char*, const std::string*> fields[] = {
      {k_hub_url, &e.hub_url},           {k_server_name, &e.server_name},
      {k_ca_pem, &e.ca_pem},             {k_station_id, &e.station_id},
      {k_station_name, &e.station_name}, {k_village_code, &e.village_code},
      {k_kind, &e.kind},                 {k_token, &e.token}};
  for (const auto& [key, value] : fields) {
    if (auto s = meta_set(key, *value); !s) return s;
  }
  if (auto s = w.commit(); !s) return s;
  ctx_.reset();
  return ok_status();
}

result<enrolment> store::enrolment_info() {
  enrolment e;
  const std::pair<const char*, std::string*> fields[] = {
      {k_hub_url, &e.hub_url},           {k_server_name, &e.server_name},
      {k_ca_pem, &e.ca_pem},             {k_station_id, &e.station_id},
      {k_station_name, &e.station_name}, {k_village_code, &e.village_code},
      {k_kind, &e.kind},                 {k_token, &e.token}};
  for (const auto& [key, value] : fields) {
    auto v = meta_get(key);
    if (!v) return std::move(v).err();
    if (!*v) {
      return error(errc::not_initialised, "run `station init ENROLMENT_FILE` first",
                   "请先运行 `station init 注册文件`");
    }
    *value = std::move(**v);
  }
  return e;
}

result<validation_context> store::validation() {
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
  ctx_->now = now_seconds();
  ctx_->today = shanghai_day(ctx_->now);
  return *ctx_;
}

status store::load_brands() {
  brands_ = brand_registry::builtin();
  auto st = db_->prepare_cached(k_ref_brands);
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

status store::begin_bulk() {
  if (bulk_) return error(errc::invalid_argument, "a bulk transaction is already open");
  auto t = std::make_unique<sql::transaction>(*db_);
  if (auto s = t->begun(); !s) return s;
  // Inside the write transaction no rejection can arrive, so when nothing is rejected
  // now, no op of this bulk can supersede one and append_op skips that UPDATE per row.
  auto st = db_->prepare_cached(k_unresolved_rejects);
  if (!st) return std::move(st).err();
  auto row = (*st)->step();
  if (!row) return std::move(row).err();
  bulk_supersedes_ = !*row || (*st)->column_int(0) != 0;
  (*st)->reset();
  if (auto s = db_->exec(k_bulk_cache); !s) return s;
  bulk_ = std::move(t);
  return ok_status();
}

status store::commit_bulk() {
  if (!bulk_) return error(errc::invalid_argument, "no bulk transaction is open");
  auto s = bulk_->commit();
  bulk_.reset();  // rolls back if the commit failed
  end_bulk();
  if (s) db_->try_truncate_wal();
  return s;
}

void store::rollback_bulk() {
  bulk_.reset();
  end_bulk();
}

void store::end_bulk() {
  bulk_supersedes_ = false;
  (void)db_->exec(k_normal_cache);  // only a cache size: failure is harmless
}

status store::replace_reference_villages(const std::vector<reference_village>& v) {
  write_scope w(*this);
  if (auto s = w.begun(); !s) return s;
  if (auto s = db_->exec(k_ref_delete); !s) return s;
  for (const auto& r : v) {
    auto st = db_->prepare_cached(k_ref_insert);
    if (!st) return std::move(st).err();
    (*st)->bind(1, r.code).bind(2, r.name).bind(3, r.township_code).bind(4, r.township_name);
    if (auto s = (*st)->run(); !s) return s;
  }
  if (auto s = w.commit(); !s) return s;
  ctx_.reset();
  return ok_status();
}

result<std::vector<reference_village>> store::reference_villages() {
  auto st = db_->prepare_cached(k_ref_select);
  if (!st) return std::move(st).err();
  std::vector<reference_village> out;
  for (;;) {
    auto row = (*st)->step();
    if (!row) return std::move(row).err();
    if (!*row) break;
    out.push_back({(*st)->column_text(0), (*st)->column_text(1), (*st)->column_text(2),
                   (*st)->column_text(3)});
  }
  return out;
}

}  // namespace cunzhan::station_client
