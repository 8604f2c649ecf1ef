#include "kpi_bench_data.hpp"

#include <optional>
#include <stdexcept>

#include "cunzhan/shared/compress.hpp"
#include "cunzhan/shared/division_code.hpp"
#include "cunzhan/shared/text.hpp"
#include "cunzhan/shared/time.hpp"
#include "test_support.hpp"

// GCC 12 at -O2 sees bind(optional) read *arr on the path where it is empty (a known false
// positive of -Wmaybe-uninitialized with std::optional); the bind checks first.
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
namespace cunzhan::bench {

std::vector<csv::row> load(const std::string& name) {
  std::string bytes = test::read_file(test::divisions_dir() / name);
  if (name.ends_with(".zst")) {
    auto d = decompress(content_encoding::zstd, bytes, std::size_t{1} << 30);
    if (!d) throw std::runtime_error(d.err().describe(lang::en));
    bytes = std::move(*d);
  }
  auto text = csv::to_utf8(bytes);
  auto rows = csv::parse(*text);
  if (!rows) throw std::runtime_error("csv " + name);
  return std::vector<csv::row>(rows->begin() + 1, rows->end());
}

void loader::exec(const char* sql) {
  if (auto s = db.exec(sql); !s) throw std::runtime_error(s.err().describe(lang::en));
}
sql::statement& loader::stmt(const char* sql) {
  auto st = db.prepare_cached(sql);
  if (!st) throw std::runtime_error(st.err().describe(lang::en));
  return **st;
}
void loader::must(status s) {
  if (!s) throw std::runtime_error(s.err().describe(lang::en));
}

std::map<std::string, std::vector<std::string>> loader::registry(const std::string& streets,
                                                                 const std::string& villages) {
  std::map<std::string, std::vector<std::string>> admin;
  for (const auto& r : load(streets)) {
    must(stmt("INSERT OR IGNORE INTO division_township (code, name, county_code) VALUES (?, ?, ?)")
             .bind(1, r.cells[0])
             .bind(2, r.cells[1])
             .bind(3, r.cells[0].substr(0, 6))
             .run());
  }
  for (const auto& r : load(villages)) {
    const auto& c = r.cells[0];
    must(stmt("INSERT OR IGNORE INTO division_village (code, name, township_code, county_code) VALUES (?, "
              "?, ?, ?)")
             .bind(1, c)
             .bind(2, r.cells[1])
             .bind(3, c.substr(0, 9))
             .bind(4, c.substr(0, 6))
             .run());
    if (is_administrative_village_code(c)) admin[c.substr(0, 6)].push_back(c);
  }
  return admin;
}

std::vector<std::string> loader::stations(const std::vector<std::string>& villages, int n, int offset) {
  std::vector<std::string> ids;
  for (int i = 0; i < n; ++i) {
    const auto& v = villages[static_cast<std::size_t>(i) % villages.size()];
    const std::string id = "st" + std::to_string(offset + i);
    must(stmt("INSERT INTO station (id, name, village_code, township_code, county_code, kind, token_id, "
              "token_hash, "
              "enrolled_at, opened_on) VALUES (?, ?, ?, ?, ?, 'village', ?, x'00', 0, '2025-01-01')")
             .bind(1, id)
             .bind(2, id)
             .bind(3, v)
             .bind(4, v.substr(0, 9))
             .bind(5, v.substr(0, 6))
             .bind(6, id)
             .run());
    ids.push_back(id);
    const std::string pid = "pt" + std::to_string(offset + i);
    must(stmt("INSERT INTO courier_point (id, station_id, county_code, township_code, name, kind, "
              "village_code, "
              "days_per_week, opened_on, data, received_at, last_seq) VALUES (?, ?, ?, ?, ?, "
              "'village_fixed', ?, ?, "
              "'2025-01-01', '{}', 0, 1)")
             .bind(1, pid)
             .bind(2, id)
             .bind(3, v.substr(0, 6))
             .bind(4, v.substr(0, 9))
             .bind(5, pid)
             .bind(6, v)
             .bind(7, pick(1, 7))
             .run());
    must(stmt("INSERT INTO courier_point_brand (point_id, brand) VALUES (?, 'EMS')").bind(1, pid).run());
    must(stmt("INSERT INTO courier_point_village (point_id, village_code) VALUES (?, ?)")
             .bind(1, pid)
             .bind(2, villages[static_cast<std::size_t>(pick(0, int(villages.size()) - 1))])
             .run());
  }
  return ids;
}

void loader::history(const std::vector<std::string>& ids, const std::string& county, int ops, int sync_days,
                     int offset) {
  const std::int64_t t0 = 1735660800;  // 2025-01-01 00:00 +08:00
  const std::int64_t span = 2 * 365 * 86400;
  for (int i = 0; i < ops; ++i) {
    const auto& st = ids[static_cast<std::size_t>(i) % ids.size()];
    const std::string eid = "e" + std::to_string((offset + i) / 2);
    const std::int64_t t = t0 + std::uniform_int_distribution<std::int64_t>(0, span)(rng);
    must(stmt("INSERT INTO op_log (op_id, station_id, seq, entity, entity_id, content_hash, status, "
              "received_at, "
              "batch_id) VALUES (?, ?, ?, ?, ?, x'00', 'applied', ?, 'b')")
             .bind(1, "op" + std::to_string(offset + i))
             .bind(2, st)
             .bind(3, offset + i)
             .bind(4, i % 4 < 2 ? "listing" : "pickup")
             .bind(5, eid)
             .bind(6, t)
             .run());
    if (i % 2 != 0) continue;
    const std::string v = county + "100201";
    if (i % 4 == 0) {
      must(stmt("INSERT OR REPLACE INTO listing (id, station_id, county_code, township_code, village_code, "
                "product_name, "
                "category, quantity, unit, price_fen, status, sold_amount_fen, sold_at, created_at, data, "
                "received_at, "
                "last_seq) VALUES (?, ?, ?, ?, ?, 'x', 'fruit', 1, 'kg', 1, ?, ?, ?, ?, '{}', 0, 1)")
               .bind(1, eid)
               .bind(2, st)
               .bind(3, county)
               .bind(4, v.substr(0, 9))
               .bind(5, v)
               .bind(6, pick(0, 2) == 0 ? "listed" : "sold")
               .bind(7, pick(100, 90000))
               .bind(8, t)
               .bind(9, t - 86400)
               .run());
    } else {
      must(stmt("INSERT OR REPLACE INTO pickup (id, station_id, county_code, township_code, village_code, "
                "brand, direction, "
                "parcels, requested_at, due_at, picked_up_at, status, data, received_at, last_seq) "
                "VALUES (?, ?, ?, ?, ?, 'ZTO', 'outbound', 2, ?, ?, ?, 'picked_up', '{}', 0, 1)")
               .bind(1, eid)
               .bind(2, st)
               .bind(3, county)
               .bind(4, v.substr(0, 9))
               .bind(5, v)
               .bind(6, t)
               .bind(7, t + 86400)
               .bind(8, t + pick(0, 2 * 86400))
               .run());
    }
  }
  for (const auto& st : ids) {
    for (std::int64_t d = t0 + span - std::int64_t{sync_days} * 86400; d < t0 + span; d += 86400) {
      must(stmt("INSERT INTO sync_session (station_id, started_at, ended_at, bytes_in, bytes_out, applied, "
                "duplicate, "
                "rejected, ok) VALUES (?, ?, ?, 0, 0, 0, 0, 0, 1)")
               .bind(1, st)
               .bind(2, d + 75600)
               .bind(3, d + 75600 + pick(0, 30000))
               .run());
    }
  }
}

void villager_history(loader& l, const std::vector<std::string>& ids,
                      const std::vector<std::string>& villages, const std::string& county, int villagers,
                      int orders, int services) {
  const std::int64_t t0 = 1735660800;  // 2025-01-01 00:00 +08:00
  const std::int64_t span = 2 * 365 * 86400;
  std::uniform_int_distribution<std::int64_t> when(0, span);
  for (const auto& v : villages)
    l.must(l.stmt("INSERT INTO village_population (village_code, population, households, imported_at) VALUES "
                  "(?, ?, ?, 0)")
               .bind(1, v)
               .bind(2, l.pick(300, 3000))
               .bind(3, l.pick(100, 300))
               .run());
  for (int i = 0; i < villagers; ++i) {
    const auto& v = villages[static_cast<std::size_t>(i) % villages.size()];
    l.must(l.stmt("INSERT INTO villager (id, station_id, county_code, township_code, village_code, "
                  "household_size, data, "
                  "received_at, last_seq) VALUES (?, ?, ?, ?, ?, 3, '{}', 0, 1)")
               .bind(1, "v" + std::to_string(i))
               .bind(2, ids[static_cast<std::size_t>(i) % ids.size()])
               .bind(3, county)
               .bind(4, v.substr(0, 9))
               .bind(5, v)
               .run());
  }
  static const char* statuses[] = {"handed_over", "handed_over", "handed_over", "arrived",
                                   "returned",    "cancelled",   "ordered"};
  for (int i = 0; i < orders; ++i) {
    const auto& st = ids[static_cast<std::size_t>(i) % ids.size()];
    const std::int64_t t = t0 + when(l.rng);
    const std::string status = statuses[l.pick(0, 6)];
    const bool arrived = status == "handed_over" || status == "arrived" || status == "returned";
    const std::optional<std::int64_t> arr =
        arrived ? std::optional(t + l.pick(86400, 5 * 86400)) : std::nullopt;
    const auto after = [&](bool yes) {
      return yes ? std::optional(arr.value_or(t) + l.pick(3600, 9 * 86400)) : std::nullopt;
    };
    l.must(l.stmt("INSERT INTO proxy_buy (id, station_id, county_code, township_code, villager_id, category, "
                  "platform, "
                  "item_count, amount_fen, status, ordered_at, arrived_at, handed_over_at, returned_at, "
                  "cancelled_at, "
                  "data, received_at, last_seq) VALUES (?, ?, ?, ?, ?, 'daily', 'pinduoduo', 1, ?, ?, ?, ?, "
                  "?, ?, ?, "
                  "'{}', 0, 1)")
               .bind(1, "o" + std::to_string(i))
               .bind(2, st)
               .bind(3, county)
               .bind(4, county + "100")
               .bind(5, "v" + std::to_string(l.pick(0, villagers - 1)))
               .bind(6, l.pick(500, 50000))
               .bind(7, status)
               .bind(8, t)
               .bind(9, arr)
               .bind(10, after(status == "handed_over"))
               .bind(11, after(status == "returned"))
               .bind(12, status == "cancelled" ? std::optional(t + 3600) : std::nullopt)
               .run());
  }
  for (int i = 0; i < services; ++i) {
    const std::int64_t t = t0 + when(l.rng);
    l.must(l.stmt("INSERT INTO service (id, station_id, county_code, township_code, villager_id, served_on, "
                  "kind, data, "
                  "received_at, last_seq) VALUES (?, ?, ?, ?, ?, ?, 'information', '{}', 0, 1)")
               .bind(1, "s" + std::to_string(i))
               .bind(2, ids[static_cast<std::size_t>(i) % ids.size()])
               .bind(3, county)
               .bind(4, county + "100")
               .bind(5, "v" + std::to_string(l.pick(0, villagers - 1)))
               .bind(6, format_date(shanghai_day(sys_seconds(std::chrono::seconds(t)))))
               .run());
  }
  for (std::size_t i = 0; i < ids.size(); ++i) {
    const std::string o = "off" + std::to_string(i);
    l.must(l.stmt("INSERT INTO officer (id, county_code, name, created_at) VALUES (?, ?, '信息员', 0)")
               .bind(1, o)
               .bind(2, county)
               .run());
    l.must(l.stmt("INSERT INTO officer_station (officer_id, station_id, from_on) VALUES (?, ?, '2025-01-01')")
               .bind(1, o)
               .bind(2, ids[i])
               .run());
  }
  for (int s = 0; s < 24; ++s) {
    const std::string sid = "tr" + std::to_string(s);
    l.must(l.stmt("INSERT INTO training_session (id, county_code, held_on, topic, hours, level, created_at) "
                  "VALUES (?, ?, ?, '电商培训', 3, 'county', 0)")
               .bind(1, sid)
               .bind(2, county)
               .bind(3, "2025-" + std::string(s % 12 < 9 ? "0" : "") + std::to_string(s % 12 + 1) + "-15")
               .run());
    for (int k = 0; k < 20; ++k)
      l.must(l.stmt("INSERT OR IGNORE INTO training_attendee (session_id, officer_id) VALUES (?, ?)")
                 .bind(1, sid)
                 .bind(2, "off" + std::to_string(l.pick(0, int(ids.size()) - 1)))
                 .run());
  }
}

}  // namespace cunzhan::bench
