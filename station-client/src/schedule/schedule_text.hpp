// What `station schedule` registers, as text: the Windows Task Scheduler definition (Task
// XML, schema 1.2 so Windows 7 reads it) and, on Linux, the systemd user units, the
// drop-ins that set the time of a packaged timer, and the cron line. Pure functions, so
// the definitions are tested on any OS; cmd_schedule.cpp hands them to the system.
#pragma once
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>

namespace cunzhan::station_client::schedule {

struct daily_time {
  int hour = 21;
  int minute = 30;
};
// "21:30" or "6:05" → the time; nullopt for anything else (24:00, 9.30, 21:3).
std::optional<daily_time> parse_time(std::string_view s);
std::string format_time(daily_time t);  // "21:30"

struct job {
  daily_time at;
  std::filesystem::path program;   // the station program to start (absolute)
  std::filesystem::path data_dir;  // passed with --data, so the task uses this station's data
};

// Each run is bounded so the next (30 minutes later) never finds it still running.
inline constexpr int k_deadline_s = 1500;
// Runs again every 30 minutes for 8 hours after the start: a hub that was unreachable at
// 21:30 is tried through the night, as the systemd timer's Restart= does on Linux.
inline constexpr std::string_view k_repeat_every = "PT30M";
inline constexpr std::string_view k_repeat_for = "PT8H";

// The task's name in the Task Scheduler library: one per Windows user, because a task
// name is machine-wide and each user of a shared PC has their own station data.
std::string task_name(std::string_view user);
// The program's arguments, quoted as the Windows C runtime reads them.
std::string task_arguments(const job& j);
// The Task XML (UTF-8 here; written as UTF-16 with a BOM for schtasks, see to_utf16le_bom).
std::string task_xml(const job& j);
// The text between <name> and </name> in an XML document ("" when absent), unescaped.
std::string xml_element(std::string_view xml, std::string_view name);
// UTF-8 → UTF-16LE with a byte-order mark, what schtasks /XML reads without complaint.
std::string to_utf16le_bom(std::string_view utf8);

// Linux.
inline constexpr std::string_view k_unit = "cunzhan-station-sync";
std::string systemd_service(const job& j);  // a complete user service, for those without the package
std::string systemd_timer(const job& j);    // a complete user timer
std::string timer_dropin(const job& j);     // sets OnCalendar of the packaged timer
std::string service_dropin(const job& j);   // sets the data directory of the packaged service
std::string cron_line(const job& j);

}  // namespace cunzhan::station_client::schedule
