#include "store/postgres/pg_table_copy.hpp"

#include <charconv>
#include <cstring>
#include <regex>
#include <set>

#include "cunzhan/shared/uuid.hpp"
#include "store/schema.hpp"

namespace cunzhan::hub::pg {
namespace {

// Bookkeeping of each engine, not hub data: SQLite's own and the schema version (each
// backend keeps its own; pg_migrate.cpp compares them).
bool internal_table(const std::string& name) {
  return name.rfind("sqlite_", 0) == 0 || name == "schema_version";
}

// The tables the hub's schema creates, read from the migration steps themselves, so a new
// table reaches `hub migrate` with the step that makes it.
const std::set<std::string>& known_tables() {
  static const std::set<std::string> names = [] {
    std::set<std::string> out;
    std::size_t n = 0;
    const sql::migration* steps = schema::migrations(n);
    static const std::regex create(R"(CREATE TABLE (\w+))");
    for (std::size_t i = 0; i < n; ++i) {
      const std::string text(steps[i]);
      for (std::sregex_iterator it(text.begin(), text.end(), create), end; it != end; ++it)
        out.insert((*it)[1]);
    }
    return out;
  }();
  return names;
}

col_kind kind_of(const std::string& declared) {
  if (declared.find("INT") != std::string::npos) return col_kind::integer;
  if (declared.find("REAL") != std::string::npos) return col_kind::real;
  if (declared.find("BLOB") != std::string::npos) return col_kind::blob;
  return col_kind::text;
}
const char* sqlite_type(col_kind k) {
  switch (k) {
    case col_kind::integer: return "integer";
    case col_kind::real: return "real";
    case col_kind::blob: return "blob";
    case col_kind::text: break;
  }
  return "text";
}
const char* pg_type(col_kind k) {
  switch (k) {
    case col_kind::integer: return "bigint";
    case col_kind::real: return "double precision";
    case col_kind::blob: return "bytea";
    case col_kind::text: break;
  }
  return "text";
}

std::string quoted(const std::string& ident) { return "\"" + ident + "\""; }
std::string column_list(const table_shape& t) {
  std::string out;
  for (const auto& c : t.columns) out += (out.empty() ? "" : ", ") + quoted(c.name);
  return out;
}

// The canonical encoding of one value: a tag, the length (4 bytes, little-endian), bytes.
void put(std::string& out, char tag, std::string_view bytes) {
  out.push_back(tag);
  const auto n = static_cast<std::uint32_t>(bytes.size());
  for (int i = 0; i < 4; ++i) out.push_back(static_cast<char>((n >> (8 * i)) & 0xff));
  out.append(bytes);
}
std::string real_text(double v) {
  char buf[64];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);  // shortest round-trip, as param(double)
  return std::string(buf, ec == std::errc() ? end : buf);
}

error mismatch(const std::string& what_en, const std::string& what_zh) {
  return error(errc::invalid_argument, what_en, what_zh);
}

}  // namespace

void table_digest::add(const std::string& encoded_row) {
  const std::string h = sha256(encoded_row);
  for (std::size_t lane = 0; lane < 4; ++lane) {
    std::uint64_t v = 0;
    std::memcpy(&v, h.data() + lane * 8, 8);
    lanes_[lane] += v;  // wraps: a sum modulo 2^64 per lane
  }
  ++rows_;
}

std::string table_digest::hex() const {
  static const char* digits = "0123456789abcdef";
  std::string out;
  for (std::uint64_t v : lanes_) {
    for (int shift = 60; shift >= 0; shift -= 4) out.push_back(digits[(v >> shift) & 0xf]);
  }
  return out;
}

result<std::vector<table_shape>> source_tables(sql::database& src) {
  auto list = src.prepare("SELECT name, sql FROM sqlite_master WHERE type = 'table' ORDER BY name");
  if (!list) return std::move(list).err();
  std::vector<table_shape> out;
  std::string unknown;
  for (;;) {
    auto more = list->step();
    if (!more) return std::move(more).err();
    if (!*more) break;
    table_shape t;
    t.name = list->column_text(0);
    if (internal_table(t.name)) continue;
    if (!known_tables().count(t.name)) {
      unknown += (unknown.empty() ? "" : ", ") + t.name;
      continue;
    }
    t.identity_id = list->column_text(1).find("AUTOINCREMENT") != std::string::npos;
    out.push_back(std::move(t));
  }
  if (!unknown.empty()) {
    return mismatch(
        "hub.db holds tables this hub does not know (" + unknown +
            "): written by a newer hub or by hand; nothing was copied",
        "hub.db 中有本程序不认识的表（" + unknown + "）：可能来自更新版本或被手工修改；未复制任何数据");
  }
  for (auto& t : out) {
    auto cols = src.prepare("SELECT name, type FROM pragma_table_info(?) ORDER BY cid");
    if (!cols) return std::move(cols).err();
    cols->bind(1, t.name);
    for (;;) {
      auto more = cols->step();
      if (!more) return std::move(more).err();
      if (!*more) break;
      t.columns.push_back({cols->column_text(0), kind_of(cols->column_text(1))});
    }
    // SQLite lets any column hold any type; the copy (and the digest) go by the declared one.
    std::string odd;
    for (const auto& c : t.columns) {
      odd += (odd.empty() ? "" : " OR ") + std::string("typeof(") + quoted(c.name) + ") NOT IN ('null', '" +
             sqlite_type(c.kind) + "')";
    }
    auto n = src.prepare("SELECT count(*) FROM " + quoted(t.name) + " WHERE " + odd);
    if (!n) return std::move(n).err();
    if (auto r = n->step(); !r) return std::move(r).err();
    if (n->column_int(0) != 0) {
      return mismatch("hub.db table " + t.name + " has " + std::to_string(n->column_int(0)) +
                          " rows with a value not of its column's type; nothing was copied",
                      "hub.db 表 " + t.name + " 有 " + std::to_string(n->column_int(0)) +
                          " 行的值与列类型不符；未复制任何数据");
    }
  }
  return out;
}

status check_target_shape(connection& dst, const table_shape& t) {
  auto r = dst.run(
      "SELECT column_name, data_type FROM information_schema.columns "
      "WHERE table_schema = current_schema() AND table_name = $1",
      {t.name});
  if (!r) return std::move(r).err();
  for (const auto& c : t.columns) {
    bool found = false;
    for (int i = 0; i < r->size() && !found; ++i)
      found = r->text(i, 0) == c.name && r->text(i, 1) == pg_type(c.kind);
    if (!found) {
      return mismatch("the PostgreSQL table " + t.name + " has no " + pg_type(c.kind) + " column " + c.name,
                      "PostgreSQL 表 " + t.name + " 缺少 " + pg_type(c.kind) + " 列 " + c.name);
    }
  }
  return ok_status();
}

status read_source(sql::database& src, const table_shape& t,
                   const std::function<status(params&&, const std::string&)>& row) {
  auto st = src.prepare("SELECT " + column_list(t) + " FROM " + quoted(t.name));
  if (!st) return std::move(st).err();
  std::string enc;
  for (;;) {
    auto more = st->step();
    if (!more) return std::move(more).err();
    if (!*more) return ok_status();
    params p;
    p.reserve(t.columns.size());
    enc.clear();
    for (int i = 0; i < static_cast<int>(t.columns.size()); ++i) {
      if (st->column_is_null(i)) {
        p.emplace_back(std::nullopt);
        put(enc, 'N', {});
        continue;
      }
      switch (t.columns[i].kind) {
        case col_kind::integer: {
          const std::int64_t v = st->column_int(i);
          p.emplace_back(v);
          put(enc, 'I', std::to_string(v));
          break;
        }
        case col_kind::real: {
          const double v = st->column_double(i);
          p.emplace_back(v);
          put(enc, 'R', real_text(v));
          break;
        }
        case col_kind::text: {
          std::string v = st->column_text(i);
          put(enc, 'T', v);
          p.emplace_back(std::move(v));
          break;
        }
        case col_kind::blob: {
          std::string v = st->column_blob(i);
          put(enc, 'B', v);
          p.push_back(param::bytes(std::move(v)));
          break;
        }
      }
    }
    if (auto s = row(std::move(p), enc); !s) return s;
  }
}

result<table_digest> digest_source(sql::database& src, const table_shape& t) {
  table_digest d;
  auto s = read_source(src, t, [&](params&&, const std::string& enc) {
    d.add(enc);
    return ok_status();
  });
  if (!s) return std::move(s).err();
  return d;
}

result<table_digest> digest_target(connection& dst, const table_shape& t) {
  auto size =
      dst.run("SELECT pg_relation_size($1::regclass) / current_setting('block_size')::bigint", {t.name});
  if (!size) return std::move(size).err();
  const std::int64_t blocks = size->int64(0, 0);
  constexpr std::int64_t k_blocks_per_read = 256;  // ~2 MB of table per round trip
  const std::string q =
      "SELECT " + column_list(t) + " FROM " + quoted(t.name) + " WHERE ctid >= $1::tid AND ctid < $2::tid";
  table_digest d;
  std::string enc;
  for (std::int64_t b = 0; b < blocks; b += k_blocks_per_read) {
    auto r =
        dst.run(q, {"(" + std::to_string(b) + ",0)", "(" + std::to_string(b + k_blocks_per_read) + ",0)"});
    if (!r) return std::move(r).err();
    for (int i = 0; i < r->size(); ++i) {
      enc.clear();
      for (int c = 0; c < static_cast<int>(t.columns.size()); ++c) {
        if (r->is_null(i, c)) {
          put(enc, 'N', {});
          continue;
        }
        switch (t.columns[c].kind) {
          case col_kind::integer: put(enc, 'I', std::to_string(r->int64(i, c))); break;
          case col_kind::real: put(enc, 'R', real_text(r->real(i, c))); break;
          case col_kind::text: put(enc, 'T', r->text(i, c)); break;
          case col_kind::blob: put(enc, 'B', r->bytes(i, c)); break;
        }
      }
      d.add(enc);
    }
  }
  return d;
}

result<table_digest> copy_table(sql::database& src, connection& dst, const table_shape& t) {
  if (auto r = dst.run("DELETE FROM " + quoted(t.name)); !r) return std::move(r).err();
  // Rows per INSERT: PostgreSQL takes at most 65535 parameters in one statement.
  const std::size_t per_insert =
      std::min<std::size_t>(1000, 60000 / std::max<std::size_t>(1, t.columns.size()));
  const std::string head = "INSERT INTO " + quoted(t.name) + " (" + column_list(t) + ") VALUES ";
  params batch;
  std::size_t in_batch = 0;
  const auto flush = [&]() -> status {
    if (in_batch == 0) return ok_status();
    std::string q = head;
    std::size_t n = 0;
    for (std::size_t r = 0; r < in_batch; ++r) {
      q += r == 0 ? "(" : ", (";
      for (std::size_t c = 0; c < t.columns.size(); ++c) q += (c == 0 ? "$" : ", $") + std::to_string(++n);
      q += ")";
    }
    auto done = dst.run(q, batch);
    batch.clear();
    in_batch = 0;
    if (!done) return std::move(done).err();
    return ok_status();
  };
  table_digest d;
  auto s = read_source(src, t, [&](params&& p, const std::string& enc) -> status {
    d.add(enc);
    for (auto& v : p) batch.push_back(std::move(v));
    return ++in_batch == per_insert ? flush() : ok_status();
  });
  if (!s) return std::move(s).err();
  if (auto f = flush(); !f) return std::move(f).err();
  if (t.identity_id) {
    // The next id handed out follows the district's largest (pull cursors are these ids).
    auto r = dst.run("SELECT setval(pg_get_serial_sequence($1, 'id'), COALESCE((SELECT max(id) FROM " +
                         quoted(t.name) + "), 0) + 1, false)",
                     {t.name});
    if (!r) return std::move(r).err();
  }
  return d;
}

}  // namespace cunzhan::hub::pg
