// Task XML, systemd units and the cron line of `station schedule` (see schedule_text.hpp).
#include "schedule_text.hpp"

#include "cunzhan/platform/launch.hpp"
#include "cunzhan/platform/path.hpp"

#include <cstdint>
#include <cstdio>

namespace cunzhan::station_client::schedule {
namespace {

// Element text: & and < must be escaped, > is for symmetry; quotes may stay.
std::string xml_escape(std::string_view s) {
  std::string o;
  for (char ch : s) {
    switch (ch) {
      case '&': o += "&amp;"; break;
      case '<': o += "&lt;"; break;
      case '>': o += "&gt;"; break;
      default: o += ch;
    }
  }
  return o;
}

// A word of a systemd ExecStart= line or an Environment= value: always double-quoted,
// `%` doubled (systemd specifiers), `"` and `\` escaped.
std::string systemd_quote(std::string_view s) {
  std::string o = "\"";
  for (char ch : s) {
    if (ch == '"' || ch == '\\') o += '\\';
    if (ch == '%') o += '%';
    o += ch;
  }
  return o + "\"";
}

// A word of a shell command line (cron runs its lines with /bin/sh).
std::string sh_quote(std::string_view s) {
  std::string o = "'";
  for (char ch : s) {
    if (ch == '\'')
      o += "'\\''";
    else
      o += ch;
  }
  return o + "'";
}

std::string nightly_args() { return "sync --nightly --deadline " + std::to_string(k_deadline_s); }

std::string exec_line(const job& j) {
  return systemd_quote(platform::utf8(j.program)) + " --data " + systemd_quote(platform::utf8(j.data_dir)) +
         " " + nightly_args();
}

std::string on_calendar(const job& j) { return "*-*-* " + format_time(j.at) + ":00"; }

}  // namespace

std::optional<daily_time> parse_time(std::string_view s) {
  const auto colon = s.find(':');
  if (colon == std::string_view::npos || colon == 0 || colon > 2 || s.size() - colon != 3)
    return std::nullopt;
  int v[2] = {0, 0};
  const std::string_view parts[2] = {s.substr(0, colon), s.substr(colon + 1)};
  for (int i = 0; i < 2; ++i) {
    for (char ch : parts[i]) {
      if (ch < '0' || ch > '9') return std::nullopt;
      v[i] = v[i] * 10 + (ch - '0');
    }
  }
  if (v[0] > 23 || v[1] > 59) return std::nullopt;
  return daily_time{v[0], v[1]};
}

std::string format_time(daily_time t) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%02d:%02d", t.hour, t.minute);
  return buf;
}

std::string task_name(std::string_view user) { return "Cunzhan station sync (" + std::string(user) + ")"; }

std::string task_arguments(const job& j) {
  return "--data " + platform::quote_windows_arg(platform::utf8(j.data_dir)) + " " + nightly_args();
}

std::string task_xml(const job& j) {
  // Element order as Windows itself exports a task; schtasks refuses some other orders.
  std::string o;
  auto elem = [&o](int depth, std::string_view name, std::string_view value) {
    o += std::string(static_cast<std::size_t>(depth) * 2, ' ') + "<" + std::string(name) + ">" +
         xml_escape(value) + "</" + std::string(name) + ">\n";
  };
  o += "<?xml version=\"1.0\" encoding=\"UTF-16\"?>\n";
  o += "<Task version=\"1.2\" xmlns=\"http://schemas.microsoft.com/windows/2004/02/mit/task\">\n";
  o += "  <RegistrationInfo>\n";
  elem(2, "Author", "station schedule install");
  elem(2, "Description",
       "村站夜间同步：把本站记录发送到区县中心。Cunzhan station nightly sync: sends this station's "
       "records to the county hub.");
  o += "  </RegistrationInfo>\n  <Triggers>\n    <CalendarTrigger>\n      <Repetition>\n";
  elem(4, "Interval", k_repeat_every);
  elem(4, "Duration", k_repeat_for);
  elem(4, "StopAtDurationEnd", "false");
  o += "      </Repetition>\n";
  // Local time (no zone suffix): 21:30 on the PC's clock, whatever its time zone.
  elem(3, "StartBoundary", "2024-01-01T" + format_time(j.at) + ":00");
  elem(3, "Enabled", "true");
  o += "      <ScheduleByDay>\n";
  elem(4, "DaysInterval", "1");
  o += "      </ScheduleByDay>\n    </CalendarTrigger>\n  </Triggers>\n";
  // No UserId: the task belongs to the user who registers it, which needs no
  // administrator rights; it runs only while that user is logged on (InteractiveToken).
  o += "  <Principals>\n    <Principal id=\"Author\">\n";
  elem(3, "LogonType", "InteractiveToken");
  elem(3, "RunLevel", "LeastPrivilege");
  o += "    </Principal>\n  </Principals>\n  <Settings>\n";
  static constexpr std::pair<std::string_view, std::string_view> k_settings[] = {
      {"MultipleInstancesPolicy", "IgnoreNew"},
      // Village PCs are often laptops on battery when the power is cut.
      {"DisallowStartIfOnBatteries", "false"},
      {"StopIfGoingOnBatteries", "false"},
      {"AllowHardTerminate", "true"},
      // A PC that was off at the time catches up as soon as it is on again.
      {"StartWhenAvailable", "true"},
      {"RunOnlyIfNetworkAvailable", "false"},
      {"AllowStartOnDemand", "true"},
      {"Enabled", "true"},
      {"Hidden", "false"},
      {"RunOnlyIfIdle", "false"},
      {"WakeToRun", "false"},
      {"ExecutionTimeLimit", "PT1H"},
      {"Priority", "7"}};
  for (const auto& [name, value] : k_settings) elem(2, name, value);
  o += "  </Settings>\n  <Actions Context=\"Author\">\n    <Exec>\n";
  elem(3, "Command", platform::utf8(j.program));
  elem(3, "Arguments", task_arguments(j));
  elem(3, "WorkingDirectory", platform::utf8(j.data_dir));
  o += "    </Exec>\n  </Actions>\n</Task>\n";
  return o;
}

std::string xml_element(std::string_view xml, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">";
  const std::string close = "</" + std::string(name) + ">";
  const auto b = xml.find(open);
  if (b == std::string_view::npos) return "";
  const auto e = xml.find(close, b + open.size());
  if (e == std::string_view::npos) return "";
  std::string v(xml.substr(b + open.size(), e - b - open.size()));
  std::string o;
  for (std::size_t i = 0; i < v.size(); ++i) {
    static constexpr std::pair<std::string_view, char> k_entities[] = {
        {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
    bool done = false;
    for (const auto& [ent, ch] : k_entities) {
      if (std::string_view(v).substr(i, ent.size()) == ent) {
        o += ch;
        i += ent.size() - 1;
        done = true;
        break;
      }
    }
    if (!done) o += v[i];
  }
  return o;
}

std::string to_utf16le_bom(std::string_view s) {
  std::string o = "\xFF\xFE";
  auto put = [&](std::uint32_t u) {
    o += static_cast<char>(u & 0xFF);
    o += static_cast<char>(u >> 8);
  };
  for (std::size_t i = 0; i < s.size();) {
    const auto b = static_cast<unsigned char>(s[i]);
    const std::size_t n = b < 0x80 ? 1 : b < 0xE0 ? 2 : b < 0xF0 ? 3 : 4;
    std::uint32_t cp = n == 1 ? b : n == 2 ? (b & 0x1F) : n == 3 ? (b & 0x0F) : (b & 0x07);
    for (std::size_t k = 1; k < n && i + k < s.size(); ++k)
      cp = (cp << 6) | (static_cast<unsigned char>(s[i + k]) & 0x3F);
    i += n;
    if (cp >= 0x10000) {
      cp -= 0x10000;
      put(0xD800 + (cp >> 10));
      put(0xDC00 + (cp & 0x3FF));
    } else {
      put(cp);
    }
  }
  return o;
}

std::string systemd_service(const job& j) {
  return "# ~/.config/systemd/user/" + std::string(k_unit) +
         ".service\n"
         "[Unit]\nDescription=Cunzhan station nightly sync (村站夜间同步)\n"
         "StartLimitIntervalSec=12h\nStartLimitBurst=20\n\n"
         "[Service]\nType=oneshot\nExecStart=" +
         exec_line(j) +
         "\n# Exit 75 (hub unreachable or busy): try again in 30 minutes; exit 1: the officer must act.\n"
         "Restart=on-failure\nRestartSec=30min\nRestartPreventExitStatus=1 2\n";
}

std::string systemd_timer(const job& j) {
  return "# ~/.config/systemd/user/" + std::string(k_unit) +
         ".timer\n"
         "[Unit]\nDescription=Cunzhan station nightly sync (村站夜间同步)\n\n"
         "[Timer]\nOnCalendar=" +
         on_calendar(j) +
         "\n# Catches up at the next start when the PC was off at that time.\nPersistent=true\n\n"
         "[Install]\nWantedBy=timers.target\n";
}

std::string timer_dropin(const job& j) {
  return "# Written by `station schedule install --time " + format_time(j.at) +
         "`; `station schedule remove` deletes it.\n"
         "[Timer]\nOnCalendar=\nOnCalendar=" +
         on_calendar(j) +
         "\n# The time the officer chose, as on Windows (the package's timer spreads its own default).\n"
         "RandomizedDelaySec=0\nPersistent=true\n";
}

std::string service_dropin(const job& j) {
  return "# Written by `station schedule install`; `station schedule remove` deletes it.\n"
         "[Service]\nExecStart=\nExecStart=" +
         exec_line(j) + "\n";
}

std::string cron_line(const job& j) {
  // A cron job is not caught up after the PC was off; the systemd timer is preferred.
  char when[16];
  std::snprintf(when, sizeof when, "%d %d", j.at.minute, j.at.hour);
  return std::string(when) + " * * * " + sh_quote(platform::utf8(j.program)) + " --data " +
         sh_quote(platform::utf8(j.data_dir)) + " " + nightly_args();
}

}  // namespace cunzhan::station_client::schedule
