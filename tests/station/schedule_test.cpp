// `station schedule`: the Task XML Windows gets (checked here on any OS; what Task
// Scheduler does with it is checked under Wine by scripts/windows/test-installer), and on
// Linux the printed units and cron line, and the packaged user timer enabled through a
// stand-in `systemctl` that records what it was asked.
#include <catch2/catch.hpp>

#include <cstdlib>

#include "schedule/schedule_text.hpp"
#include "station_fixture.hpp"

using namespace cunzhan;
namespace sch = cunzhan::station_client::schedule;

namespace {

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

// A directory with an executable `name` that appends its arguments to log, one call a line.
void fake_tool(const test::fs::path& dir, const std::string& name, const test::fs::path& log,
               int exit_code = 0) {
  test::fs::create_directories(dir);
  const auto p = dir / name;
  test::write_file(
      p, "#!/bin/sh\necho \"$*\" >> '" + log.string() + "'\nexit " + std::to_string(exit_code) + "\n");
  test::fs::permissions(p, test::fs::perms::owner_all);
}

}  // namespace

TEST_CASE("schedule: --time is HH:MM within a day") {
  CHECK(sch::format_time(*sch::parse_time("21:30")) == "21:30");
  CHECK(sch::format_time(*sch::parse_time("6:05")) == "06:05");
  CHECK(sch::format_time(*sch::parse_time("00:00")) == "00:00");
  for (const char* bad :
       {"24:00", "21:60", "9.30", "21:3", "2130", "", ":30", "21:30:00", "-1:30", "ab:cd"}) {
    INFO(bad);
    CHECK_FALSE(sch::parse_time(bad));
  }
}

TEST_CASE("schedule: the Task XML registers a daily catch-up task for the user") {
  sch::job j;
  j.at = {6, 5};
  j.program = R"(C:\Users\王 芳\AppData\Local\Programs\cunzhan-station\station.exe)";
  j.data_dir = R"(C:\Users\王 芳\AppData\Local\cunzhan-station & co)";
  const std::string x = sch::task_xml(j);
  CHECK(has(x, "<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">"));
  CHECK(sch::xml_element(x, "StartBoundary") == "2024-01-01T06:05:00");  // local time, no zone
  CHECK(sch::xml_element(x, "DaysInterval") == "1");
  CHECK(sch::xml_element(x, "StartWhenAvailable") == "true");
  CHECK(sch::xml_element(x, "Interval") == "PT30M");
  CHECK(sch::xml_element(x, "Duration") == "PT8H");
  CHECK(sch::xml_element(x, "MultipleInstancesPolicy") == "IgnoreNew");
  CHECK(sch::xml_element(x, "DisallowStartIfOnBatteries") == "false");
  // Runs as the registering user, without elevation: no UserId, least privilege.
  CHECK(sch::xml_element(x, "LogonType") == "InteractiveToken");
  CHECK(sch::xml_element(x, "RunLevel") == "LeastPrivilege");
  CHECK_FALSE(has(x, "<UserId>"));
  CHECK(sch::xml_element(x, "Command") == j.program.string());
  // The path with a space and & is quoted for the command line and escaped in the XML.
  CHECK(has(x,
            "<Arguments>--data \"C:\\Users\\王 芳\\AppData\\Local\\cunzhan-station &amp; co\" sync --nightly "
            "--deadline 1500</Arguments>"));
  CHECK(sch::xml_element(x, "Arguments") ==
        "--data \"C:\\Users\\王 芳\\AppData\\Local\\cunzhan-station & co\" sync --nightly --deadline 1500");
  CHECK(sch::task_name("王芳") == "Cunzhan station sync (王芳)");
}

TEST_CASE("schedule: the XML file is UTF-16LE with a byte-order mark") {
  const std::string u = sch::to_utf16le_bom("a村😀");
  // FF FE, 'a', U+6751, U+1F600 as the surrogate pair D83D DE00.
  CHECK(u == std::string("\xFF\xFE"
                         "a\0"
                         "\x51\x67"
                         "\x3D\xD8"
                         "\x00\xDE",
                         10));
}

TEST_CASE("schedule: Linux without the packaged timer prints the units and the cron line") {
  test::station_env env;
  const test::fs::path nothing = env.dir / "no-units";
  const test::fs::path config = env.dir / "config";
  const std::map<std::string, std::string> e = {{"CUNZHAN_SYSTEMD_USER_DIR", nothing.string()},
                                                {"XDG_CONFIG_HOME", config.string()}};
  auto show = env.st({"schedule", "show", "--time", "06:15"}, e);
  REQUIRE(show.exit_code == 0);
  CHECK(has(show.out, "OnCalendar=*-*-* 06:15:00"));
  CHECK(has(show.out, "Persistent=true"));
  CHECK(has(show.out,
            " --data \"" + test::fs::absolute(env.data).string() + "\" sync --nightly --deadline 1500"));
  CHECK(has(show.out, "15 6 * * * '"));
  auto install = env.st({"schedule", "install"}, e);
  REQUIRE(install.exit_code == 0);
  CHECK(has(install.out, "nothing was installed"));
  CHECK(has(install.out, "OnCalendar=*-*-* 21:30:00"));  // the default time
  CHECK_FALSE(test::fs::exists(config));
  auto zh = env.st({"--lang", "zh", "schedule", "install"}, e);
  CHECK(has(zh.out, "因此没有安装任何东西"));
}

TEST_CASE("schedule: bad --time is refused in both languages, nothing written") {
  test::station_env env;
  const test::fs::path config = env.dir / "config";
  auto r = env.st({"schedule", "install", "--time", "25:00"}, {{"XDG_CONFIG_HOME", config.string()}});
  CHECK(r.exit_code == 2);
  CHECK(has(r.err, "--time must be HH:MM"));
  CHECK(has(r.err, "--time 必须是"));
  CHECK_FALSE(test::fs::exists(config));
  CHECK(env.st({"schedule", "bogus"}).exit_code == 2);
  CHECK(env.st({"schedule", "remove", "--time", "21:00"}).exit_code == 2);
}

TEST_CASE("schedule: Linux with the packaged user timer enables it with the chosen time") {
  test::station_env env;
  const test::fs::path units = env.dir / "units", config = env.dir / "config", bin = env.dir / "bin";
  const test::fs::path calls = env.dir / "systemctl.calls";
  test::fs::create_directories(units);
  test::write_file(units / "cunzhan-station-sync.timer", "[Timer]\nOnCalendar=*-*-* 21:00:00\n");
  fake_tool(bin, "systemctl", calls);
  const std::map<std::string, std::string> e = {{"CUNZHAN_SYSTEMD_USER_DIR", units.string()},
                                                {"XDG_CONFIG_HOME", config.string()},
                                                {"PATH", bin.string() + ":" + std::getenv("PATH")}};
  auto install = env.st({"schedule", "install", "--time", "22:45"}, e);
  INFO(install.out << install.err);
  REQUIRE(install.exit_code == 0);
  const auto timer = config / "systemd/user/cunzhan-station-sync.timer.d/station-schedule.conf";
  const auto service = config / "systemd/user/cunzhan-station-sync.service.d/station-schedule.conf";
  const std::string t = test::read_file(timer);
  CHECK(has(t, "OnCalendar=\nOnCalendar=*-*-* 22:45:00\n"));  // the packaged time is replaced, not added to
  CHECK(has(t, "RandomizedDelaySec=0\n"));
  const std::string s = test::read_file(service);
  CHECK(has(s, "ExecStart=\nExecStart=\""));
  CHECK(
      has(s, "\" --data \"" + test::fs::absolute(env.data).string() + "\" sync --nightly --deadline 1500\n"));
  CHECK(test::read_file(calls) == "--user daemon-reload\n--user enable --now cunzhan-station-sync.timer\n");
  CHECK(has(install.out, "$ systemctl --user enable --now cunzhan-station-sync.timer"));
  CHECK(has(install.out, "every day at 22:45"));

  auto remove = env.st({"schedule", "remove"}, e);
  REQUIRE(remove.exit_code == 0);
  CHECK_FALSE(test::fs::exists(timer));
  CHECK_FALSE(test::fs::exists(service));
  CHECK(
      has(test::read_file(calls), "--user disable --now cunzhan-station-sync.timer\n--user daemon-reload\n"));
  CHECK(env.st({"listing", "list"}).exit_code == 0);  // the records are untouched
}

TEST_CASE("schedule: a failing systemctl is reported, exit 1") {
  test::station_env env;
  const test::fs::path units = env.dir / "units", bin = env.dir / "bin";
  test::fs::create_directories(units);
  test::write_file(units / "cunzhan-station-sync.timer", "[Timer]\n");
  fake_tool(bin, "systemctl", env.dir / "calls", 1);
  auto r = env.st({"schedule", "install"}, {{"CUNZHAN_SYSTEMD_USER_DIR", units.string()},
                                            {"XDG_CONFIG_HOME", (env.dir / "config").string()},
                                            {"PATH", bin.string() + ":" + std::getenv("PATH")}});
  CHECK(r.exit_code == 1);
  CHECK(has(r.err, "systemctl --user daemon-reload failed"));
  CHECK(has(r.err, "失败"));
}
