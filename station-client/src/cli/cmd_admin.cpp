// `station init`, `station status` and `station rejected`: enrolment and the sync picture
// the officer needs (what is waiting, what the hub refused and why, clock trouble).
#include <fstream>
#include <iostream>
#include <sstream>

#include <boost/json.hpp>

#include "cli_common.hpp"
#include "cunzhan/platform/path.hpp"
#include "cunzhan/shared/enrolment.hpp"

namespace cunzhan::station_client::cli {
namespace {

constexpr std::string_view k_init_help =
    R"(station init ENROLMENT_FILE [--force] — enrol this station / 注册本服务站
ENROLMENT_FILE is the JSON file from the county hub (`hub enroll`); it works offline.
--force replaces an existing enrolment (records are kept). Delete the file afterwards:
it contains the station's secret token.
Example / 示例:
  station init enrolment.json
)";
constexpr std::string_view k_status_help = R"(station status [--json] — outbox and last sync / 同步状态
Shows changes waiting to be sent, sent but unconfirmed, confirmed and rejected, and the
last sync. Warns when this PC's clock differs from the hub's by more than 5 minutes.
Example / 示例:
  station status --json
)";
constexpr std::string_view k_rejected_help =
    R"(station rejected [--json] — changes the hub refused / 被退回的记录
Fix the record (e.g. `station listing update ID ...`): the new change supersedes the rejected one.
Example / 示例:
  station rejected
)";

constexpr std::string_view k_check_help = R"(station check — check the whole database file / 检查数据库文件
Reads every page of the station's database (PRAGMA integrity_check). Every command already
refuses a damaged file it notices, and checks every page after a crash, a restart or once
a day; this is for when in doubt. A damaged file is reported and left untouched.
Example / 示例:
  station check
)";

constexpr std::string_view k_backup_help = R"(station backup --to FILE — a copy of the database / 备份数据库
Copies the station's database with SQLite's online backup: consistent even while
`station serve` or a sync is writing, and including the changes still in the write-ahead
log (copying station.db alone would lose them). FILE must not exist yet. The copy is
checked before it is kept. To restore: stop the station, put the copy in the data
directory as station.db (remove station.db-wal and station.db-shm).
Example / 示例:
  station backup --to /media/usb/村站备份-2026-12-01.db
)";

// Beyond this the hub may count a sync on the wrong day (hub-server/KPIS.md: station online rate, "on time").
constexpr std::int64_t k_clock_warn_s = 5 * 60;

}  // namespace

int cmd_init(const context& c, const std::vector<std::string>& tokens) {
  auto a = parse_args(tokens, {}, {"--force"});
  if (!a) return report(c, a.err());
  if (a->flags.count("--help")) return print_help(c, k_init_help);
  if (a->positional.size() != 1) {
    print_help(c, k_init_help);
    return usage_error(c, "init needs ENROLMENT_FILE", "init 需要注册文件路径");
  }
  if (auto missing = require_file(a->positional[0]); !missing) return report(c, missing.err());
  std::ifstream in(platform::path_from_utf8(a->positional[0]), std::ios::binary);
  if (!in) {
    return report(c,
                  error(errc::io_error, "cannot read " + a->positional[0], "无法读取 " + a->positional[0]));
  }
  std::stringstream ss;
  ss << in.rdbuf();
  auto e = parse_enrolment(ss.str());
  if (!e) return report(c, e.err());
  auto s = store::open(c.data_dir);
  if (!s) return report(c, s.err());
  if (auto r = (*s)->meta().init(*e, a->flags.count("--force") > 0); !r) return report(c, r.err());
  *c.out << c.t("服务站已注册：", "station enrolled: ") << e->station_name << " (" << e->station_id << ", "
         << e->village_code << ")\n"
         << c.t("数据目录：", "data: ") << c.data_dir.string() << '\n';
  return exit_ok;
}

int cmd_check(const context& c, const std::vector<std::string>& tokens) {
  auto a = parse_args(tokens, {});
  if (!a) return report(c, a.err());
  if (a->flags.count("--help")) return print_help(c, k_check_help);
  if (!a->positional.empty()) return usage_error(c, "check takes no arguments", "check 不需要参数");
  store_options o;
  o.create = false;
  o.full_check = true;
  auto s = store::open(c.data_dir, o);
  if (!s) return report(c, s.err());
  auto r = (*s)->integrity_check();
  if (!r) return report(c, r.err());
  const std::string& path = (*s)->file_path();
  if (*r != "ok") {
    return report(
        c, error(errc::db_corrupt, path + ": integrity_check: " + *r, path + "：完整性检查未通过：" + *r));
  }
  *c.out << c.t("数据库检查完毕，完好：", "database checked, no damage: ") << path << '\n';
  return exit_ok;
}

int cmd_backup(const context& c, const std::vector<std::string>& tokens) {
  auto a = parse_args(tokens, {"--to"});
  if (!a) return report(c, a.err());
  if (a->flags.count("--help")) return print_help(c, k_backup_help);
  const std::string* to = a->get("--to");
  if (!a->positional.empty() || !to || to->empty()) {
    print_help(c, k_backup_help);
    return usage_error(c, "backup needs --to FILE", "backup 需要 --to 文件");
  }
  std::error_code ec;
  if (std::filesystem::exists(platform::path_from_utf8(*to), ec)) {
    return report(c, error(errc::already_exists, *to + " already exists; choose a new file name",
                           *to + " 已存在；请换一个文件名"));
  }
  store_options o;
  o.create = false;
  o.full_check = true;  // never copy a damaged file over as if it were a good backup
  auto s = store::open(c.data_dir, o);
  if (!s) return report(c, s.err());
  // Written beside the target and renamed when complete and checked, so FILE is either
  // a whole good copy or absent.
  const std::string partial = *to + ".partial";
  std::filesystem::remove(platform::path_from_utf8(partial), ec);
  auto fail = [&](const error& e) {
    std::filesystem::remove(platform::path_from_utf8(partial), ec);
    return report(c, e);
  };
  if (auto r = (*s)->backup_to(partial); !r) return fail(r.err());
  if (auto r = check_copy(partial); !r) return fail(r.err());
  std::filesystem::rename(platform::path_from_utf8(partial), platform::path_from_utf8(*to), ec);
  if (ec) return fail(error(errc::io_error, "cannot write " + *to + ": " + ec.message(), "无法写入 " + *to));
  *c.out << c.t("已备份到：", "backup written: ") << *to << '\n';
  // Only for the advice a damaged file gets; the backup itself is already good.
  if (auto noted = (*s)->note_backup(std::filesystem::absolute(*to, ec).string()); !noted)
    report(c, noted.err());
  return exit_ok;
}

int cmd_status(const context& c, const std::vector<std::string>& tokens) {
  return with_store(c, tokens, k_status_help, {}, 0, [&](store& s, const args&) {
    auto e = s.meta().enrolment_info();
    if (!e) return report(c, e.err());
    auto n = s.outbox().counts();
    if (!n) return report(c, n.err());
    auto sync = s.meta().last_sync();
    if (!sync) return report(c, sync.err());
    auto held = s.held_records();
    if (!held) return report(c, held.err());
    const bool clock_off = sync->hub_clock_offset_s && (*sync->hub_clock_offset_s > k_clock_warn_s ||
                                                        *sync->hub_clock_offset_s < -k_clock_warn_s);
    if (c.json) {
      boost::json::object o;
      o["station_id"] = e->station_id;
      o["station_name"] = e->station_name;
      o["village_code"] = e->village_code;
      o["outbox"] = {{"pending", n->pending},
                     {"in_flight", n->in_flight},
                     {"acked", n->acked},
                     {"rejected", n->rejected},
                     {"rejected_unresolved", n->rejected_unresolved},
                     {"held_for_hub", *held}};
      boost::json::object ls;
      if (sync->last_sync_at)
        ls["at"] = format_instant(*sync->last_sync_at);
      else
        ls["at"] = nullptr;
      ls["ok"] = sync->last_ok;
      ls["message"] = sync->last_message;
      ls["message_zh"] = sync->message(lang::zh);
      if (sync->hub_clock_offset_s) ls["hub_clock_offset_s"] = *sync->hub_clock_offset_s;
      o["last_sync"] = std::move(ls);
      o["clock_warning"] = clock_off;
      print_json(c, o);
      return exit_ok;
    }
    *c.out << c.t("服务站：", "station: ") << e->station_name << " (" << e->village_code << ")\n"
           << c.t("待发送：", "waiting to send: ") << n->pending << '\n'
           << c.t("已发送未确认：", "sent, unconfirmed: ") << n->in_flight << '\n'
           << c.t("已确认：", "confirmed by hub: ") << n->acked << '\n'
           << c.t("被退回：", "rejected by hub: ") << n->rejected << c.t("（未处理 ", " (unresolved ")
           << n->rejected_unresolved << c.t("）", ")") << '\n';
    if (*held > 0) {
      *c.out << c.t("等待区县中心升级后发送（村民、代买、服务记录）：",
                    "kept until the hub accepts them (villagers, orders, services): ")
             << *held << '\n';
    }
    if (sync->last_sync_at) {
      *c.out << c.t("上次同步：", "last sync: ") << format_instant(*sync->last_sync_at) << ' '
             << (sync->last_ok ? c.t("成功", "ok") : c.t("失败", "failed"))
             << (sync->last_message.empty() ? "" : " — " + sync->message(c.language)) << '\n';
    } else {
      *c.out << c.t("上次同步：从未同步", "last sync: never") << '\n';
    }
    if (clock_off) {
      *c.out << c.t("警告：本机时钟与县级平台相差 ",
                    "warning: this computer's clock differs from the hub's by ")
             << *sync->hub_clock_offset_s << c.t(" 秒，请校准时间", " s; please correct the time") << '\n';
    }
    return exit_ok;
  });
}

int cmd_rejected(const context& c, const std::vector<std::string>& tokens) {
  return with_store(c, tokens, k_rejected_help, {}, 0, [&](store& s, const args&) {
    auto r = s.outbox().rejected_ops();
    if (!r) return report(c, r.err());
    if (c.json) {
      boost::json::array arr;
      for (const auto& o : *r) {
        boost::json::object j = encode(o.envelope);
        j["error"] = {
            {"code", o.error_code}, {"message", o.error_message}, {"message_zh", o.error_message_zh}};
        if (o.superseded_by)
          j["superseded_by"] = *o.superseded_by;
        else
          j["superseded_by"] = nullptr;
        arr.push_back(std::move(j));
      }
      print_json(c, arr);
      return exit_ok;
    }
    for (const auto& o : *r) {
      const std::string& msg = c.zh() && !o.error_message_zh.empty() ? o.error_message_zh : o.error_message;
      *c.out << '#' << o.envelope.seq << '\t' << to_string(o.envelope.entity) << '\t' << o.envelope.entity_id
             << '\t' << o.error_code << '\t' << msg;
      if (o.superseded_by)
        *c.out << '\t' << c.t("（已由 #", "(fixed by #") << *o.superseded_by << c.t(" 更正）", ")");
      *c.out << '\n';
    }
    *c.out << c.t("被退回的记录：", "rejected changes: ") << r->size() << '\n';
    return exit_ok;
  });
}

}  // namespace cunzhan::station_client::cli
