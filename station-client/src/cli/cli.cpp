// `station` entry point: global options (--data, --lang, --json), the default data
// directory and language, and the command table. Nothing is opened before a command
// needs it, so a single `station listing add` starts fast.
#include <cstdlib>
#include <exception>
#include <iostream>
#include <optional>

#include "cli_common.hpp"
#include "cunzhan/platform/console.hpp"
#include "cunzhan/platform/launch.hpp"
#include "cunzhan/platform/path.hpp"
#include "cunzhan/platform/system.hpp"
#include "cunzhan/shared/version.hpp"
#include "cunzhan/station/cli.hpp"

namespace cunzhan::station_client {
namespace {

constexpr std::string_view k_help =
    R"(station — 村站 village station records (offline, synced to the county hub)
村级电商服务站离线记录工具

Usage: station [--data DIR] [--lang zh|en] [--json] COMMAND ...

Commands / 命令:
  init ENROLMENT_FILE      enrol this station (注册本服务站)
  listing ...              farm-product listings: add update sell withdraw list show (农产品)
  pickup ...               courier pickups: add collect cancel fail list (快递揽收)
  point ...                courier points: add update close list (快递服务点)
  villager ...             the villager register, kept on this PC only: add list (村民登记)
  order ...                代买 orders for villagers: add arrive handover return cancel list (代买)
  service ...              services to villagers: add list (为村民服务)
  import KIND FILE         import listings|pickups|points|villagers from CSV (导入)
  export KIND [--out F]    export listings|pickups|points|villagers to CSV (导出)
  status                   outbox and last sync (同步状态)
  rejected                 changes the hub rejected, with its reason (被退回的记录)
  check                    check the whole database file (检查数据库)
  backup --to FILE         a consistent copy of the database (备份数据库)
  sync                     send records to the hub, fetch reference data (同步)
  serve [--port N] [--open] the web app in your browser, on this PC only (网页版)
  schedule install|remove|show [--time HH:MM]
                           the nightly sync task (夜间自动同步任务)

Global options:
  --version    print the version
  --data DIR   data directory (default $CUNZHAN_STATION_DATA, $XDG_DATA_HOME/cunzhan-station,
               ~/.local/share/cunzhan-station; on Windows %LOCALAPPDATA%\cunzhan-station)
  --lang L     zh or en (default: zh when LANG/LC_ALL starts with "zh")
  --json       JSON output for list, show and status

Villagers' names, phones and notes stay on this PC; the hub receives only a random id,
the village code and the household size (村民姓名、电话和备注只保存在本机).
Each command has --help. Exit codes: 0 ok, 2 bad usage or input, 74 a file could not be read or
written (I/O error), 1 other errors (`sync` also 75: try again later).
Example / 示例:
  station init enrolment.json
  station listing add --product 红薯 --category vegetable --quantity 500 --unit 斤 --price 2.50
)";

std::filesystem::path default_data_dir() {
  if (auto d = platform::env("CUNZHAN_STATION_DATA")) return platform::path_from_utf8(*d);
  return platform::user_data_root() / "cunzhan-station";
}

lang default_lang() { return platform::user_prefers_chinese() ? lang::zh : lang::en; }

// --debug-peak-memory (for the benchmarks, not in --help): the process's peak memory as
// the system counts it, printed on stderr when the command ends.
bool print_peak_memory = false;

struct command {
  std::string_view name;
  cli::handler run;
};

constexpr command k_commands[] = {
    {"init", cli::cmd_init},         {"listing", cli::cmd_listing},   {"pickup", cli::cmd_pickup},
    {"point", cli::cmd_point},       {"import", cli::cmd_import},     {"export", cli::cmd_export},
    {"villager", cli::cmd_villager}, {"order", cli::cmd_order},       {"service", cli::cmd_service},
    {"status", cli::cmd_status},     {"rejected", cli::cmd_rejected}, {"sync", cli::cmd_sync},
    {"serve", cli::cmd_serve},       {"check", cli::cmd_check},       {"backup", cli::cmd_backup},
    {"schedule", cli::cmd_schedule},
};

int run(std::vector<std::string> rest) {
  cli::context c;
  c.out = &std::cout;
  c.err = &std::cerr;
  c.language = default_lang();
  c.data_dir = default_data_dir();
  std::size_t i = 0;
  bool show_help = false;
  for (; i < rest.size() && rest[i].starts_with("-"); ++i) {
    const std::string& t = rest[i];
    if (t == "--json") {
      c.json = true;
    } else if (t == "--debug-peak-memory") {
      print_peak_memory = true;
    } else if (t == "--version") {
      *c.out << "station " << program_version() << "\n";
      return cli::exit_ok;
    } else if (t == "--help" || t == "-h") {
      show_help = true;
    } else if ((t == "--data" || t == "--lang") && i + 1 < rest.size()) {
      const std::string& v = rest[++i];
      if (t == "--data") {
        c.data_dir = platform::path_from_utf8(v);
      } else if (v == "zh" || v == "en") {
        c.language = v == "zh" ? lang::zh : lang::en;
        c.lang_explicit = true;
      } else {
        return cli::usage_error(c, "--lang must be zh or en", "--lang 只能是 zh 或 en");
      }
    } else {
      return cli::usage_error(c, "unknown or incomplete option " + t + " (see --help)",
                              "未知或不完整的选项 " + t + "（参见 --help）");
    }
  }
  if (show_help || i >= rest.size()) {
    cli::print_help(c, k_help);
    return show_help ? cli::exit_ok : cli::exit_usage;
  }
  std::vector<std::string> tokens(rest.begin() + static_cast<long>(i) + 1, rest.end());
  // --json and --lang are accepted after the command too (`station listing list --json --lang zh`).
  if (std::erase(tokens, std::string("--json")) > 0) c.json = true;
  for (std::size_t k = 0; k < tokens.size(); ++k) {
    std::optional<std::string> v;
    if (tokens[k] == "--lang" && k + 1 < tokens.size()) {
      v = tokens[k + 1];
      tokens.erase(tokens.begin() + static_cast<long>(k), tokens.begin() + static_cast<long>(k) + 2);
    } else if (tokens[k].starts_with("--lang=")) {
      v = tokens[k].substr(7);
      tokens.erase(tokens.begin() + static_cast<long>(k));
    } else {
      continue;
    }
    if (*v != "zh" && *v != "en")
      return cli::usage_error(c, "--lang must be zh or en", "--lang 只能是 zh 或 en");
    c.language = *v == "zh" ? lang::zh : lang::en;
    c.lang_explicit = true;
    --k;
  }
  for (const auto& cmd : k_commands) {
    if (rest[i] == cmd.name) return cmd.run(c, tokens);
  }
  return cli::usage_error(c, "unknown command " + rest[i] + " (see station --help)",
                          "未知命令 " + rest[i] + "（参见 station --help）");
}

}  // namespace

int run_cli(int argc, char** argv) {
  const platform::utf8_console console;  // Chinese output on a Windows console
  try {
    // UTF-8 on every system (Windows: from the UTF-16 command line, not the ANSI argv).
    const int rc = run(platform::utf8_args(argc, argv));
    if (print_peak_memory) std::cerr << "peak_memory_bytes=" << platform::peak_memory_bytes() << '\n';
    return rc;
  } catch (const std::exception& e) {
    // The safety net: a bug must still say something and exit non-zero.
    std::cerr << "错误：内部错误 / error: internal error: " << e.what() << '\n';
    return cli::exit_failure;
  }
}

}  // namespace cunzhan::station_client
