// Maintenance: `hub audit` (what a station sent and what became of it), `hub backup`
// (an online, consistent copy while the server runs) and `hub check` (full integrity check).
#include <iomanip>
#include <iostream>

#include <boost/json.hpp>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/shared/time.hpp"
#include "province/upstream_store.hpp"

namespace cunzhan::hub::cli {

int cmd_audit(const argv_t& argv) {
  static const char* help =
      "hub audit --data DIR --station ID [--json] [--limit N]\n"
      "  Lists the station's ops in seq order: op_id, seq, entity, status, error, received time.\n"
      "  列出站点上传的操作及其处理结果。\n"
      "example: hub audit --data /var/lib/cunzhan-hub --station 3f2a... --json\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"data", "station", "limit"}, {"json"});
  if (!a) return report(a.err());
  auto station = a->required("station");
  if (!station) return report(station.err());
  std::size_t limit = 100000;
  if (auto l = a->get("limit")) {
    try {
      limit = std::stoul(*l);
    } catch (const std::exception&) {
      return report(error(errc::invalid_argument, "--limit must be a number", "--limit 必须是数字"));
    }
  }
  auto store = open_store(*a);
  if (!store) return report(store.err());
  // An unknown id is a mistake to report, not a station that sent nothing ("0 ops").
  if (auto known = found_station((*store)->station_by_id(*station), *station); !known)
    return report(known.err());
  auto rows = (*store)->ops_of_station(*station, limit);
  if (!rows) return report(rows.err());
  const auto when = [](std::int64_t s) { return format_instant(sys_seconds(std::chrono::seconds(s))); };
  if (a->has("json")) {
    boost::json::array out;
    for (const auto& r : *rows) {
      boost::json::object o{{"op_id", r.op_id},      {"seq", r.seq},
                            {"entity", r.entity},    {"entity_id", r.entity_id},
                            {"status", r.status},    {"received_at", when(r.received_at)},
                            {"batch_id", r.batch_id}};
      if (!r.error_code.empty()) o["error"] = {{"code", r.error_code}, {"message", r.error_message}};
      out.push_back(std::move(o));
    }
    std::cout << boost::json::serialize(out) << "\n";
    return 0;
  }
  std::cout << "op_id                                 seq  entity         status    received_at              "
               "  error\n";
  for (const auto& r : *rows) {
    std::cout << std::left << std::setw(37) << r.op_id << " " << std::setw(4) << r.seq << " " << std::setw(14)
              << r.entity << " " << std::setw(9) << r.status << " " << std::setw(26) << when(r.received_at)
              << " " << r.error_code << "\n";
  }
  std::cout << rows->size() << " ops\n";
  return 0;
}

int cmd_backup(const argv_t& argv) {
  static const char* help =
      "hub backup --data DIR --to FILE\n"
      "  Copies the database consistently, even while `hub serve` is writing. 在线备份数据库。\n"
      "  A county hub that joined a province: upstream.db goes to FILE's name with .upstream.db.\n"
      "example: hub backup --data /var/lib/cunzhan-hub --to /backup/hub-2026-11-20.db\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"data", "to"}, {});
  if (!a) return report(a.err());
  auto to = a->required("to");
  if (!to) return report(to.err());
  auto store = open_store(*a);
  if (!store) return report(store.err());
  if (auto s = (*store)->backup_to(*to); !s) return report(s.err());
  std::cout << "backup written to " << *to << "\n";
  // The province link and its history too, so a restored county hub need not join again.
  auto up = province::upstream_store::backup_beside(a->data_dir(), *to);
  if (!up) return report(up.err());
  if (!up->empty()) std::cout << "province link and history written to " << *up << " / 省级报送记录已备份\n";
  return 0;
}

int cmd_check(const argv_t& argv) {
  static const char* help =
      "hub check --data DIR\n"
      "  PRAGMA integrity_check on hub.db: prints ok and exits 0, or the problems and exits 1.\n"
      "  数据库完整性检查。\n"
      "example: hub check --data /var/lib/cunzhan-hub\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"data"}, {});
  if (!a) return report(a.err());
  auto store = open_store(*a);
  if (!store) {
    report(store.err());
    return 1;
  }
  auto r = (*store)->integrity_check();
  if (!r) {
    report(r.err());
    return 1;
  }
  std::cout << *r << "\n";
  return *r == "ok" ? 0 : 1;
}

}  // namespace cunzhan::hub::cli
