// `station schedule install|remove|show`: the nightly `station sync --nightly` as a
// Windows Task Scheduler task of the current user (no administrator rights), or on Linux
// the packaged systemd user timer, enabled with the chosen time; without that package the
// units and the cron line are printed for the officer or administrator to install.
#include <cstdlib>
#include <fstream>
#include <iostream>

#include "../schedule/schedule_text.hpp"
#include "cli_common.hpp"
#include "cunzhan/platform/launch.hpp"
#include "cunzhan/platform/path.hpp"

namespace cunzhan::station_client::cli {
namespace {

namespace fs = std::filesystem;
namespace sch = schedule;

constexpr std::string_view k_help =
    R"(station schedule install|remove|show [--time HH:MM] — the nightly sync / 夜间自动同步
install  registers `station sync --nightly` to run every day at --time (default 21:30),
         again every 30 minutes for 8 hours while the hub cannot be reached, and as soon
         as possible when the computer was off at that time.
         Windows: a Task Scheduler task of this user (no administrator rights needed).
         Linux: enables the packaged systemd user timer cunzhan-station-sync.timer with
         that time; without the package it prints the units and the cron line to use.
remove   removes the task (Linux: disables the timer). The records are not touched.
show     shows what is registered and what install would register.
Example / 示例:
  station schedule install --time 21:30
  station schedule show
)";

constexpr std::string_view k_task_file = "nightly-task.xml";
constexpr std::string_view k_dropin = "station-schedule.conf";

result<sch::job> make_job(const args& a) {
  sch::job j;
  if (const std::string* t = a.get("--time")) {
    auto at = sch::parse_time(*t);
    if (!at) {
      return error(errc::invalid_argument, "--time must be HH:MM between 00:00 and 23:59, e.g. 21:30",
                   "--time 必须是 00:00 到 23:59 之间的 时:分，例如 21:30");
    }
    j.at = *at;
  }
  auto self = platform::self_executable();
  if (!self) return std::move(self).err();
  j.program = std::move(*self);
  return j;
}

// ---- Windows: Task Scheduler through schtasks.exe ----

error tool_failed(const std::string& what_en, const std::string& what_zh, const platform::run_output& r) {
  const std::string tail = " (exit " + std::to_string(r.exit_code) + "): " + r.output;
  return error(errc::io_error, what_en + tail,
               what_zh + "（退出码 " + std::to_string(r.exit_code) + "）：" + r.output);
}

int windows_install(const context& c, const sch::job& j) {
  std::error_code ec;
  fs::create_directories(j.data_dir, ec);
  const fs::path xml = j.data_dir / k_task_file;
  {
    // Kept in the data directory: what was registered, for the officer's helper to read.
    std::ofstream out(xml, std::ios::binary | std::ios::trunc);
    out << sch::to_utf16le_bom(sch::task_xml(j));
    if (!out.flush())
      return report(
          c, error(errc::io_error, "cannot write " + platform::utf8(xml), "无法写入 " + platform::utf8(xml)));
  }
  const std::string name = sch::task_name(platform::user_name());
  auto r = platform::run_program("schtasks.exe", {"/Create", "/TN", name, "/XML", platform::utf8(xml), "/F"});
  if (!r) return report(c, r.err());
  if (r->exit_code != 0) {
    return report(c, tool_failed("Task Scheduler refused the task", "任务计划程序未能登记此任务", *r));
  }
  *c.out << c.t("已在任务计划程序中登记夜间同步：任务“",
                "nightly sync registered with Task Scheduler: task \"")
         << name << c.t("”，每天 ", "\", every day at ") << sch::format_time(j.at)
         << c.t("（未成功时每 30 分钟重试，共 8 小时；错过时间时开机后尽快补做）",
                " (retried every 30 minutes for 8 hours; run as soon as possible when the computer was off)")
         << '\n'
         << c.t("任务定义：", "definition: ") << platform::utf8(xml) << '\n';
  return exit_ok;
}

int windows_remove(const context& c, const sch::job& j) {
  const std::string name = sch::task_name(platform::user_name());
  auto r = platform::run_program("schtasks.exe", {"/Delete", "/TN", name, "/F"});
  if (!r) return report(c, r.err());
  std::error_code ec;
  fs::remove(j.data_dir / k_task_file, ec);
  if (r->exit_code != 0) {
    return report(c, tool_failed("Task Scheduler did not remove task \"" + name + "\" (is it registered?)",
                                 "任务计划程序未能删除任务“" + name + "”（可能并未登记）", *r));
  }
  *c.out << c.t("已删除夜间同步任务：", "nightly sync task removed: ") << name << '\n'
         << c.t("本站数据保留在 ", "the station's records are kept in ") << platform::utf8(j.data_dir)
         << '\n';
  return exit_ok;
}

void print_planned(const context& c, const sch::job& j) {
  *c.out << c.t("install 将登记：每天 ", "install would register: every day at ") << sch::format_time(j.at)
         << "  " << platform::utf8(j.program) << ' ' << sch::task_arguments(j) << '\n';
}

int windows_show(const context& c, const sch::job& j) {
  const std::string name = sch::task_name(platform::user_name());
  auto r = platform::run_program("schtasks.exe", {"/Query", "/TN", name, "/XML"});
  if (!r) return report(c, r.err());
  if (r->exit_code != 0) {
    *c.out << c.t("尚未登记：任务“", "not registered: task \"") << name << c.t("”", "\"") << '\n';
  } else if (r->output.find("<Task") == std::string::npos) {
    // Seen under Wine, whose schtasks has no /Query: say only what is known.
    *c.out << c.t("任务计划程序未返回任务“", "Task Scheduler did not return the definition of task \"")
           << name << c.t("”的定义；上次登记的定义在 ", "\"; the last one registered is in ")
           << platform::utf8(j.data_dir / k_task_file) << '\n';
  } else {
    const std::string start = sch::xml_element(r->output, "StartBoundary");
    *c.out << c.t("已登记：任务“", "registered: task \"") << name << c.t("”，每天 ", "\", every day at ")
           << (start.size() >= 16 ? start.substr(11, 5) : start) << "  "
           << sch::xml_element(r->output, "Command") << ' ' << sch::xml_element(r->output, "Arguments")
           << '\n'
           << c.t("错过时开机补做：", "run when missed: ")
           << sch::xml_element(r->output, "StartWhenAvailable") << '\n';
  }
  print_planned(c, j);
  return exit_ok;
}

// ---- Linux: the packaged systemd user timer, or the lines to install by hand ----

fs::path packaged_units_dir() {
  // Overridable for packagers who install elsewhere (and for the tests).
  if (const char* d = std::getenv("CUNZHAN_SYSTEMD_USER_DIR"); d && *d) return d;
  return "/usr/lib/systemd/user";
}

fs::path user_units_dir() {
  if (const char* x = std::getenv("XDG_CONFIG_HOME"); x && *x) return fs::path(x) / "systemd/user";
  const char* home = std::getenv("HOME");
  return fs::path(home && *home ? home : ".") / ".config/systemd/user";
}

bool packaged_timer() {
  std::error_code ec;
  return fs::exists(packaged_units_dir() / (std::string(sch::k_unit) + ".timer"), ec);
}

fs::path dropin(std::string_view suffix) {
  return user_units_dir() / (std::string(sch::k_unit) + std::string(suffix) + ".d") / k_dropin;
}

// Runs `systemctl --user ARGS`, printing the command and what it said.
bool systemctl(const context& c, std::vector<std::string> args) {
  args.insert(args.begin(), "--user");
  std::string shown = "systemctl";
  for (const auto& a : args) shown += " " + a;
  *c.out << "$ " << shown << '\n';
  auto r = platform::run_program("systemctl", args);
  if (!r) {
    report(c, r.err());
    return false;
  }
  if (!r->output.empty()) *c.out << r->output << (r->output.ends_with('\n') ? "" : "\n");
  if (r->exit_code != 0) {
    report(c, tool_failed(shown + " failed", shown + " 失败", *r));
    return false;
  }
  return true;
}

void print_manual(const context& c, const sch::job& j) {
  *c.out << c.t("systemd 用户单元（放到 ~/.config/systemd/user/，再运行 "
                "`systemctl --user enable --now cunzhan-station-sync.timer`）：",
                "systemd user units (put them in ~/.config/systemd/user/, then run "
                "`systemctl --user enable --now cunzhan-station-sync.timer`):")
         << "\n\n"
         << sch::systemd_service(j) << '\n'
         << sch::systemd_timer(j) << '\n'
         << c.t("或一行 cron（crontab -e；关机错过时不会补做）：",
                "or a cron line (crontab -e; not caught up when the PC was off):")
         << '\n'
         << sch::cron_line(j) << '\n';
}

status write_text(const fs::path& p, const std::string& text) {
  std::error_code ec;
  fs::create_directories(p.parent_path(), ec);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  out << text;
  if (!out.flush())
    return error(errc::io_error, "cannot write " + platform::utf8(p), "无法写入 " + platform::utf8(p));
  return ok_status();
}

int linux_install(const context& c, const sch::job& j) {
  if (!packaged_timer()) {
    *c.out << c.t("没有安装随软件包提供的用户定时器（", "No packaged user timer (")
           << platform::utf8(packaged_units_dir()) << '/' << sch::k_unit << ".timer"
           << c.t("），因此没有安装任何东西。", "), so nothing was installed.") << '\n';
    print_manual(c, j);
    return exit_ok;
  }
  for (const auto& [suffix, text] :
       {std::pair{".timer", sch::timer_dropin(j)}, std::pair{".service", sch::service_dropin(j)}}) {
    const fs::path p = dropin(suffix);
    if (auto s = write_text(p, text); !s) return report(c, s.err());
    *c.out << c.t("已写入 ", "wrote ") << platform::utf8(p) << '\n';
  }
  const std::string timer = std::string(sch::k_unit) + ".timer";
  if (!systemctl(c, {"daemon-reload"}) || !systemctl(c, {"enable", "--now", timer})) return exit_failure;
  *c.out << c.t("夜间同步已启用：每天 ", "nightly sync enabled: every day at ") << sch::format_time(j.at)
         << c.t("（关机错过时，下次开机后补做）", " (caught up at the next start when the PC was off)")
         << '\n';
  return exit_ok;
}

int linux_remove(const context& c, const sch::job&) {
  std::error_code ec;
  for (const char* suffix : {".timer", ".service"}) {
    const fs::path p = dropin(suffix);
    if (fs::remove(p, ec)) *c.out << c.t("已删除 ", "removed ") << platform::utf8(p) << '\n';
    fs::remove(p.parent_path(), ec);  // only when empty
  }
  if (!packaged_timer()) {
    *c.out << c.t("没有随软件包提供的用户定时器：请删除您自己安装的单元文件或 cron 行。",
                  "No packaged user timer: remove the units or the cron line you installed yourself.")
           << '\n';
    return exit_ok;
  }
  if (!systemctl(c, {"disable", "--now", std::string(sch::k_unit) + ".timer"}) ||
      !systemctl(c, {"daemon-reload"})) {
    return exit_failure;
  }
  *c.out << c.t("夜间同步已停用；数据保留。", "nightly sync disabled; the records are kept.") << '\n';
  return exit_ok;
}

int linux_show(const context& c, const sch::job& j) {
  if (packaged_timer()) {
    std::error_code ec;
    *c.out << c.t("软件包定时器：", "packaged timer: ") << platform::utf8(packaged_units_dir() / sch::k_unit)
           << ".timer\n"
           << c.t("station schedule 设定的时间：", "time set by station schedule: ")
           << (fs::exists(dropin(".timer"), ec) ? platform::utf8(dropin(".timer"))
                                                : std::string(c.t("无", "none")))
           << '\n';
    systemctl(c, {"is-enabled", std::string(sch::k_unit) + ".timer"});
  }
  print_manual(c, j);
  return exit_ok;
}

int run_sub(const context& c, const std::vector<std::string>& tokens, bool takes_time,
            int (*win)(const context&, const sch::job&), int (*lin)(const context&, const sch::job&)) {
  auto a = takes_time ? parse_args(tokens, {"--time"}) : parse_args(tokens, {});
  if (!a) return report(c, a.err());
  if (a->has("--help")) return print_help(c, k_help);
  if (!a->positional.empty()) return usage_error(c, "schedule takes no arguments", "schedule 不需要参数");
  auto j = make_job(*a);
  if (!j) return report(c, j.err());
  std::error_code ec;
  j->data_dir = fs::absolute(c.data_dir, ec);
  return platform::is_windows ? win(c, *j) : lin(c, *j);
}

int schedule_install(const context& c, const std::vector<std::string>& t) {
  return run_sub(c, t, true, windows_install, linux_install);
}
int schedule_remove(const context& c, const std::vector<std::string>& t) {
  return run_sub(c, t, false, windows_remove, linux_remove);
}
int schedule_show(const context& c, const std::vector<std::string>& t) {
  return run_sub(c, t, true, windows_show, linux_show);
}

}  // namespace

int cmd_schedule(const context& c, const std::vector<std::string>& tokens) {
  return dispatch(c, tokens, k_help,
                  {{"install", schedule_install}, {"remove", schedule_remove}, {"show", schedule_show}});
}

}  // namespace cunzhan::station_client::cli
