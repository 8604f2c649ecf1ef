// `hub migrate`: a district's SQLite hub into PostgreSQL (cunzhan/hub/migrate.hpp), with
// the per-table counts and digests of both sides printed; exit 1 when any table differs.
#include <cstdio>
#include <filesystem>
#include <iomanip>
#include <iostream>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cunzhan/hub/migrate.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "province/province_cli.hpp"

namespace cunzhan::hub::cli {

int cmd_migrate(const argv_t& argv) {
  static const char* help =
      "hub migrate --from HUB.DB --to postgresql://USER@HOST/DB [--replace]\n"
      "  Copies a district's SQLite hub (stop its `hub serve` first) into a PostgreSQL hub\n"
      "  database, one table per transaction; then counts and digests every table on both\n"
      "  sides and exits 1 if any differs. An interrupted run is resumed by running it again.\n"
      "  The target must hold no hub data, unless --replace (deletes every hub row there).\n"
      "  A county hub's upstream.db (its province link) beside HUB.DB goes along (schema upstream).\n"
      "  --from DATA/province.db moves a province the same way (schema province).\n"
      "  把区县的 SQLite 数据库迁入 PostgreSQL；逐表核对行数与摘要，中断后重新运行即可续传。\n"
      "example: hub migrate --from /var/lib/cunzhan-hub/hub.db --to "
      "postgresql://cunzhan@db.example/cunzhan\n";
  if (wants_help(argv, help)) return 0;
  auto a = args::parse(argv, {"from", "to"}, {"replace"});
  if (!a) return report(a.err());
  auto from = a->required("from");
  if (!from) return report(from.err());
  auto to = a->required("to");
  if (!to) return report(to.err());
  // A province's own file goes into the schema `province` (province_store).
  if (std::filesystem::path(*from).filename() == "province.db")
    return province::migrate_province(*from, *to, a->has("replace"), std::cout);
  migrate_options o{*from, *to, a->has("replace")};
  std::cout << "migrating " << *from << " → " << printable_storage(*to) << "\n" << std::flush;
  auto r = migrate_to_postgres(o, [](const migrate_table& t) {
    std::cout << "  copied " << std::left << std::setw(24) << t.name << std::right << std::setw(10)
              << t.source_rows << " rows\n"
              << std::flush;
  });
  if (!r) return report(r.err());
  std::cout << "\n"
            << std::left << std::setw(24) << "table" << std::right << std::setw(11) << "hub.db"
            << std::setw(11) << "postgres"
            << "  " << std::left << std::setw(17) << "hub.db digest" << std::setw(17) << "postgres digest"
            << "\n";
  int differ = 0;
  std::int64_t rows = 0;
  for (const auto& t : r->tables) {
    differ += t.equal() ? 0 : 1;
    rows += t.source_rows;
    std::cout << std::left << std::setw(24) << t.name << std::right << std::setw(11) << t.source_rows
              << std::setw(11) << t.target_rows << "  " << std::left << std::setw(17)
              << t.source_digest.substr(0, 16) << std::setw(17) << t.target_digest.substr(0, 16)
              << (t.equal() ? "ok" : "DIFFERS / 不一致")
              << (t.copied_now ? "" : "  (copied by an earlier run / 此前已复制)") << "\n";
  }
  char rate[64];
  std::snprintf(rate, sizeof rate, "%.1f s, %.0f rows/s", r->copy_seconds,
                r->copy_seconds > 0 ? static_cast<double>(r->rows_copied) / r->copy_seconds : 0.0);
  std::cout << "copied " << r->rows_copied << " rows this run (" << rate << ")\n";
  if (differ != 0) {
    std::cout << differ << " of " << r->tables.size()
              << " tables differ: the hub.db changed since it was copied "
              << "(was its hub still running?). Rerun with --replace once it is stopped.\n"
              << differ
              << " 张表不一致：hub.db 在复制后有变化（是否仍在运行？）。停止后加 --replace 重新迁移。\n";
    return 1;
  }
  std::cout << "all " << r->tables.size() << " tables equal (" << rows << " rows) / 全部 " << r->tables.size()
            << " 张表一致\n";
  return province::migrate_upstream(*from, *to, std::cout);  // a county hub's link to its province
}

}  // namespace cunzhan::hub::cli
