// `hub` entry: the table of subcommands, top-level help, and the exception safety net.
#include "cunzhan/hub/cli.hpp"

#include <array>
#include <exception>
#include <iostream>
#include <string_view>

#include "cli/args.hpp"
#include "cli/commands.hpp"
#include "cli/villager_commands.hpp"
#include "cunzhan/hub/postgres.hpp"
#include "cunzhan/shared/version.hpp"
#include "province/province_cli.hpp"

namespace cunzhan::hub {
namespace {

// The commands that stamp or decide by the time, run with the system's clock (tests call
// them with a test_clock).
template <int (*fn)(const cli::argv_t&, const clock_source&)>
int timed(const cli::argv_t& a) {
  return fn(a, real_clock());
}

struct command {
  std::string_view name;
  std::string_view summary;
  int (*fn)(const cli::argv_t&);
};

constexpr std::array<command, 19> k_commands{{
    {"init", "create the hub database / 创建数据库", cli::cmd_init},
    {"cert", "make a private CA and server certificate / 生成证书", cli::cmd_cert},
    {"import-divisions", "load township and village CSVs / 导入区划", cli::cmd_import_divisions},
    {"enroll", "register a station, write its enrolment file / 登记站点", timed<cli::cmd_enroll>},
    {"revoke", "revoke a station's token / 吊销站点令牌", timed<cli::cmd_revoke>},
    {"station", "list stations (last sync, program version), close or reopen one / 站点列表与关闭日期",
     cli::cmd_station},
    {"staff", "add or revoke staff tokens / 管理工作人员令牌", timed<cli::cmd_staff>},
    {"audit", "list a station's ops / 查看站点操作记录", cli::cmd_audit},
    {"backup", "consistent copy of the database / 在线备份", cli::cmd_backup},
    {"check", "full integrity check / 完整性检查", cli::cmd_check},
    {"serve", "run the HTTPS server / 启动服务", cli::cmd_serve},
    {"targets", "set or list county KPI targets / 设置指标目标", timed<cli::cmd_targets>},
    {"nightly", "rollups, integrity check, backup / 夜间汇总与备份", timed<cli::cmd_nightly>},
    {"report", "county KPI table in the terminal / 打印区县指标表", timed<cli::cmd_report>},
    {"province", "county → province reporting chain / 省级报送", timed<province::cmd_province>},
    {"import-population", "registered population per village / 导入各村户籍人口",
     timed<cli::cmd_import_population>},
    {"officer", "officer roster, stations, 电商带头人 / 信息员名册", timed<cli::cmd_officer>},
    {"training", "record a training session / 登记培训", timed<cli::cmd_training>},
    {"migrate", "copy a SQLite hub into PostgreSQL / 迁入 PostgreSQL", cli::cmd_migrate},
}};

void print_usage(std::ostream& o) {
  o << "usage: hub <command> [options]   (hub <command> --help for details)\n"
       "       hub --version\n\ncommands:\n";
  for (const auto& c : k_commands) {
    o << "  " << c.name << std::string(18 - c.name.size(), ' ') << c.summary << "\n";
  }
  o << "\nexample:\n  hub init --data /var/lib/cunzhan-hub\n"
       "  hub serve --data /var/lib/cunzhan-hub --listen 127.0.0.1:8443 --cert server.pem --key server.key\n"
       "\nexit codes: 0 ok, 2 bad usage or input, 1 other failure\n";
}

}  // namespace

namespace cli {

result<std::unique_ptr<storage>> open_store(const args& a, bool create) {
  return open_storage(a.get("storage").value_or(default_storage()), a.data_dir(), create);
}

result<station_row> found_station(result<std::optional<station_row>> found, const std::string& id) {
  if (!found) return std::move(found).err();
  if (!*found) return error(errc::not_found, "no station with id " + id, "没有编号为 " + id + " 的站点");
  return std::move(**found);
}

bool wants_help(const argv_t& a, const char* help) {
  for (const auto& s : a) {
    if (s == "--help" || s == "-h") {
      std::cout << help;
      return true;
    }
  }
  return false;
}

}  // namespace cli

int run_cli(int argc, char** argv) {
  if (argc < 2) {
    print_usage(std::cerr);
    return 2;
  }
  const std::string_view name = argv[1];
  if (name == "--help" || name == "-h" || name == "help") {
    print_usage(std::cout);
    return 0;
  }
  if (name == "--version") {
    std::cout << "hub " << program_version() << "\n";
    return 0;
  }
  const cli::argv_t rest(argv + 2, argv + argc);
  for (const auto& c : k_commands) {
    if (c.name != name) continue;
    try {
      return c.fn(rest);
    } catch (const std::exception& e) {
      return cli::report(error(errc::server_error, e.what(), e.what()));
    }
  }
  return cli::report(error(errc::invalid_argument,
                           "unknown command " + std::string(name) + " (see hub --help)",
                           "未知命令 " + std::string(name) + "（见 hub --help）"));
}

}  // namespace cunzhan::hub
